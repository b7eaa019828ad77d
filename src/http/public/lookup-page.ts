// C4: the lookup page. Server-rendered HTML, no JavaScript, readable on a phone by a stressed nurse:
// one big answer in words with an icon (never colour alone), AT-UND where R11 says so, the time of
// the check. Never a validity date, a name, a birth date, a dossier number or a photo.

import { createHash } from 'node:crypto';
import { formatCardCode } from '../../domain/card-code.ts';
import type { LookupResult } from '../../domain/lookup.ts';
import { pageContentSecurityPolicy } from '../plugins/security.ts';
import { PAGE_BASE, type Rules, stylesheet } from './page-style.ts';
import {
  escapeHtml,
  GUIDANCE_ROLES,
  PAGE_LANGUAGES,
  type PageLanguage,
  type PageTexts,
  TEXTS,
} from './texts.ts';

export { escapeHtml };

// One stylesheet for every lookup page (the public pages' base, page-style.ts, then the lookup's own
// rules), served by us under a name that is its own hash and cached by the browser (lookupStylesheet
// below): a phone fetches it once, and every later scan carries only its answer. It holds nothing
// about any card or any lookup. Class names are short because the pages are what a phone on a weak
// connection waits for, and their size is most of what an answer costs the server
// (docs/performance.md): s service, a answer box, x specimen, e explanation, u AT-UND, n no AT-UND,
// m time and code lines, c code, t typed text, k next card, f/o the form page, h hint, w no wrap,
// p privacy, g the links to the guidance by role ("Vad gör jag nu?"), r a not-valid answer's
// possible reasons.
const BASE: Rules = {
  light:
    '.s{font-weight:600;margin:0 0 .5rem}' +
    '.e{font-size:1.1rem}' +
    '.m{font-size:1.05rem;margin:.5rem 0}' +
    '.c{font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em;font-size:1.1rem}' +
    '[dir=rtl] .c{text-align:left}' +
    '.p{color:#333;margin-top:2rem;font-size:.95rem}',
  dark: '.p{color:#ccc}',
};

/** The answer box, for every answer page. */
const ANSWER: Rules = {
  light:
    '.a{border:4px solid;border-radius:14px;padding:1.25rem 1rem;display:flex;gap:1rem;align-items:center}' +
    '.a svg{flex:none;width:4.5rem;height:4.5rem}' +
    // A word longer than the line (a wide font: "действительна" in DejaVu Sans) breaks rather than
    // pushing the headline off a phone's screen; where the words fit, nothing changes.
    '.a h1{font-size:2rem;line-height:1.15;margin:0;overflow-wrap:anywhere}' +
    'h2.g{font-size:1.2rem;margin:1.25rem 0 .5rem}' +
    'p.g{display:flex;flex-wrap:wrap;gap:.5rem;margin:0}' +
    '.g a{padding:.55rem .9rem;border:2px solid;border-radius:8px;font-weight:600;text-decoration:none}',
  dark: '',
};

/** Each answer's colours (rate_limited is shown as unavailable). */
const KIND: Record<LookupResult | 'unavailable', Rules> = {
  valid: {
    light: '.valid{border-color:#0a6b2d;background:#e6f4ea;color:#07461e}',
    dark: '.valid{background:#0d2a17;color:#c9f0d5}',
  },
  not_valid: {
    light:
      '.not_valid{border-color:#b00020;background:#fdecee;color:#7a0016}' +
      '.r{font-size:1.1rem;margin:-.5rem 0 1rem;padding-inline-start:1.5rem}',
    dark: '.not_valid{background:#33070e;color:#ffd4da}',
  },
  // Firm, not a soft grey "the system does not know": no card has this code, so the card proves nothing.
  unknown: {
    light:
      '.unknown{border-color:#111;background:#fff;color:#111}' +
      '.unknown p{margin:.35rem 0 0;font-weight:600}' +
      '.unknown+.e{font-weight:700}',
    dark: '.unknown{background:#000;color:#fff;border-color:#fff}.unknown .bg{fill:#fff}.unknown .fg{stroke:#000}',
  },
  unavailable: {
    light: '.unavailable{border-color:#555;background:#ececec;color:#222}',
    dark: '.unavailable{background:#2a2a2a;color:#eee}.unavailable .bg{fill:#9a9a9a}',
  },
  malformed: {
    light: '.malformed{border-color:#8a5a00;background:#fff4db;color:#5a3b00}',
    dark: '.malformed{background:#332400;color:#ffe4a8}.malformed .bg{fill:#e0a630}',
  },
};

/** A training card's answer: grey, dashed and hatched, so nobody reads it as a real one. */
const SPECIMEN: Rules = {
  light:
    '.x{border-style:dashed;border-color:#555;background:repeating-linear-gradient(135deg,#ececec 0 14px,#dcdcdc 14px 28px);color:#1a1a1a}' +
    '.x svg{filter:grayscale(1)}' +
    '.x p{font-size:1.3rem;font-weight:600;margin:.5rem 0 0}',
  dark: '.x{background:repeating-linear-gradient(135deg,#2a2a2a 0 14px,#333 14px 28px);color:#eee;border-color:#aaa}',
};

/** After a clear answer (valid, not valid): AT-UND or not, and the link to the next card. */
const CLEAR: Rules = {
  light:
    '.u{display:flex;gap:.75rem;align-items:center;border:2px solid #444;border-radius:10px;padding:.5rem .75rem;background:#fff;margin:1rem 0}' +
    '.u svg{flex:none;width:2rem;height:2rem}' +
    '.u p{margin:0}' +
    '.u strong{font-size:1.3rem;display:block}' +
    '.n{color:#333}' +
    '.k{font-size:1.1rem;margin-top:1.5rem}',
  dark: '.u{background:#222;border-color:#aaa}.u .bg{fill:#cfd8e6}.n{color:#ccc}',
};

/** The form, on the form page and after an answer where the next step is to type. */
const FORM: Rules = {
  light:
    'form{margin-top:2rem;padding-top:1rem;border-top:1px solid #bbb}' +
    'h1.f{font-size:1.6rem;margin:0 0 .5rem}' +
    'form.o{margin:0;padding:0;border:0}' +
    'label{display:block;font-weight:600;font-size:1.1rem}' +
    '.h{color:#333}' +
    '.w{white-space:nowrap}' +
    'input{font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em;font-size:1.3rem;width:100%;padding:.6rem;border:2px solid #333;border-radius:8px;text-transform:uppercase}' +
    '[dir=rtl] input{text-align:left}' +
    'button{font:inherit;font-size:1.2rem;font-weight:600;margin-top:.75rem;padding:.7rem 1.4rem;border:0;border-radius:8px;background:#0b3d91;color:#fff}',
  dark: '.h{color:#ccc}input{background:#111;color:#eee;border-color:#aaa}',
};

const CSS = stylesheet([PAGE_BASE, BASE, ANSWER, ...Object.values(KIND), SPECIMEN, CLEAR, FORM]);

/**
 * The lookup pages' stylesheet: its text, and the address it is served at (named by its hash, so a
 * changed stylesheet is a new address and a cached one never goes stale).
 */
export const LOOKUP_STYLESHEET = {
  css: CSS,
  path: `/assets/lookup-${createHash('sha256').update(CSS).digest('hex').slice(0, 16)}.css`,
} as const;

/** C6: the CSP of every lookup page: our own stylesheet, nothing else. */
export const LOOKUP_PAGE_SECURITY_POLICY = pageContentSecurityPolicy("'self'");

const ICONS: Record<LookupResult | 'unavailable', string> = {
  valid:
    '<svg viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="22" fill="#0a6b2d"/><path d="M13 25l7 7 15-16" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  not_valid:
    '<svg viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="22" fill="#b00020"/><path d="M15 15l18 18M33 15L15 33" stroke="#fff" stroke-width="5" stroke-linecap="round"/></svg>',
  // A no-entry sign: a firm stop, not a question mark.
  unknown:
    '<svg viewBox="0 0 48 48" aria-hidden="true"><circle class="bg" cx="24" cy="24" r="22" fill="#111"/><path class="fg" d="M13 24h22" stroke="#fff" stroke-width="6" stroke-linecap="round"/></svg>',
  malformed:
    '<svg viewBox="0 0 48 48" aria-hidden="true"><path class="bg" d="M24 3L46 43H2z" fill="#8a5a00"/><path d="M24 17v13" stroke="#fff" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="37" r="3" fill="#fff"/></svg>',
  unavailable:
    '<svg viewBox="0 0 48 48" aria-hidden="true"><circle class="bg" cx="24" cy="24" r="22" fill="#555"/><path d="M24 12v13l8 5" fill="none" stroke="#fff" stroke-width="4.5" stroke-linecap="round"/></svg>',
};

// A plain briefcase: AT-UND is a fact about work, not a second verdict, so no check mark that could
// be read as "OK" under a red "not valid".
const AT_UND_ICON =
  '<svg viewBox="0 0 48 48" aria-hidden="true"><path class="bg" d="M17 14v-3a4 4 0 0 1 4-4h6a4 4 0 0 1 4 4v3h8a4 4 0 0 1 4 4v20a4 4 0 0 1-4 4H9a4 4 0 0 1-4-4V18a4 4 0 0 1 4-4zm4 0h6v-3h-6z" fill="#333" fill-rule="evenodd"/></svg>';

export interface PageAnswer {
  kind: LookupResult | 'unavailable' | 'rate_limited';
  atUnd: boolean;
  /** A training card: the page says EXEMPEL first and the answer it demonstrates second. */
  specimen?: boolean;
  /** The canonical code, when the input was one. */
  code: string | null;
  /** What was typed, when it was not a code (echoed back, escaped, so the typo can be found). */
  typed: string | null;
  checkedDate: string;
  checkedTime: string;
}

function head(lang: PageLanguage, t: PageTexts, title: string): string {
  const dir = t.dir === 'rtl' ? ' dir="rtl"' : '';
  return `<!doctype html><html lang="${lang}"${dir}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><link rel="stylesheet" href="${LOOKUP_STYLESHEET.path}"></head><body><main>`;
}

/** Left-to-right islands (codes, dates, times) inside a right-to-left page keep their order. */
const ltr = (t: PageTexts, html: string) => (t.dir === 'rtl' ? `<span dir="ltr">${html}</span>` : html);

/** The one-tap language switch: a plain link per language (no script), each named in itself. */
function languageLinks(lang: PageLanguage): string[] {
  const t = TEXTS[lang];
  const items = PAGE_LANGUAGES.map((l) => {
    const other = TEXTS[l];
    const attrs = `lang="${l}"${other.dir === 'rtl' ? ' dir="rtl"' : ''}`;
    return l === lang
      ? `<b ${attrs} aria-current="true">${other.name}</b>`
      : `<a href="${PATH}?lang=${l}" ${attrs}>${other.name}</a>`;
  });
  return `<nav aria-label="${t.languages}">${items.join(' ')}</nav>`.split(PATH);
}
const PATH = '\u0000path\u0000';
// Built once per language; each page only joins in its own path.
const LANGUAGE_LINKS = Object.fromEntries(PAGE_LANGUAGES.map((l) => [l, languageLinks(l)])) as Record<
  PageLanguage,
  string[]
>;

function top(t: PageTexts, lang: PageLanguage, selfPath: string): string {
  return `<p class="s">${t.service}</p>${LANGUAGE_LINKS[lang].join(escapeHtml(selfPath))}`;
}

interface FormOptions {
  /** The form is the page (GET /k/): its title is the page's h1 and no rule separates it. */
  alone?: boolean;
  autofocus?: boolean;
  /** What was typed, put back in the field so one wrong symbol can be fixed without retyping all. */
  value?: string | null;
}

function form(t: PageTexts, lang: PageLanguage, o: FormOptions): string {
  const title = o.alone
    ? `<h1 class="f"><label for="code">${t.formTitle}</label></h1>`
    : `<h2><label for="code">${t.formTitle}</label></h2>`;
  const value = o.value ? ` value="${escapeHtml(o.value)}"` : '';
  const example = `<span class="w"${t.dir === 'rtl' ? ' dir="ltr"' : ''}>ABCD-EFGH-JKMN-3</span>`;
  const inputDir = t.dir === 'rtl' ? ' dir="ltr"' : '';
  return `<form action="/k/"${o.alone ? ' class="o"' : ''}>${title}<p class="h" id="hint">${t.formHint(example)}</p><input id="code" name="code" autocomplete="off" autocapitalize="characters" autocorrect="off" spellcheck="false" maxlength="64" aria-describedby="hint" required${inputDir}${value}${o.autofocus ? ' autofocus' : ''}>${lang === 'sv' ? '' : `<input type="hidden" name="lang" value="${lang}">`}<button>${t.submit}</button></form>`;
}

/** After a clear answer there is nothing to correct: one tap leads to the form for the next card. */
function nextCard(t: PageTexts, lang: PageLanguage): string {
  return `<p class="k"><a href="/k/${lang === 'sv' ? '' : `?lang=${lang}`}">${t.formTitle}</a></p>`;
}

/** Which of the verifier guidance's answers a page is (src/http/verify/rulebooks.ts, ANSWER_CASES). */
function guidanceCase(kind: PageAnswer['kind'], atUnd: boolean): string {
  if (kind === 'valid' || kind === 'not_valid') return atUnd ? `${kind}_at_und` : kind;
  if (kind === 'unavailable' || kind === 'rate_limited') return 'could_not_check';
  return kind;
}

/**
 * "Vad gör jag nu?": one plain link per role to the verifier's guidance for this answer, which
 * /verify renders on the server, so following it needs no script either.
 */
function guidanceLinks(t: PageTexts, lang: PageLanguage, answerCase: string): string {
  const key = `${lang} ${answerCase}`;
  let html = GUIDANCE_LINKS.get(key);
  if (html === undefined) {
    html = buildGuidanceLinks(t, lang, answerCase);
    GUIDANCE_LINKS.set(key, html);
  }
  return html;
}
// Built once per language and answer: the pages rendered per request (a mistyped code, could not
// check) join in the same string as the pre-rendered ones.
const GUIDANCE_LINKS = new Map<string, string>();
function buildGuidanceLinks(t: PageTexts, lang: PageLanguage, answerCase: string): string {
  const langParam = lang === 'sv' ? '' : `&amp;lang=${lang}`;
  const links = GUIDANCE_ROLES.map(
    (role) => `<a href="/verify?role=${role}&amp;answer=${answerCase}${langParam}">${t.roles[role]}</a>`,
  );
  return `<h2 class="g">${t.whatNow}</h2><p class="g">${links.join(' ')}</p>`;
}

function foot(t: PageTexts, lang: PageLanguage): string {
  const href = lang === 'sv' ? '/integritet' : `/integritet?lang=${lang}`;
  return `<p class="p">${t.privacy} <a href="${href}">${t.privacyLink}</a></p></main></body></html>`;
}

/** The answer page for one lookup. */
export function renderAnswerPage(lang: PageLanguage, a: PageAnswer, selfPath: string): string {
  const t = TEXTS[lang];
  let headline: string;
  let explain: string;
  let cls: string;
  if (a.kind === 'rate_limited') {
    headline = t.couldNotCheck;
    explain = t.rateLimited;
    cls = 'unavailable';
  } else if (a.kind === 'unavailable') {
    headline = t.couldNotCheck;
    explain = t.unavailable;
    cls = 'unavailable';
  } else {
    headline = t.headline[a.kind];
    explain = t.explain[a.kind];
    cls = a.kind;
  }
  const icon = ICONS[cls as keyof typeof ICONS];
  let body: string;
  if (a.specimen) {
    // A training card. EXEMPEL is the headline, in grey on a hatched ground, so nobody
    // reads it as a real answer; the answer it demonstrates follows, smaller, with its own icon.
    body = `${head(lang, t, `${t.specimen} – ${headline} – ${t.service}`)}${top(t, lang, selfPath)}`;
    body += `<section class="a x" data-result="${a.kind}" data-specimen="true">${icon}<div><h1>${t.specimen}</h1><p>${t.specimenShows(headline)}</p></div></section>`;
    body += `<p class="e">${t.specimenExplain}</p>`;
  } else {
    body = `${head(lang, t, `${headline} – ${t.service}`)}${top(t, lang, selfPath)}`;
    const title =
      a.kind === 'unknown'
        ? `<div><h1>${headline}</h1><p>${t.noInformation}</p></div>`
        : `<h1>${headline}</h1>`;
    body += `<section class="a ${cls}" data-result="${a.kind}">${icon}${title}</section>`;
  }
  // A training card's own explanation (above) stands instead of the answer's.
  if (!a.specimen) {
    if (a.kind === 'not_valid' && a.atUnd) {
      // R11: "EJ giltigt" with AT-UND has one meaning only; a bare "EJ giltigt"'s reasons do not apply.
      body += `<p class="e">${t.notValidAtUnd}</p>`;
    } else {
      body += `<p class="e">${explain}</p>`;
      if (a.kind === 'not_valid')
        body += `<ul class="r"><li>${t.notValidReasons.join('</li><li>')}</li></ul>`;
      if (a.kind === 'valid') body += `<p class="e"><strong>${t.comparePhoto}</strong></p>`;
    }
  }
  const clear = a.kind === 'valid' || a.kind === 'not_valid';
  if (clear) {
    body += a.atUnd
      ? `<section class="u">${AT_UND_ICON}<p><strong>${t.atUnd}</strong>${t.atUndExplain} ${t.atUndOnlyWork}</p></section>`
      : `<p class="n">${t.noAtUnd}</p>`;
  }
  body += `<p class="m">${t.checkedAt(ltr(t, a.checkedDate), ltr(t, a.checkedTime))}</p>`;
  const codeDir = t.dir === 'rtl' ? ' dir="ltr"' : '';
  if (a.code) {
    body += `<p class="m">${t.codeLabel}: <span class="c"${codeDir}>${formatCardCode(a.code)}</span></p>`;
  } else if (a.typed !== null) {
    body += `<p class="m">${t.typedCode}: <span class="c t"${codeDir}>${escapeHtml(a.typed)}</span></p>`;
  }
  body += guidanceLinks(t, lang, guidanceCase(a.kind, a.atUnd));
  // A clear answer needs no form; any other (a typo, no card, could not check) offers it at once,
  // with what was typed put back so one wrong symbol can be fixed.
  const next = clear
    ? nextCard(t, lang)
    : form(t, lang, {
        autofocus: a.kind === 'malformed' || a.kind === 'unknown',
        value:
          a.kind === 'malformed' ? a.typed : a.kind === 'unknown' ? a.code && formatCardCode(a.code) : null,
      });
  return body + next + foot(t, lang);
}

/** `GET /k/`: the form for typing a code (a verifier bookmarks this and types only the code). */
export function renderFormPage(lang: PageLanguage): string {
  const t = TEXTS[lang];
  return `${head(lang, t, t.service)}${top(t, lang, '/k/')}${form(t, lang, { alone: true, autofocus: true })}${foot(t, lang)}`;
}
