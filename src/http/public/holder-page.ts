// R16: the holder's page, /mitt-kort. Server-rendered, no script, phone first. The codes travel only
// in POST bodies: each step's form carries them again as hidden fields of a page that is never stored
// (no-store) and sets no cookie. The verdict is the lookup's own headline (C4's words).

import { createHash } from 'node:crypto';
import { fill } from '../../catalogue.ts';
import { type CalendarDate, longDate } from '../../domain/calendar.ts';
import { telHref } from '../../domain/phone-number.ts';
import type { Reception } from '../../domain/reception.ts';
import type { HolderView } from '../../services/holder.ts';
import { pageContentSecurityPolicy } from '../plugins/security.ts';
import { HOLDER_TEXTS, type HolderTexts } from './holder-texts.ts';
import { escapeHtml, PAGE_LANGUAGES, type PageLanguage, TEXTS } from './texts.ts';

/** Where the reception is (LMA_RECEPTION_*): domain/reception.ts. */
export { DEFAULT_RECEPTION, type Reception, receptionFromEnv } from '../../domain/reception.ts';

export const HOLDER_PATH = '/mitt-kort';

const CSS =
  'html{-webkit-text-size-adjust:100%}body{margin:0;font:1.05rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Ethiopic","Noto Sans Arabic",sans-serif;color:#111;background:#fafafa}' +
  'main{max-width:34rem;margin:0 auto;padding:1rem}' +
  'nav{font-size:.95rem;display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin-bottom:.5rem}a{color:#0b3d91}' +
  'h1{font-size:1.7rem;margin:.25rem 0 .5rem}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}' +
  'label{display:block;font-weight:600;margin-top:1rem}.h{color:#333;margin:.15rem 0 .35rem;font-size:.95rem}' +
  'input[type=text]{box-sizing:border-box;font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em;font-size:1.3rem;width:100%;padding:.6rem;border:2px solid #333;border-radius:8px;text-transform:uppercase}' +
  '[dir=rtl] input[type=text]{text-align:left;direction:ltr}' +
  'button{font:inherit;font-size:1.15rem;font-weight:600;margin-top:.9rem;padding:.7rem 1.3rem;border:0;border-radius:8px;background:#0b3d91;color:#fff;width:100%}' +
  'button.s{background:#fff;color:#0b3d91;border:2px solid #0b3d91}button.d{background:#a4001c}' +
  '.a{border:3px solid;border-radius:12px;padding:.75rem 1rem;margin:1rem 0}.a p{margin:0}.a strong{font-size:1.6rem;display:block}' +
  '.valid{border-color:#0a6b2d;background:#e6f4ea;color:#07461e}.not_valid{border-color:#b00020;background:#fdecee;color:#7a0016}' +
  '.e{border:2px solid #b00020;border-radius:8px;padding:.6rem .8rem;background:#fdecee;color:#7a0016;font-weight:600}' +
  '.k{font-size:1.2rem;font-weight:600}fieldset{border:0;padding:0;margin:.75rem 0}fieldset label{font-weight:400;display:flex;gap:.5rem;align-items:center;margin:.4rem 0;font-size:1.1rem}' +
  'input[type=radio]{width:1.3rem;height:1.3rem}ul{padding-inline-start:1.25rem}.p{color:#333;font-size:.95rem}' +
  '@media(prefers-color-scheme:dark){body{background:#111;color:#eee}.h,.p{color:#ccc}a{color:#9cc0ff}input[type=text]{background:#000;color:#eee;border-color:#aaa}' +
  '.valid{background:#0d2a17;color:#c9f0d5}.not_valid{background:#33070e;color:#ffd4da}.e{background:#33070e;color:#ffd4da}button.s{background:#111;color:#9cc0ff;border-color:#9cc0ff}}';

/** The page's Content-Security-Policy: its one style block by hash, forms to ourselves only (C6). */
export const HOLDER_PAGE_CSP = pageContentSecurityPolicy(
  `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
);

const e = escapeHtml;

/**
 * The number as written, a link that dials it where it has the digits of one. Always left to right:
 * in an Arabic or Persian sentence the bidi algorithm would otherwise turn "0771-235 235" into
 * "235 235-0771".
 */
const phoneLink = (phone: string) =>
  /[0-9].*[0-9].*[0-9]/.test(phone)
    ? `<a href="${telHref(phone)}" dir="ltr">${e(phone)}</a>`
    : `<bdi dir="ltr">${e(phone)}</bdi>`;

/** A date in the reader's language (Gregorian calendar, Western digits), as the letters write it. */
export const holderDate = (date: CalendarDate, lang: PageLanguage): string => longDate(date, lang);

function head(lang: PageLanguage, h: HolderTexts): string {
  const dir = TEXTS[lang].dir === 'rtl' ? ' dir="rtl"' : '';
  const languages = PAGE_LANGUAGES.map((l) =>
    l === lang
      ? `<strong>${e(TEXTS[l].name)}</strong>`
      : `<a href="${HOLDER_PATH}?lang=${l}" lang="${l}" hreflang="${l}">${e(TEXTS[l].name)}</a>`,
  ).join('');
  return `<!doctype html><html lang="${lang}"${dir}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${e(h.title)}</title><style>${CSS}</style></head><body><main><nav aria-label="${e(TEXTS[lang].languages)}">${languages}</nav><h1>${e(h.title)}</h1>`;
}

const FOOT = '</main></body></html>';

/** The codes again, for the next step's form (the page is never stored; the codes never go in a URL). */
function carried(lang: PageLanguage, code: string, personalCode: string): string {
  return `<input type="hidden" name="lang" value="${lang}"><input type="hidden" name="code" value="${e(code)}"><input type="hidden" name="personalCode" value="${e(personalCode)}">`;
}

/** The sign-in form; `problem` above it after a refusal. */
export function renderHolderForm(lang: PageLanguage, problem: string | null = null, code = ''): string {
  const h = HOLDER_TEXTS[lang];
  return `${head(lang, h)}<p>${e(h.intro)}</p>${problem ? `<p class="e" role="alert">${e(problem)}</p>` : ''}<form method="post" action="${HOLDER_PATH}" autocomplete="off"><input type="hidden" name="lang" value="${lang}"><label for="code">${e(h.codeLabel)}</label><p class="h" id="code-h">${e(h.codeHint)}</p><input type="text" id="code" name="code" value="${e(code)}" required maxlength="200" autocapitalize="characters" spellcheck="false" aria-describedby="code-h" inputmode="text"${code ? '' : ' autofocus'}><label for="pc">${e(h.personalLabel)}</label><p class="h" id="pc-h">${e(h.personalHint)}</p><input type="text" id="pc" name="personalCode" required maxlength="40" autocapitalize="characters" spellcheck="false" aria-describedby="pc-h"${code ? ' autofocus' : ''}><button type="submit">${e(h.submit)}</button></form><p class="p">${e(h.privacy)}</p>${FOOT}`;
}

export interface HolderPageInput {
  lang: PageLanguage;
  code: string;
  personalCode: string;
  view: HolderView;
  reception: Reception;
}

/** What the holder sees of their card, with the calendar file and the report form. */
export function renderHolderView(p: HolderPageInput): string {
  const { lang, view } = p;
  const h = HOLDER_TEXTS[lang];
  const t = TEXTS[lang];
  const kind = view.answer.result;
  const headline = `<div class="a ${kind}" role="status"><p>${e(h.nowShows)}</p><strong>${e(t.headline[kind])}</strong>${view.answer.atUnd ? `<p>${e(t.atUnd)}</p>` : ''}</div>`;
  const dates = view.cancelled
    ? `<p class="k">${e(h.cancelledCard)}</p>`
    : [
        view.validUntil
          ? `<p class="k">${e(fill(h.validUntil, { date: holderDate(view.validUntil, lang) }))}</p>`
          : '',
        view.visitBy
          ? `<p>${e(fill(h.visitBy, { date: holderDate(view.visitBy, lang) }))}</p><form method="post" action="${HOLDER_PATH}/kalender.ics">${carried(lang, p.code, p.personalCode)}<button type="submit" class="s">${e(h.ics)}</button></form>`
          : view.report
            ? ''
            : `<p>${e(h.noVisitBy)}</p>`,
      ].join('');
  const reported = view.report
    ? `<p class="e" role="alert">${e(fill(h.reported, { reason: (view.report.reason === 'lost' ? h.lost : h.stolen).toLowerCase() }))}</p>`
    : '';
  const letters = view.letters.length
    ? `<ul>${view.letters
        .map(
          (l) =>
            `<li>${e(l.kind === 'card_ready' ? h.letterCardReady : h.letterReminder)} – ${e(holderDate(l.date, lang))}</li>`,
        )
        .join('')}</ul>`
    : `<p>${e(h.noLetters)}</p>`;
  const report =
    view.report || view.cancelled
      ? ''
      : `<h2>${e(h.reportTitle)}</h2><p>${e(h.reportExplain)}</p><form method="post" action="${HOLDER_PATH}/anmal">${carried(lang, p.code, p.personalCode)}<fieldset><label><input type="radio" name="reason" value="lost" required> ${e(h.lost)}</label><label><input type="radio" name="reason" value="stolen"> ${e(h.stolen)}</label></fieldset><button type="submit" class="d">${e(h.reportButton)}</button></form>`;
  return `${head(lang, h)}${reported}${headline}${dates}<h2>${e(h.letters)}</h2>${letters}<h2>${e(h.reception)}</h2><p>${e(p.reception.address)}</p><p>${e(h.hours)}: ${e(p.reception.hours)}</p><p>${e(h.phone)}: ${phoneLink(p.reception.phone)}</p>${report}<p class="p">${e(h.leave)}</p>${FOOT}`;
}

/** The one confirming step before a report stops the card. */
export function renderReportConfirm(
  lang: PageLanguage,
  code: string,
  personalCode: string,
  reason: 'lost' | 'stolen',
): string {
  const h = HOLDER_TEXTS[lang];
  return `${head(lang, h)}<h2>${e(h.confirmTitle)}</h2><p class="k">${e(reason === 'lost' ? h.lost : h.stolen)}</p><p>${e(h.confirmExplain)}</p><form method="post" action="${HOLDER_PATH}/anmal">${carried(lang, code, personalCode)}<input type="hidden" name="reason" value="${reason}"><input type="hidden" name="confirmed" value="yes"><button type="submit" class="d">${e(h.confirmButton)}</button></form><form method="post" action="${HOLDER_PATH}">${carried(lang, code, personalCode)}<button type="submit" class="s">${e(h.back)}</button></form>${FOOT}`;
}

/** The calendar file: one all-day event on the last day a visit keeps the card valid, a reminder a week before. */
export function visitCalendar(
  lang: PageLanguage,
  visitBy: CalendarDate,
  reception: Reception,
  now: Date,
): string {
  const h = HOLDER_TEXTS[lang];
  const day = visitBy.replaceAll('-', '');
  const [y, m, d] = visitBy.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replaceAll('-', '');
  const stamp = `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  const text = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Migrationsverket//lmakort//SV',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:lma-visit-${day}-${createHash('sha256').update(`${visitBy}${stamp}`).digest('hex').slice(0, 16)}@lmakort`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${day}`,
    `DTEND;VALUE=DATE:${next}`,
    `SUMMARY:${text(fill(h.icsSummary, { date: holderDate(visitBy, lang) }))}`,
    `LOCATION:${text(reception.address)}`,
    `DESCRIPTION:${text(`${h.hours}: ${reception.hours}\n${h.phone}: ${reception.phone}`)}`,
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-P7D',
    `DESCRIPTION:${text(fill(h.icsSummary, { date: holderDate(visitBy, lang) }))}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** RFC 5545: lines longer than 75 octets are folded (CRLF and a space), never inside a character. */
function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  out.push(current);
  return out.join('\r\n ');
}
