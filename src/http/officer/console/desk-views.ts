// The officer's screens: sign-in, find, register, history and the card queue (the applicant's page is
// applicant-view.ts, the letters letters-view.ts). Pure functions of their data; every value escaped.

import { LANGUAGES } from '../../../domain/applicant.ts';
import { cardNumber } from '../../../domain/card.ts';
import type { Applicant } from '../../../store/applicant-store.ts';
import type { QueuedCard } from '../../../store/card-store.ts';
import type { HistoryEntry } from '../../../store/record-store.ts';
import { type Dossier, fullName } from './dossier.ts';
import { actorName, historySentence } from './history-words.ts';
import { type Html, html } from './html.ts';
import {
  errorSummary,
  field,
  formatInstant,
  layout,
  type Notice,
  type PageContext,
  postForm,
  select,
} from './layout.ts';
import { SEARCH_LIMIT } from './search.ts';
import { fill, type Words } from './texts.ts';

export type FormValues = Record<string, string | undefined>;
export type FormErrors = Record<string, string>;

/** A page with a form: what just changed, or the input kept and each problem named at its field. */
export interface FormPageOptions {
  notice?: Notice | null;
  values?: FormValues;
  errors?: FormErrors;
}

// ---- sign-in --------------------------------------------------------------------------------------

export function signInPage(
  ctx: PageContext,
  o: { token: string; username?: string; notice?: Notice | null; next?: string },
): string {
  const { t } = ctx;
  return layout(
    ctx,
    t.signIn,
    html`<form method="post" action="/officer/sign-in" class="narrow"><input type="hidden" name="_csrf" value="${o.token}">${
      o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''
    }${field({ name: 'username', label: t.username, value: o.username, required: true, autocomplete: 'username', maxlength: 60, autofocus: !o.username })}${field(
      {
        name: 'password',
        label: t.password,
        type: 'password',
        required: true,
        autocomplete: 'current-password',
        maxlength: 200,
        autofocus: Boolean(o.username),
      },
    )}<div class="actions"><button type="submit" class="primary">${t.signIn}</button></div></form>`,
    o.notice,
  );
}

// ---- find -----------------------------------------------------------------------------------------

export function findPage(
  ctx: PageContext,
  o: {
    value: string;
    error?: string | undefined;
    results: Applicant[] | null;
    noMatch?: string;
    notice?: Notice | null;
  },
): string {
  const { t } = ctx;
  const results =
    o.results === null
      ? ''
      : o.results.length === 0
        ? html`<p class="notice info" role="status" data-testid="no-match">${o.noMatch ?? t.noMatch}</p>`
        : html`<h2>${fill(t.matchCount, { count: o.results.length })}</h2>${
            o.results.length >= SEARCH_LIMIT
              ? html`<p class="hint" data-testid="more-matches">${fill(t.moreMatches, { count: SEARCH_LIMIT })}</p>`
              : ''
          }<ul class="results" data-testid="results">${o.results.map(
            (a) =>
              html`<li>${
                a.hasPhoto
                  ? html`<img class="thumb" src="/officer/applicants/${a.id}/photo?v=${encodeURIComponent(a.photoTakenAt ?? '')}" alt="" width="48" height="60" loading="lazy">`
                  : html`<span class="thumb no-photo" aria-hidden="true"></span>`
              } <a href="/officer/applicants/${a.id}">${fullName(a)}</a> · ${t.dossierNumber.toLowerCase()} ${a.dossierNumber} · ${t.born.toLowerCase()} ${a.birthDate}</li>`,
          )}</ul>`;
  return layout(
    ctx,
    t.findTitle,
    html`${errorSummary(t, o.error ? { q: o.error } : {}, { q: t.searchLabel })}<form method="get" action="/officer/" class="card-box search" role="search">${field(
      {
        name: 'q',
        label: t.searchLabel,
        hint: t.searchHint,
        value: o.value,
        error: o.error,
        type: 'search',
        maxlength: 300,
        autocomplete: 'off',
        autofocus: true,
      },
    )}<button type="submit" class="primary">${t.search}</button></form>${results}`,
    o.notice,
  );
}

// ---- register -------------------------------------------------------------------------------------

export function applicantLabels(t: Words): Record<string, string> {
  return {
    givenName: t.givenName,
    familyName: t.familyName,
    birthDate: t.birthDate,
    nationality: t.nationality,
    language: t.language,
    dossierNumber: t.dossierNumber,
    personalIdentityNumber: t.pin,
    careOf: t.careOf,
    street: t.street,
    postalCode: t.postalCode,
    city: t.city,
  };
}

export const LANGUAGE_NAMES: Record<string, string> = {
  sv: 'svenska / Swedish',
  en: 'engelska / English',
  ar: 'arabiska / Arabic (العربية)',
  fa: 'persiska / Persian (فارسی)',
  prs: 'dari / Dari (دری)',
  ti: 'tigrinja / Tigrinya (ትግርኛ)',
  so: 'somaliska / Somali (Soomaali)',
  uk: 'ukrainska / Ukrainian (українська)',
  ru: 'ryska / Russian (русский)',
};

export function registerPage(ctx: PageContext, o: { values: FormValues; errors: FormErrors }): string {
  const { t } = ctx;
  const v = o.values;
  const e = o.errors;
  return layout(
    ctx,
    t.registerTitle,
    html`${errorSummary(t, e, applicantLabels(t))}${postForm(
      ctx,
      '/officer/applicants',
      html`<div class="columns">${field({ name: 'givenName', label: t.givenName, value: v.givenName, error: e.givenName, required: true, maxlength: 100, autocomplete: 'off' })}${field(
        {
          name: 'familyName',
          label: t.familyName,
          value: v.familyName,
          error: e.familyName,
          required: true,
          maxlength: 100,
          autocomplete: 'off',
        },
      )}</div><div class="columns">${field({ name: 'birthDate', label: t.birthDate, hint: t.dateHint, value: v.birthDate, error: e.birthDate, required: true, inputmode: 'numeric', maxlength: 10, autocomplete: 'off' })}${field(
        {
          name: 'nationality',
          label: t.nationality,
          hint: t.nationalityHint,
          value: v.nationality,
          error: e.nationality,
          required: true,
          maxlength: 3,
          autocomplete: 'off',
        },
      )}</div>${select({
        name: 'language',
        label: t.language,
        placeholder: t.choose,
        value: v.language,
        error: e.language,
        options: LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l] ?? l] as const),
      })}<div class="columns">${field({ name: 'dossierNumber', label: t.dossierOptional, hint: t.dossierHint, value: v.dossierNumber, error: e.dossierNumber, inputmode: 'numeric', maxlength: 9, autocomplete: 'off' })}${field(
        {
          name: 'personalIdentityNumber',
          label: t.pin,
          hint: t.pinHint,
          value: v.personalIdentityNumber,
          error: e.personalIdentityNumber,
          maxlength: 13,
          autocomplete: 'off',
        },
      )}</div><fieldset><legend>${t.address}</legend>${field({ name: 'careOf', label: t.careOf, value: v.careOf, error: e.careOf, maxlength: 100, autocomplete: 'off' })}${field(
        {
          name: 'street',
          label: t.street,
          value: v.street,
          error: e.street,
          maxlength: 100,
          autocomplete: 'off',
        },
      )}<div class="columns">${field({ name: 'postalCode', label: t.postalCode, value: v.postalCode, error: e.postalCode, inputmode: 'numeric', maxlength: 6, autocomplete: 'off' })}${field(
        { name: 'city', label: t.city, value: v.city, error: e.city, maxlength: 60, autocomplete: 'off' },
      )}</div><div class="check"><input type="checkbox" id="f-protectedAddress" name="protectedAddress" value="yes"${
        v.protectedAddress === 'yes' ? html` checked` : ''
      }><label for="f-protectedAddress">${t.protectedAddress}</label></div></fieldset><div class="actions"><button type="submit" class="primary">${t.register}</button></div>`,
    )}`,
  );
}

// ---- history --------------------------------------------------------------------------------------

/** The history, oldest first, each entry a sentence that names who did it (history-words.ts). */
export function historyTable(
  ctx: PageContext,
  entries: readonly HistoryEntry[],
  label: string,
  cardNumbers?: ReadonlyMap<string, string>,
): Html {
  const { t } = ctx;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${label}"><table data-testid="history"><thead><tr><th scope="col">${t.when}</th><th scope="col">${t.whatHappened}</th></tr></thead><tbody>${entries.map(
    (e) =>
      html`<tr data-action="${e.action}" data-actor="${actorName(e.actor)}"><td class="nowrap">${formatInstant(e.at)}</td><td>${historySentence(t, e, cardNumbers)}</td></tr>`,
  )}</tbody></table></div>`;
}

export function historyPage(ctx: PageContext, d: Dossier): string {
  const { t } = ctx;
  const title = fill(t.historyOf, { name: fullName(d.applicant) });
  return layout(
    ctx,
    title,
    html`<p><a href="/officer/applicants/${d.applicant.id}">${t.back}</a></p>${historyTable(
      ctx,
      d.history,
      title,
      new Map(d.cards.map((c) => [c.id, cardNumber(d.applicant.dossierNumber, c.serial)])),
    )}`,
  );
}

// ---- card queue -----------------------------------------------------------------------------------

export interface OpenBatch {
  id: string;
  createdAt: string;
  cards: number;
}

export function queuePage(
  ctx: PageContext,
  cards: readonly QueuedCard[],
  batches: readonly OpenBatch[],
  notice?: Notice | null,
): string {
  const { t } = ctx;
  const canWrite = ctx.session?.role !== 'auditor';
  const ordered = cards.filter((c) => c.state === 'ordered');
  const produced = cards.filter((c) => c.state === 'produced');
  const who = (c: QueuedCard) =>
    html`<a href="/officer/applicants/${c.applicantId}">${c.givenName} ${c.familyName}</a>`;
  const orderedTable =
    ordered.length === 0
      ? html`<p>${t.queueEmpty}</p>`
      : html`<table data-testid="queue-ordered"><thead><tr><th scope="col">${t.cardNumber}</th><th scope="col">${t.applicant}</th><th scope="col">${t.ordered}</th></tr></thead><tbody>${ordered.map(
          (c) =>
            html`<tr><td>${cardNumber(c.dossierNumber, c.serial)}</td><td>${who(c)}</td><td>${formatInstant(c.orderedAt)}</td></tr>`,
        )}</tbody></table>`;
  const orderedSection = html`<section aria-labelledby="h-ordered" class="panel"><h2 id="h-ordered">${t.queueOrdered} (${ordered.length})</h2>${
    canWrite && ordered.length > 0
      ? postForm(
          ctx,
          '/officer/cards/batch',
          html`${orderedTable}<div class="actions"><button type="submit" class="primary">${t.printBatch}</button></div>`,
        )
      : orderedTable
  }</section>`;
  const batchSection = html`<section aria-labelledby="h-batches" class="panel"><h2 id="h-batches">${t.batchesTitle} (${batches.length})</h2>${
    batches.length === 0
      ? html`<p>${t.queueEmpty}</p>`
      : html`<ul class="batches" data-testid="queue-batches">${batches.map((b) => {
          const label = fill(t.batchLabel, { created: formatInstant(b.createdAt), count: String(b.cards) });
          return html`<li><span>${label}</span> <a href="/officer/batches/${b.id}.pdf">${t.batchPdf}<span class="visually-hidden"> (${label})</span></a>${
            canWrite
              ? postForm(
                  ctx,
                  `/officer/batches/${b.id}/printed`,
                  html`<button type="submit" class="primary">${t.markPrinted}<span class="visually-hidden"> (${label})</span></button>`,
                )
              : ''
          }</li>`;
        })}</ul>`
  }</section>`;
  const producedSection = html`<section aria-labelledby="h-produced" class="panel"><h2 id="h-produced">${t.queueProduced} (${produced.length})</h2>${
    produced.length === 0
      ? html`<p>${t.queueEmpty}</p>`
      : html`<table data-testid="queue-produced"><thead><tr><th scope="col">${t.cardNumber}</th><th scope="col">${t.applicant}</th><th scope="col">${t.created}</th>${
          canWrite ? html`<th scope="col">${t.action}</th>` : ''
        }</tr></thead><tbody>${produced.map(
          (c) =>
            html`<tr><td>${cardNumber(c.dossierNumber, c.serial)}</td><td>${who(c)}</td><td>${formatInstant(c.producedAt)}</td>${
              canWrite
                ? html`<td>${postForm(ctx, `/officer/cards/${c.id}/handover`, html`<input type="hidden" name="back" value="queue"><button type="submit" class="primary">${t.handOver}<span class="visually-hidden"> ${cardNumber(c.dossierNumber, c.serial)}</span></button>`)}</td>`
                : ''
            }</tr>`,
        )}</tbody></table>`
  }</section>`;
  return layout(ctx, t.queueTitle, html`${orderedSection}${batchSection}${producedSection}`, notice);
}
