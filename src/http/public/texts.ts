// The public lookup page's words, per language (C4; the holder can read the answer too).
// Texts are data: one JSON file per language in texts/, which a translator edits (texts/README.md).
// They are read and checked once at start-up by the one catalogue loader (src/catalogue.ts) — a
// missing key or placeholder stops the server rather than showing a half-translated answer — and
// HTML-escaped here, so a translation cannot inject markup.

import {
  CatalogueError,
  type CatalogueFile,
  checkCatalogue,
  escapeHtml,
  fillHtml,
  loadCatalogue,
  placeholdersOf,
} from '../../catalogue.ts';
import type { LookupResult } from '../../domain/lookup.ts';

/** Swedish first (the default), then English, then the languages asylum seekers in Sweden read most. */
export const PAGE_LANGUAGES = ['sv', 'en', 'ar', 'fa', 'ti', 'so', 'uk', 'ru'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** What the page inserts for `{placeholder}`s: already HTML (escaped by the caller where needed). */
export interface PageTexts {
  /** `original` for sv and en; the others say they await professional review. */
  review: string;
  name: string;
  dir: 'ltr' | 'rtl';
  service: string;
  languages: string;
  headline: Record<LookupResult, string>;
  /** One short line on what the answer means (not valid: the lead-in to notValidReasons). */
  explain: Record<LookupResult, string>;
  /** Under an unknown answer's headline: the routine's own words for it. */
  noInformation: string;
  comparePhoto: string;
  notValidReasons: string[];
  /** What "EJ giltigt" with AT-UND means (R11: no longer an asylum seeker, may still work). */
  notValidAtUnd: string;
  /** The AT-UND label in this language, with the Swedish term "AT-UND finns" beside it. */
  atUnd: string;
  atUndExplain: string;
  atUndOnlyWork: string;
  noAtUnd: string;
  checkedAt: (date: string, time: string) => string;
  codeLabel: string;
  typedCode: string;
  formTitle: string;
  formHint: (example: string) => string;
  submit: string;
  privacy: string;
  /** The footer's link to the privacy page (/integritet). */
  privacyLink: string;
  rateLimited: string;
  unavailable: string;
  couldNotCheck: string;
  specimen: string;
  specimenShows: (answer: string) => string;
  specimenExplain: string;
  whatNow: string;
  roles: Record<GuidanceRole, string>;
}

/** The verifier guidance's roles (src/http/verify/rulebooks.ts), in the order the page links them. */
export const GUIDANCE_ROLES = ['healthcare', 'pharmacy', 'employer', 'other'] as const;
export type GuidanceRole = (typeof GUIDANCE_ROLES)[number];
/** The agency's term, which every language keeps beside its own words (a Swedish employer looks for it). */
export const AT_UND_TERM = 'AT-UND finns';

export { escapeHtml };

const RESULTS: readonly LookupResult[] = ['valid', 'not_valid', 'unknown', 'malformed'];
const PLAIN_KEYS = [
  'review',
  'name',
  'service',
  'languages',
  'noInformation',
  'comparePhoto',
  'notValidAtUnd',
  'atUnd',
  'atUndExplain',
  'atUndOnlyWork',
  'noAtUnd',
  'codeLabel',
  'typedCode',
  'formTitle',
  'submit',
  'privacy',
  'privacyLink',
  'rateLimited',
  'unavailable',
  'couldNotCheck',
  'specimen',
  'specimenExplain',
  'whatNow',
] as const;
const TEMPLATE_KEYS = {
  checkedAt: ['date', 'time'],
  formHint: ['example'],
  specimenShows: ['answer'],
} as const;

/** The catalogue's folder: one `<lang>.json` per page language, Swedish the reference. */
export const PAGE_TEXTS_DIR = new URL('./texts/', import.meta.url);
const CATALOGUE_NAME = 'src/http/public/texts';

/** A text of the file, which the catalogue check has already found non-empty wherever the reference has it. */
function text(lang: string, key: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new CatalogueError(`${CATALOGUE_NAME}/${lang}.json: "${key}" must be a text`);
  return value;
}

/** Turns "… {date} … {time} …" into a function of those values (inserted as given: HTML). */
function template(lang: string, key: string, value: unknown, names: readonly string[]) {
  const raw = text(lang, key, value);
  const named = placeholdersOf(raw);
  for (const name of names) {
    if (!named.includes(name))
      throw new CatalogueError(`${CATALOGUE_NAME}/${lang}.json: "${key}" lacks {${name}}`);
  }
  return (...values: string[]) =>
    fillHtml(raw, Object.fromEntries(names.map((name, i) => [name, values[i] as string])));
}

/**
 * Makes one language's file, already checked against the reference by the catalogue, ready to
 * render: HTML-escaped, with the page's own rules on top — the reading side is ltr or rtl, the AT-UND
 * label keeps the Swedish term, and there is at least one reason for "not valid".
 */
function prepare(lang: string, raw: CatalogueFile): PageTexts {
  const group = (key: string) => (raw[key] ?? {}) as Record<string, unknown>;
  const byResult = (key: 'headline' | 'explain') =>
    Object.fromEntries(
      RESULTS.map((r) => [r, escapeHtml(text(lang, `${key}.${r}`, group(key)[r]))]),
    ) as Record<LookupResult, string>;
  const dir = raw.dir;
  if (dir !== 'ltr' && dir !== 'rtl')
    throw new CatalogueError(`${CATALOGUE_NAME}/${lang}.json: "dir" must be ltr or rtl`);
  const plain = Object.fromEntries(PLAIN_KEYS.map((k) => [k, escapeHtml(text(lang, k, raw[k]))])) as Record<
    (typeof PLAIN_KEYS)[number],
    string
  >;
  if (!(raw.atUnd as string).includes(AT_UND_TERM))
    throw new CatalogueError(
      `${CATALOGUE_NAME}/${lang}.json: "atUnd" must keep the Swedish term "${AT_UND_TERM}"`,
    );
  const reasons = raw.notValidReasons;
  if (!Array.isArray(reasons) || reasons.length === 0)
    throw new CatalogueError(
      `${CATALOGUE_NAME}/${lang}.json: "notValidReasons" must be a non-empty list of texts`,
    );
  const roles = Object.fromEntries(
    GUIDANCE_ROLES.map((r) => [r, escapeHtml(text(lang, `roles.${r}`, group('roles')[r]))]),
  ) as Record<GuidanceRole, string>;
  const t = (key: keyof typeof TEMPLATE_KEYS) => template(lang, key, raw[key], TEMPLATE_KEYS[key]);
  return {
    ...plain,
    dir,
    headline: byResult('headline'),
    explain: byResult('explain'),
    notValidReasons: reasons.map((r, i) => escapeHtml(text(lang, `notValidReasons[${i}]`, r))),
    roles,
    checkedAt: t('checkedAt'),
    formHint: t('formHint'),
    specimenShows: t('specimenShows'),
  };
}

/**
 * Reads the page's catalogue from `dir` (the texts/ folder by default) through the one catalogue
 * loader and makes every language ready to render. Throws CatalogueError naming the file and the key.
 */
export function loadPageTexts(dir: URL = PAGE_TEXTS_DIR): Record<PageLanguage, PageTexts> {
  const files = loadCatalogue(dir, PAGE_LANGUAGES);
  return Object.fromEntries(PAGE_LANGUAGES.map((lang) => [lang, prepare(lang, files[lang])])) as Record<
    PageLanguage,
    PageTexts
  >;
}

const CATALOGUE = loadCatalogue(PAGE_TEXTS_DIR, PAGE_LANGUAGES);

/** Checks one language file against the Swedish one, as the catalogue does, and makes it ready to render. */
export function parseTexts(lang: string, json: unknown): PageTexts {
  const files = checkCatalogue(CATALOGUE_NAME, ['sv', lang], { sv: CATALOGUE.sv, [lang]: json });
  return prepare(lang, files[lang] as CatalogueFile);
}

export const TEXTS: Record<PageLanguage, PageTexts> = Object.fromEntries(
  PAGE_LANGUAGES.map((lang) => [lang, prepare(lang, CATALOGUE[lang])]),
) as Record<PageLanguage, PageTexts>;

export function isPageLanguage(value: unknown): value is PageLanguage {
  return typeof value === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(value);
}

/** ?lang= wins; otherwise the first supported language in Accept-Language by q; otherwise Swedish. */
export function chooseLanguage(queryLang: unknown, acceptLanguage: string | undefined): PageLanguage {
  if (isPageLanguage(queryLang)) return queryLang;
  if (!acceptLanguage) return 'sv';
  let best: PageLanguage = 'sv';
  let bestQ = -1;
  for (const part of acceptLanguage.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (!isPageLanguage(primary)) continue;
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (Number.isFinite(q) && q > bestQ) {
      best = primary;
      bestQ = q;
    }
  }
  return best;
}
