// The guidance for one role and one answer, rendered on the server (`GET /verify?role=&answer=`), so the
// lookup page's "Vad gör jag nu?" links work with no script at all: the same rulebooks the app uses,
// the same words, as plain HTML with the app's own style sheet. What the person may answer to a
// question ("rejected, or not renewed?") is a <details> per answer, which opens without script.
// Each page is built once (4 roles × 7 answers × 8 languages at most) and kept.

import {
  CatalogueError,
  type CatalogueFile,
  escapeHtml as esc,
  fillHtml,
  loadCatalogue,
} from '../../catalogue.ts';
import { telHref } from '../../domain/phone-number.ts';
import {
  ANSWER_CASES,
  type AnswerCase,
  LANGUAGES,
  OPTIONAL_CASES,
  ROLES,
  type Role,
  type Rulebook,
  type Rulebooks,
  type Step,
  type Text,
} from './rulebooks.ts';

export type Language = (typeof LANGUAGES)[number];
export const GUIDANCE_CASES: readonly AnswerCase[] = [...ANSWER_CASES, ...OPTIONAL_CASES];
const RTL = new Set<Language>(['ar', 'fa']);

type Messages = Record<string, string>;
type AppTexts = CatalogueFile & { _meta: { lang: string; dir: 'ltr' | 'rtl'; name: string; review: string } };
type I18n = Record<Language, AppTexts>;

/** The app's catalogue (one `<lang>.json` per language, Swedish the reference), read by the browser as it is. */
export const APP_TEXTS_DIR = new URL('./assets/i18n/', import.meta.url);

/**
 * The app's texts, read and checked through the one catalogue loader when the server starts: the same
 * words on the server-rendered page as in the app, and a missing key or placeholder stops the server.
 * On top: each file's `_meta` names its own language and the reading side the app gives it.
 */
export function readAppTexts(dir: URL = APP_TEXTS_DIR): I18n {
  const texts = loadCatalogue<Language, AppTexts>(dir, LANGUAGES);
  for (const lang of LANGUAGES) {
    const meta = texts[lang]._meta;
    if (meta.lang !== lang || meta.dir !== (RTL.has(lang) ? 'rtl' : 'ltr'))
      throw new CatalogueError(
        `src/http/verify/assets/i18n/${lang}.json: "_meta" must say lang "${lang}" and dir "${RTL.has(lang) ? 'rtl' : 'ltr'}"`,
      );
  }
  return texts;
}

export class GuidancePages {
  private readonly built = new Map<string, string>();

  constructor(
    private readonly books: Rulebooks,
    private readonly texts: I18n = readAppTexts(),
  ) {}

  /** Whether this role's rulebook has guidance for this answer (the optional answers may be absent). */
  has(role: Role, answer: AnswerCase): boolean {
    return (this.books[role].answers as Record<string, unknown>)[answer] !== undefined;
  }

  page(role: Role, answer: AnswerCase, lang: Language): string {
    const key = `${role} ${answer} ${lang}`;
    let html = this.built.get(key);
    if (html === undefined) {
      html = this.render(role, answer, lang);
      this.built.set(key, html);
    }
    return html;
  }

  private render(role: Role, answer: AnswerCase, lang: Language): string {
    const messages = this.texts[lang] as unknown as Messages;
    const t = (key: string, vars: Record<string, string> = {}) => fillHtml(messages[key] ?? key, vars);
    const book = this.books[role] as Rulebook;
    const g = book.answers[answer as keyof Rulebook['answers']];
    if (!g) throw new Error(`no guidance for ${role} ${answer}`);
    /** A rulebook text in this language, else English (for non-Swedish readers), else Swedish. */
    const pick = (text: Text): { value: string; lang: Language } => {
      if (text[lang]) return { value: text[lang] as string, lang };
      if (lang !== 'sv' && text.en) return { value: text.en, lang: 'en' };
      return { value: text.sv, lang: 'sv' };
    };
    const node = (tag: string, text: Text, cls = '') => {
      const p = pick(text);
      const other = p.lang !== lang ? ` lang="${p.lang}" dir="${RTL.has(p.lang) ? 'rtl' : 'ltr'}"` : '';
      return `<${tag}${cls ? ` class="${cls}"` : ''}${other}>${esc(p.value)}</${tag}>`;
    };
    const contact = (id: string) => {
      const c = book.contacts[id];
      if (!c) return '';
      let out = `<div class="contact" data-testid="contact-${esc(id)}">${node('p', c.name, 'name')}`;
      if (c.about) out += node('p', c.about);
      if (c.hours) out += node('p', c.hours);
      for (const line of c.lines) {
        out += `<p>${node('span', line.label)}: <a href="${telHref(line.phone)}" dir="ltr">${esc(line.phone)}</a>`;
        if (line.menu) out += ` — ${node('span', line.menu)}`;
        if (line.hours) out += ` (${node('span', line.hours)})`;
        out += '</p>';
      }
      return `${out}</div>`;
    };
    const steps = (list: Step[]) =>
      `<ol>${list
        .map((s) => {
          const li = node('li', s);
          return (s.contacts ?? []).length
            ? li.replace(/<\/li>$/, `${(s.contacts ?? []).map(contact).join('')}</li>`)
            : li;
        })
        .join('')}</ol>`;

    const langParam = lang === 'sv' ? '' : `&amp;lang=${lang}`;
    const dir = RTL.has(lang) ? 'rtl' : 'ltr';
    const used = pick(g.meaning).lang;
    const meta = this.texts[used]._meta;
    const roleLinks = ROLES.map((r) =>
      r === role
        ? `<a href="/verify?role=${r}&amp;answer=${answer}${langParam}" aria-current="page" data-testid="role-${r}">${t(`role.${r}`)}</a>`
        : `<a href="/verify?role=${r}&amp;answer=${answer}${langParam}" data-testid="role-${r}">${t(`role.${r}`)}</a>`,
    ).join('');
    const langLinks = LANGUAGES.map((l) => {
      const name = esc(this.texts[l]._meta.name);
      const attrs = `lang="${l}"${RTL.has(l) ? ' dir="rtl"' : ''}`;
      return l === lang
        ? `<b ${attrs} aria-current="true">${name}</b>`
        : `<a href="/verify?role=${role}&amp;answer=${answer}${l === 'sv' ? '' : `&amp;lang=${l}`}" ${attrs}>${name}</a>`;
    }).join('');
    const answerLabel = (() => {
      const atUnd = answer.endsWith('_at_und') ? ` · ${t('atUnd')}` : '';
      const base = answer.replace(/_at_und$/, '');
      const key =
        base === 'malformed'
          ? 'answer.typo'
          : base === 'could_not_check'
            ? 'answer.unavailable'
            : `answer.${base}`;
      return `${t(key)}${atUnd}`;
    })();

    let body = `<p class="meaning">${esc(pick(g.meaning).value)}</p>${steps(g.steps)}`;
    if (g.ask) {
      body += node('p', g.ask.question, 'question');
      for (const option of g.ask.options)
        body += `<details class="option" data-testid="ask-option"><summary>${esc(pick(option.answer).value)}</summary>${steps(option.steps)}</details>`;
    }
    if (book.source)
      body += `<p class="small">${t('guidance.source', { source: esc(pick(book.source).value) })}</p>`;
    let notes = '';
    if (book.notes.length > 0) {
      notes = `<details class="notes" data-testid="notes"><summary>${t('guidance.more')}</summary>`;
      for (const note of book.notes)
        notes += `<section data-testid="note-${esc(note.id)}">${node('h4', note.title)}${steps(note.steps)}</section>`;
      notes += '</details>';
    }
    const title = t('guidance.title', { role: t(`role.${role}`) });
    const guidanceDir = used !== lang ? ` lang="${used}" dir="${RTL.has(used) ? 'rtl' : 'ltr'}"` : '';
    return (
      `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
      `<meta name="robots" content="noindex"><title>${title} – ${t('appName')}</title>` +
      '<link rel="icon" href="/verify/assets/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/verify/assets/verify.css"></head>' +
      `<body class="static"><header class="bar"><p class="brand">${t('appName')}</p><nav class="langs" aria-label="${t('languages')}">${langLinks}</nav></header>` +
      `<main class="app" data-role="${role}" data-case="${answer}">` +
      `<nav class="roles" aria-labelledby="role-legend"><p id="role-legend" class="legend">${t('roleLegend')}</p><div class="segments">${roleLinks}</div></nav>` +
      `<p class="answer-label" data-testid="answer-label">${t('guidance.answer')}: <strong>${answerLabel}</strong></p>` +
      `<section class="guidance" data-testid="guidance" data-role="${role}" data-case="${answer}"><h1>${title}</h1>` +
      (used !== lang ? `<p class="small">${t('guidance.langNote', { lang: esc(meta.name) })}</p>` : '') +
      `<div${guidanceDir}>${body}</div></section>${notes}` +
      `<p class="actions"><a class="primary" href="/verify?role=${role}${langParam}">${t('guidance.checkCard')}</a></p>` +
      `<footer class="foot"><p><a href="/k/${lang === 'sv' ? '' : `?lang=${lang}`}">${t('simplePage')}</a></p></footer>` +
      '</main></body></html>'
    );
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
export function isGuidanceCase(value: unknown): value is AnswerCase {
  return typeof value === 'string' && (GUIDANCE_CASES as readonly string[]).includes(value);
}
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
