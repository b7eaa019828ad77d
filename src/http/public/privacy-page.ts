// The privacy page, /integritet (R15, P1): what the lookup records (nothing about who looked), what
// the agency keeps about a holder and for how long, and how to ask for a register extract. Server
// rendered, no script, in the lookup page's eight languages; the words are data
// (privacy-texts/<lang>.json, checked and HTML-escaped once at start-up, like the lookup's).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { pageContentSecurityPolicy } from '../plugins/security.ts';
import { PAGE_BASE, stylesheet } from './page-style.ts';
import { chooseLanguage, escapeHtml, PAGE_LANGUAGES, type PageLanguage, TEXTS } from './texts.ts';

const KEYS = [
  'review',
  'title',
  'intro',
  'lookupHeading',
  'lookupText',
  'storedHeading',
  'storedText',
  'retentionHeading',
  'retentionText',
  'extractHeading',
  'extractText',
  'back',
] as const;
type PrivacyTexts = Record<(typeof KEYS)[number], string>;

/** Reads and checks one language's words; a missing key or `{months}` stops the start. */
export function loadPrivacyTexts(lang: PageLanguage): PrivacyTexts {
  const file = new URL(`./privacy-texts/${lang}.json`, import.meta.url);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out = {} as PrivacyTexts;
  for (const key of KEYS) {
    const value = raw[key];
    if (typeof value !== 'string' || value.trim() === '')
      throw new Error(`privacy-texts/${lang}.json: "${key}" must be a non-empty string`);
    out[key] = escapeHtml(value);
  }
  const unknown = Object.keys(raw).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new Error(`privacy-texts/${lang}.json: unknown keys ${unknown.join(', ')}`);
  if (!out.retentionText.includes('{months}'))
    throw new Error(`privacy-texts/${lang}.json: "retentionText" must say {months}`);
  return out;
}

/** The public pages' base, then the privacy page's own: more space between lines for its paragraphs. */
const CSS = stylesheet([
  PAGE_BASE,
  {
    light:
      'html{line-height:1.5}' +
      'h1{font-size:1.8rem;margin:.25rem 0 .5rem}' +
      'h2{font-size:1.2rem;margin:1.5rem 0 .25rem}' +
      'p{margin:.25rem 0 .75rem;font-size:1.05rem}' +
      '.b{margin-top:2rem}',
    dark: '',
  },
]);

/** The page's Content-Security-Policy: nothing but its own style block, allowed by its hash (C6). */
export const PRIVACY_PAGE_SECURITY_POLICY = pageContentSecurityPolicy(
  `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
);

const pathFor = (lang: PageLanguage) => (lang === 'sv' ? '/integritet' : `/integritet?lang=${lang}`);
const lookupFor = (lang: PageLanguage) => (lang === 'sv' ? '/k/' : `/k/?lang=${lang}`);

function render(lang: PageLanguage, p: PrivacyTexts, months: number): string {
  const t = TEXTS[lang];
  const dir = t.dir === 'rtl' ? ' dir="rtl"' : '';
  const nav = PAGE_LANGUAGES.map((l) => {
    const other = TEXTS[l];
    const attrs = `lang="${l}"${other.dir === 'rtl' ? ' dir="rtl"' : ''}`;
    return l === lang
      ? `<b ${attrs} aria-current="true">${other.name}</b>`
      : `<a href="${pathFor(l)}" ${attrs}>${other.name}</a>`;
  }).join(' ');
  const section = (heading: string, text: string) => `<h2>${heading}</h2><p>${text}</p>`;
  return (
    `<!doctype html><html lang="${lang}"${dir}><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
    `<title>${p.title} – ${t.service}</title><style>${CSS}</style></head><body><main>` +
    `<p><strong>${t.service}</strong></p><nav aria-label="${t.languages}">${nav}</nav>` +
    `<h1>${p.title}</h1><p>${p.intro}</p>` +
    section(p.lookupHeading, p.lookupText) +
    section(p.storedHeading, p.storedText) +
    section(p.retentionHeading, p.retentionText.replace('{months}', String(months))) +
    section(p.extractHeading, p.extractText) +
    `<p class="b"><a href="${lookupFor(lang)}">${p.back}</a></p></main></body></html>`
  );
}

/** Every language's page, made once with the configured retention period. */
export function renderPrivacyPages(months: number): Record<PageLanguage, string> {
  return Object.fromEntries(PAGE_LANGUAGES.map((l) => [l, render(l, loadPrivacyTexts(l), months)])) as Record<
    PageLanguage,
    string
  >;
}

/**
 * GET /integritet: the page in the language asked for (?lang=, else Accept-Language, else Swedish).
 * Public and inert like the lookup (the app's security headers: no-store, no cookies, no referrer),
 * and never logged (P1: the app logs no request).
 */
export function registerPrivacyPage(app: FastifyInstance, months: number): void {
  const pages = renderPrivacyPages(months);
  app.get<{ Querystring: { lang?: string } }>('/integritet', async (request, reply) => {
    const lang = chooseLanguage(request.query.lang, request.headers['accept-language']);
    reply.header('vary', 'accept-language').header('content-security-policy', PRIVACY_PAGE_SECURITY_POLICY);
    return reply.type('text/html; charset=utf-8').send(pages[lang]);
  });
}
