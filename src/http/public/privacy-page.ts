// The privacy page, /integritet (R15, P1): what the lookup records (nothing about who looked), what
// the agency keeps about a holder and for how long, and how to ask for a register extract. Server
// rendered, no script, in the lookup page's eight languages; the words are data
// (privacy-texts/<lang>.json, read and checked once at start-up by the catalogue loader, like the
// lookup's, and HTML-escaped here).

import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CatalogueError, fillHtml, loadCatalogue, placeholdersOf } from '../../catalogue.ts';
import { pageContentSecurityPolicy } from '../plugins/security.ts';
import { PAGE_BASE, stylesheet } from './page-style.ts';
import { chooseLanguage, escapeHtml, PAGE_LANGUAGES, type PageLanguage, TEXTS } from './texts.ts';

type PrivacyTexts = {
  review: string;
  title: string;
  intro: string;
  lookupHeading: string;
  lookupText: string;
  storedHeading: string;
  storedText: string;
  retentionHeading: string;
  /** Says `{months}`, the configured retention period. */
  retentionText: string;
  extractHeading: string;
  extractText: string;
  back: string;
};

/** The privacy page's catalogue folder, Swedish the reference. */
export const PRIVACY_TEXTS_DIR = new URL('./privacy-texts/', import.meta.url);

/**
 * Reads and checks every language's words through the catalogue loader; a missing key, or a
 * reference text that does not say `{months}`, stops the start.
 */
export function loadPrivacyTexts(dir: URL = PRIVACY_TEXTS_DIR): Record<PageLanguage, PrivacyTexts> {
  const texts = loadCatalogue<PageLanguage, PrivacyTexts>(dir, PAGE_LANGUAGES);
  if (!placeholdersOf(texts.sv.retentionText).includes('months'))
    throw new CatalogueError('src/http/public/privacy-texts/sv.json: "retentionText" must say {months}');
  return texts;
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
  const e = escapeHtml;
  const section = (heading: string, text: string) => `<h2>${e(heading)}</h2><p>${text}</p>`;
  return (
    `<!doctype html><html lang="${lang}"${dir}><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
    `<title>${e(p.title)} – ${t.service}</title><style>${CSS}</style></head><body><main>` +
    `<p><strong>${t.service}</strong></p><nav aria-label="${t.languages}">${nav}</nav>` +
    `<h1>${e(p.title)}</h1><p>${e(p.intro)}</p>` +
    section(p.lookupHeading, e(p.lookupText)) +
    section(p.storedHeading, e(p.storedText)) +
    section(p.retentionHeading, fillHtml(p.retentionText, { months })) +
    section(p.extractHeading, e(p.extractText)) +
    `<p class="b"><a href="${lookupFor(lang)}">${e(p.back)}</a></p></main></body></html>`
  );
}

/** Every language's page, made once with the configured retention period. */
export function renderPrivacyPages(months: number): Record<PageLanguage, string> {
  const texts = loadPrivacyTexts();
  return Object.fromEntries(PAGE_LANGUAGES.map((l) => [l, render(l, texts[l], months)])) as Record<
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
