// The console's page frame and form pieces: one layout (skip link, header, menu by role, language
// toggle, sign-out), notices that say what changed, labelled fields that name their error, and the
// "are you sure?" page every destructive action passes through.

import { stockholmDate, stockholmTime } from '../../../domain/calendar.ts';
import type { ConsoleSession } from '../../../services/officer-accounts.ts';
import { type Html, type HtmlValue, html } from './html.ts';
import { type ConsoleLanguage, type Words, wordsFor } from './texts.ts';

export interface PageContext {
  lang: ConsoleLanguage;
  t: Words;
  session: ConsoleSession | null;
  /** The path of this page, for the language toggle to come back to. */
  path: string;
}

export function pageContext(
  lang: ConsoleLanguage,
  session: ConsoleSession | null,
  path: string,
): PageContext {
  return { lang, t: wordsFor(lang), session, path };
}

export interface Notice {
  kind: 'success' | 'error';
  text: string;
  /** Extra lines under the text (e.g. a token shown once). */
  detail?: string;
  /** A next step offered with the notice: a button that posts to `action` (e.g. print the letter). */
  offer?: { action: string; label: string; fields?: Record<string, string> };
}

/** An instant as Swedish officers read it: date and hh:mm, Swedish time. */
export function formatInstant(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${stockholmDate(d)} ${stockholmTime(d).slice(0, 5)}`;
}

function menu(ctx: PageContext): Html {
  const s = ctx.session;
  if (!s) return html``;
  const items: [string, string][] = [
    ['/officer/', ctx.t.navFind],
    ...(s.role !== 'auditor' ? ([['/officer/applicants/new', ctx.t.navRegister]] as [string, string][]) : []),
    ['/officer/cards', ctx.t.navQueue],
    ['/officer/letters', ctx.t.navLetters],
    ...(s.role === 'admin'
      ? ([
          ['/officer/admin/officers', ctx.t.navOfficers],
          ['/officer/admin/tokens', ctx.t.navTokens],
        ] as [string, string][])
      : []),
    ...(s.role !== 'officer'
      ? ([
          ['/officer/statistics', ctx.t.navStats],
          ['/officer/audit', ctx.t.navAudit],
        ] as [string, string][])
      : []),
  ];
  const current = ctx.path.split('?')[0];
  return html`<nav aria-label="${ctx.t.nav}"><ul>${items.map(
    ([href, label]) =>
      html`<li><a href="${href}"${current === href ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${ctx.session?.csrfToken ?? ''}">`;
}

export function noticeBox(ctx: PageContext, notice: Notice | null | undefined): Html {
  if (!notice) return html``;
  const role = notice.kind === 'error' ? 'alert' : 'status';
  const offer = notice.offer;
  return html`<div class="notice ${notice.kind}" role="${role}" data-testid="${notice.kind === 'error' ? 'error' : 'flash'}"><p>${notice.text}</p>${
    notice.detail ? html`<p class="secret"><code data-testid="secret">${notice.detail}</code></p>` : ''
  }</div>${
    offer
      ? postForm(
          ctx,
          offer.action,
          html`${Object.entries(offer.fields ?? {}).map(
            ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
          )}<button type="submit" class="secondary" data-testid="offer">${offer.label}</button>`,
          { className: 'offer' },
        )
      : ''
  }`;
}

export function layout(
  ctx: PageContext,
  title: string,
  body: HtmlValue,
  notice?: Notice | null,
  options: { focusHeading?: boolean } = {},
): string {
  const { t, session } = ctx;
  const other: ConsoleLanguage = ctx.lang === 'sv' ? 'en' : 'sv';
  const back = encodeURIComponent(ctx.path);
  return `<!doctype html>${html`<html lang="${ctx.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title} – ${t.service}</title><link rel="stylesheet" href="/officer/assets/console.css"><script src="/officer/assets/console.js" defer></script></head><body><a class="skip" href="#main">${t.skip}</a><header class="top"><div class="bar"><a class="brand" href="/officer/">${t.service}</a><div class="tools"><a href="/officer/language/${other}?back=${back}" lang="${other}" hreflang="${other}" data-testid="language">${t.otherLanguage}</a>${
    session
      ? html`<span class="who">${t.signedInAs} <strong data-testid="username">${session.username}</strong> (${t[`role_${session.role}`]})</span><form method="post" action="/officer/sign-out" class="inline">${csrfField(ctx)}<button type="submit" class="link">${t.signOut}</button></form>`
      : ''
  }</div></div>${menu(ctx)}</header><main id="main" tabindex="-1"><h1${options.focusHeading ? html` tabindex="-1" autofocus` : ''}>${title}</h1>${noticeBox(ctx, notice)}${body}</main></body></html>`}`;
}

export interface FieldOptions {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
  autofocus?: boolean;
  pattern?: string;
}

export const fieldId = (name: string) => `f-${name}`;

export function field(o: FieldOptions): Html {
  const id = fieldId(o.name);
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="${id}">${o.label}</label>${
    o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''
  }${o.error ? html`<p class="field-error" id="${id}-error">${o.error}</p>` : ''}<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${
    o.value !== undefined && o.type !== 'password' ? html` value="${o.value}"` : ''
  }${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${
    o.inputmode ? html` inputmode="${o.inputmode}"` : ''
  }${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.pattern ? html` pattern="${o.pattern}"` : ''}${
    described ? html` aria-describedby="${described}"` : ''
  }${o.error ? html` aria-invalid="true"` : ''}${o.autofocus ? html` autofocus` : ''}></div>`;
}

export function select(o: {
  name: string;
  label: string;
  options: readonly (readonly [string, string])[];
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  /** A first, empty choice ("Välj…") selected until the officer picks one: no decision is preselected. */
  placeholder?: string;
}): Html {
  const id = fieldId(o.name);
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="${id}">${o.label}</label>${
    o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''
  }${o.error ? html`<p class="field-error" id="${id}-error">${o.error}</p>` : ''}<select id="${id}" name="${o.name}"${
    described ? html` aria-describedby="${described}"` : ''
  }${o.error ? html` aria-invalid="true"` : ''}>${
    o.placeholder
      ? html`<option value=""${o.options.some(([v]) => v === o.value) ? '' : html` selected`}>${o.placeholder}</option>`
      : ''
  }${o.options.map(
    ([value, label]) =>
      html`<option value="${value}"${value === o.value ? html` selected` : ''}>${label}</option>`,
  )}</select></div>`;
}

/** The list of what is wrong at the top of a form, each linking to its field. */
export function errorSummary(t: Words, errors: Record<string, string>, labels: Record<string, string>): Html {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  return html`<div class="notice error" role="alert" data-testid="error"><p>${t.formErrors}</p><ul>${entries.map(
    ([name, message]) => html`<li><a href="#${fieldId(name)}">${labels[name] ?? name}: ${message}</a></li>`,
  )}</ul></div>`;
}

/** A form that posts to `action` with the CSRF token; `body` holds the fields and buttons. */
export function postForm(
  ctx: PageContext,
  action: string,
  body: HtmlValue,
  options: { className?: string; multipart?: boolean; label?: string } = {},
): Html {
  // novalidate: the server names every problem in the officer's language (the browser's bubbles would not).
  return html`<form method="post" action="${action}" novalidate${options.className ? html` class="${options.className}"` : ''}${
    options.multipart ? html` enctype="multipart/form-data"` : ''
  }${options.label ? html` aria-label="${options.label}"` : ''}>${csrfField(ctx)}${body}</form>`;
}

/**
 * The "are you sure?" step of a destructive action: says what will happen, repeats the form's values
 * as hidden fields with confirm=yes, and offers a way back.
 */
export function confirmPage(
  ctx: PageContext,
  question: string,
  action: string,
  values: Record<string, string>,
  backHref: string,
  /** The button's words, naming the action and its object ("Registrera beslutet Avslag"). */
  yes: string = ctx.t.confirmYes,
): string {
  const hidden = Object.entries(values).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return layout(
    ctx,
    ctx.t.confirmTitle,
    html`<div class="confirm" data-testid="confirm"><p class="question">${question}</p>${postForm(
      ctx,
      action,
      html`${hidden}<input type="hidden" name="confirm" value="yes"><div class="actions"><button type="submit" class="danger">${yes}</button><a class="button secondary" href="${backHref}">${ctx.t.cancel}</a></div>`,
    )}</div>`,
    null,
    { focusHeading: true },
  );
}

/** A page that only says something (refusals, not found, errors). */
export function messagePage(ctx: PageContext, title: string, text: string): string {
  return layout(
    ctx,
    title,
    html`<p data-testid="message">${text}</p><p><a href="/officer/">${ctx.t.toStart}</a></p>`,
  );
}
