// The officer's screens: sign-in, find, register, the applicant (cards, biometrics, visit, decisions,
// AT-UND), letters, history and the card queue. Pure functions of their data; every value escaped.

import { LANGUAGES } from '../../../domain/applicant.ts';
import { CANCEL_REASONS, cardNumber } from '../../../domain/card.ts';
import { DECISION_TYPES } from '../../../domain/coverage.ts';
import type { Applicant } from '../../../store/applicant-store.ts';
import type { CardRecord, QueuedCard } from '../../../store/card-store.ts';
import type { HistoryEntry } from '../../../store/record-store.ts';
import { type Dossier, fullName, groupedCode } from './dossier.ts';
import { type Html, type HtmlValue, html } from './html.ts';
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
import { answerWords, hiddenAtUndWords, statusWords, whyWords } from './standing-words.ts';
import { fill, type Words } from './texts.ts';

export type FormValues = Record<string, string | undefined>;
export type FormErrors = Record<string, string>;

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
    values: FormValues;
    errors: FormErrors;
    results: Applicant[] | null;
    notice?: Notice | null;
  },
): string {
  const { t } = ctx;
  const labels = { dossierNumber: t.dossierNumber, name: t.name, birthDate: t.birthDate };
  const results =
    o.results === null
      ? ''
      : o.results.length === 0
        ? html`<p class="notice info" role="status" data-testid="no-match">${t.noMatch}</p>`
        : html`<h2>${t.matches}</h2><ul class="results" data-testid="results">${o.results.map(
            (a) =>
              html`<li><a href="/officer/applicants/${a.id}">${fullName(a)}</a> · ${a.dossierNumber} · ${t.born} ${a.birthDate}</li>`,
          )}</ul>`;
  return layout(
    ctx,
    t.findTitle,
    html`${errorSummary(t, o.errors, labels)}<div class="columns"><form method="get" action="/officer/" class="card-box"><h2 id="by-dossier">${t.byDossier}</h2>${field(
      {
        name: 'dossierNumber',
        label: t.dossierNumber,
        hint: t.dossierHint,
        value: o.values.dossierNumber,
        error: o.errors.dossierNumber,
        inputmode: 'numeric',
        maxlength: 12,
        autocomplete: 'off',
      },
    )}<button type="submit" class="primary">${t.search}</button></form><form method="get" action="/officer/" class="card-box"><h2 id="by-name">${t.byName}</h2>${field(
      {
        name: 'name',
        label: t.name,
        hint: t.nameHint,
        value: o.values.name,
        error: o.errors.name,
        maxlength: 100,
        autocomplete: 'off',
      },
    )}${field({
      name: 'birthDate',
      label: t.birthDate,
      hint: t.dateHint,
      value: o.values.birthDate,
      error: o.errors.birthDate,
      type: 'text',
      inputmode: 'numeric',
      maxlength: 10,
      autocomplete: 'off',
    })}<button type="submit" class="primary">${t.search}</button></form></div>${results}`,
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

const LANGUAGE_NAMES: Record<string, string> = {
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
        value: v.language ?? 'ar',
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

// ---- the applicant --------------------------------------------------------------------------------

export interface ApplicantPageOptions {
  notice?: Notice | null;
  values?: FormValues;
  errors?: FormErrors;
}

/** R14: the card's status says what is true today ("Utgånget 2026-11-04 – inte förnyat"), from its standing. */
function stateText(t: Words, d: Dossier, card: CardRecord): string {
  const truth = d.truth.get(card.id);
  return truth ? statusWords(t, truth.view, card.state) : t[`state_${card.state}`];
}

/**
 * R14: the page opens with what a verifier scanning the card sees now, in the verifier's words,
 * next to the reason only the officer may see.
 */
function checkBanner(ctx: PageContext, d: Dossier): Html {
  const { t } = ctx;
  const card = d.shown;
  const truth = card && d.truth.get(card.id);
  if (!card || !truth) {
    return html`<section class="check plain" data-testid="check-banner" aria-label="${t.checkShows}"><p>${t.noCardToCheck}</p></section>`;
  }
  const hidden = hiddenAtUndWords(t, { ...truth.view, atUnd: truth.standing.atUnd }, truth.answer);
  return html`<section class="check ${truth.answer.result === 'valid' ? 'ok' : 'stop'}" data-testid="check-banner" data-result="${truth.answer.result}" data-at-und="${String(truth.answer.atUnd)}" aria-label="${t.checkShows}"><p>${t.checkShowsNow} <strong data-testid="check-answer">${answerWords(t, truth.answer)}</strong> — <span data-testid="check-why">${whyWords(t, truth.view, card.state)}</span> <span class="check-card">(${cardNumber(d.applicant.dossierNumber, card.serial)})</span></p>${
    hidden ? html`<p data-testid="check-hidden">${hidden}</p>` : ''
  }</section>`;
}

function cardActions(ctx: PageContext, d: Dossier, card: CardRecord, o: ApplicantPageOptions): HtmlValue {
  const { t } = ctx;
  const actions: Html[] = [];
  if (card.state === 'ordered') {
    actions.push(
      postForm(
        ctx,
        `/officer/cards/${card.id}/produced`,
        html`<button type="submit" class="primary">${t.produced}</button>`,
      ),
    );
  }
  if (card.state === 'produced') {
    actions.push(
      postForm(
        ctx,
        `/officer/cards/${card.id}/handover`,
        html`<button type="submit" class="primary">${t.handOver}</button>`,
      ),
    );
  }
  actions.push(
    postForm(
      ctx,
      `/officer/cards/${card.id}/cancel`,
      html`${select({
        name: 'reason',
        label: t.reason,
        value: o.values?.reason,
        error: o.errors?.reason,
        options: CANCEL_REASONS.map((r) => [r, t[`reason_${r}`]] as const),
      })}<button type="submit" class="danger">${t.cancelCard}</button>`,
      { className: 'cancel-card' },
    ),
  );
  void d;
  return html`<div class="actions stack">${actions}</div>`;
}

function answerOfCard(t: Words, d: Dossier, card: CardRecord): string {
  const truth = d.truth.get(card.id);
  return truth ? answerWords(t, truth.answer) : '';
}

function cardSection(ctx: PageContext, d: Dossier, canWrite: boolean, o: ApplicantPageOptions): Html {
  const { t } = ctx;
  const c = d.current;
  const current = c
    ? html`<dl class="facts" data-testid="current-card" data-code="${c.code}"><div><dt>${t.cardNumber}</dt><dd data-testid="card-number">${cardNumber(d.applicant.dossierNumber, c.serial)}</dd></div><div><dt>${t.code}</dt><dd class="code" data-testid="card-code">${groupedCode(c.code)}</dd></div><div><dt>${t.state}</dt><dd data-testid="card-state">${stateText(t, d, c)}</dd></div><div><dt>${t.validUntil}</dt><dd data-testid="valid-until">${c.validUntil ?? '–'}</dd></div></dl>${
        canWrite ? cardActions(ctx, d, c, o) : ''
      }`
    : html`<p data-testid="no-card">${t.noCard}</p>`;
  const old = d.cards.filter((x) => x.state === 'cancelled');
  return html`<section aria-labelledby="h-card" class="panel"><h2 id="h-card">${t.card}</h2>${current}${
    old.length > 0
      ? html`<table><caption>${t.state_cancelled}</caption><thead><tr><th scope="col">${t.cardNumber}</th><th scope="col">${t.state}</th><th scope="col">${t.checkShows}</th><th scope="col">${t.when}</th></tr></thead><tbody>${old.map(
          (x) =>
            html`<tr data-testid="cancelled-card" data-code="${x.code}"><td>${cardNumber(d.applicant.dossierNumber, x.serial)}</td><td data-testid="cancelled-state">${stateText(t, d, x)}</td><td data-testid="cancelled-answer">${answerOfCard(t, d, x)}</td><td>${formatInstant(x.cancelledAt)}</td></tr>`,
        )}</tbody></table>`
      : ''
  }</section>`;
}

function visitSection(ctx: PageContext, d: Dossier, canWrite: boolean): Html {
  const { t } = ctx;
  const last = d.visits.at(-1);
  return html`<section aria-labelledby="h-visit" class="panel"><h2 id="h-visit">${t.visit}</h2>${
    last ? html`<p>${t.lastVisit}: ${last.date}</p>` : ''
  }${
    canWrite
      ? postForm(
          ctx,
          `/officer/applicants/${d.applicant.id}/visits`,
          html`<p class="hint" id="visit-hint">${t.visitHint}</p><button type="submit" class="primary big" aria-describedby="visit-hint" data-testid="register-visit">${t.registerVisit}</button>`,
        )
      : ''
  }</section>`;
}

function biometricsSection(ctx: PageContext, d: Dossier, canWrite: boolean, o: ApplicantPageOptions): Html {
  const { t } = ctx;
  const a = d.applicant;
  const photo = a.hasPhoto
    ? html`<img class="photo" src="/officer/applicants/${a.id}/photo?v=${encodeURIComponent(a.photoTakenAt ?? '')}" alt="${fill(t.photoOf, { name: fullName(a) })}" width="120" height="150">`
    : html`<p>${t.noPhoto}</p>`;
  const upload = canWrite
    ? postForm(
        ctx,
        `/officer/applicants/${a.id}/photo`,
        html`<div class="field${o.errors?.photo ? ' has-error' : ''}"><label for="f-photo">${t.newPhoto}</label><p class="hint" id="f-photo-hint">${t.photoHint}</p>${
          o.errors?.photo ? html`<p class="field-error" id="f-photo-error">${o.errors.photo}</p>` : ''
        }<input id="f-photo" name="photo" type="file" accept="image/jpeg,image/png" capture="user" required aria-describedby="f-photo-hint${o.errors?.photo ? ' f-photo-error' : ''}"${
          o.errors?.photo ? html` aria-invalid="true"` : ''
        } data-max-bytes="5242880"></div><img class="preview" alt="" hidden data-preview-for="f-photo"><button type="submit" class="primary">${t.uploadPhoto}</button>`,
        { multipart: true },
      )
    : '';
  const fingerprints = a.fingerprintsTakenAt
    ? html`<p data-testid="fingerprints">${fill(t.fingerprintsTaken, { at: formatInstant(a.fingerprintsTakenAt) })}</p>`
    : html`<p data-testid="fingerprints">${t.fingerprintsMissing}</p>${
        canWrite
          ? postForm(
              ctx,
              `/officer/applicants/${a.id}/fingerprints`,
              html`<button type="submit" class="primary">${t.recordFingerprints}</button>`,
            )
          : ''
      }`;
  return html`<section aria-labelledby="h-bio" class="panel"><h2 id="h-bio">${t.biometrics}</h2><div class="columns"><div><h3>${t.photo}</h3>${photo}${upload}</div><div><h3>${t.fingerprints}</h3>${fingerprints}</div></div></section>`;
}

function decisionsSection(ctx: PageContext, d: Dossier, canWrite: boolean, o: ApplicantPageOptions): Html {
  const { t } = ctx;
  const rows = d.decisions.map(
    (x) =>
      html`<tr><td>${t[`decision_${x.type}`]}</td><td>${x.effectiveDate}</td><td>${formatInstant(x.registeredAt)}, ${x.registeredBy}</td><td>${
        x.revoked
          ? html`${t.revoked} ${formatInstant(x.revokedAt)}, ${x.revokedBy ?? ''}`
          : canWrite
            ? postForm(
                ctx,
                `/officer/decisions/${x.id}/revoke`,
                html`<button type="submit" class="secondary">${t.revoke}<span class="visually-hidden"> ${t[`decision_${x.type}`]} ${x.effectiveDate}</span></button>`,
              )
            : ''
      }</td></tr>`,
  );
  const table =
    rows.length === 0
      ? html`<p>${t.noDecisions}</p>`
      : html`<table data-testid="decisions"><thead><tr><th scope="col">${t.decisionType}</th><th scope="col">${t.effectiveDate}</th><th scope="col">${t.who}</th><th scope="col">${t.status}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const form = canWrite
    ? postForm(
        ctx,
        `/officer/applicants/${d.applicant.id}/decisions`,
        html`<div class="columns">${select({
          name: 'type',
          label: t.decisionType,
          value: o.values?.type,
          error: o.errors?.type,
          options: DECISION_TYPES.map((x) => [x, t[`decision_${x}`]] as const),
        })}${field({
          name: 'effectiveDate',
          label: t.effectiveDate,
          hint: `${t.dateHint}. ${t.effectiveHint}`,
          value: o.values?.effectiveDate,
          error: o.errors?.effectiveDate,
          inputmode: 'numeric',
          maxlength: 10,
          autocomplete: 'off',
        })}</div><button type="submit" class="danger">${t.registerDecision}</button>`,
      )
    : '';
  return html`<section aria-labelledby="h-decisions" class="panel"><h2 id="h-decisions">${t.decisions}</h2>${table}${form}</section>`;
}

function atUndSection(ctx: PageContext, d: Dossier, canWrite: boolean, o: ApplicantPageOptions): Html {
  const { t } = ctx;
  const history = d.atUndChanges.map(
    (c) =>
      html`<li>${c.granted ? t.atUndGrant : t.atUndRevoke}: ${t.effectiveDate.toLowerCase()} ${c.effectiveDate} (${formatInstant(c.registeredAt)}, ${c.registeredBy})</li>`,
  );
  const form = canWrite
    ? postForm(
        ctx,
        `/officer/applicants/${d.applicant.id}/at-und`,
        html`<div class="columns">${select({
          name: 'granted',
          label: t.atUnd,
          value: o.values?.granted ?? (d.atUnd ? 'no' : 'yes'),
          error: o.errors?.granted,
          options: [
            ['yes', t.atUndGrant],
            ['no', t.atUndRevoke],
          ],
        })}${field({
          name: 'atUndDate',
          label: t.effectiveDate,
          hint: `${t.dateHint}. ${t.effectiveHint}`,
          value: o.values?.atUndDate,
          error: o.errors?.atUndDate,
          inputmode: 'numeric',
          maxlength: 10,
          autocomplete: 'off',
        })}</div><button type="submit" class="primary">${t.saveAtUnd}</button>`,
      )
    : '';
  return html`<section aria-labelledby="h-atund" class="panel"><h2 id="h-atund">${t.atUndTitle}</h2><p data-testid="at-und-state"><strong>${d.atUnd ? t.atUndYes : t.atUndNo}</strong></p>${
    history.length > 0 ? html`<ul>${history}</ul>` : ''
  }${form}</section>`;
}

/** Green only when the card is valid too: never a green "covered" next to an expired card (R14). */
function coverageBadge(d: Dossier): 'ok' | 'plain' | 'stop' {
  if (!d.covered) return 'stop';
  const truth = d.shown && d.truth.get(d.shown.id);
  return truth?.answer.result === 'valid' ? 'ok' : 'plain';
}

export function applicantPage(ctx: PageContext, d: Dossier, o: ApplicantPageOptions = {}): string {
  const { t } = ctx;
  const a = d.applicant;
  const canWrite = ctx.session?.role !== 'auditor';
  const address = a.protectedAddress
    ? t.protectedAddress
    : a.address
      ? [
          a.address.careOf ? `c/o ${a.address.careOf}` : '',
          a.address.street,
          `${a.address.postalCode} ${a.address.city}`,
        ]
          .filter(Boolean)
          .join(', ')
      : '–';
  const summary = html`<section aria-labelledby="h-person" class="panel person"><h2 id="h-person" class="visually-hidden">${t.applicant}</h2><dl class="facts"><div><dt>${t.dossierNumber}</dt><dd data-testid="dossier-number">${a.dossierNumber}</dd></div><div><dt>${t.born}</dt><dd>${a.birthDate}</dd></div><div><dt>${t.nationality}</dt><dd>${a.nationality}</dd></div><div><dt>${t.language}</dt><dd>${LANGUAGE_NAMES[a.language] ?? a.language}</dd></div>${
    a.personalIdentityNumber ? html`<div><dt>${t.pin}</dt><dd>${a.personalIdentityNumber}</dd></div>` : ''
  }<div><dt>${t.address}</dt><dd>${address}</dd></div></dl><p class="badges"><span class="badge ${coverageBadge(d)}" data-testid="coverage">${
    d.covered ? t.covered : t.notCovered
  }</span> <span class="badge ${d.atUnd ? 'ok' : 'plain'}">${d.atUnd ? t.atUndYes : t.atUndNo}</span></p><p class="links"><a href="/officer/applicants/${a.id}/letters">${t.showLetters} (${d.letters.length})</a> · <a href="/officer/applicants/${a.id}/history">${t.showHistory}</a> · <a href="/officer/applicants/${a.id}/extract.pdf" data-testid="extract">${t.registerExtract}</a></p></section>`;
  const errors = o.errors ?? {};
  const body = html`${checkBanner(ctx, d)}${summary}${cardSection(ctx, d, canWrite, o)}${visitSection(ctx, d, canWrite)}${biometricsSection(ctx, d, canWrite, o)}${decisionsSection(ctx, d, canWrite, o)}${atUndSection(ctx, d, canWrite, o)}`;
  const notice =
    o.notice ??
    (Object.keys(errors).length > 0
      ? { kind: 'error' as const, text: Object.values(errors).join(' ') }
      : null);
  return layout(ctx, fullName(a), body, notice);
}

// ---- letters and history --------------------------------------------------------------------------

export function lettersPage(ctx: PageContext, d: Dossier): string {
  const { t } = ctx;
  const a = d.applicant;
  const rows = d.letters.map(
    (l) =>
      html`<tr><td>${t[`letter_${l.kind}`]}</td><td>${LANGUAGE_NAMES[l.language] ?? l.language}</td><td>${t[`letterState_${l.state}`]}</td><td>${
        l.forwarding ? t.forwardingYes : t.no
      }</td><td>${l.expiry ?? ''}</td><td>${formatInstant(l.createdAt)}</td></tr>`,
  );
  return layout(
    ctx,
    `${t.letters}: ${fullName(a)}`,
    html`<p><a href="/officer/applicants/${a.id}">${t.back}</a></p>${
      rows.length === 0
        ? html`<p>${t.noLetters}</p>`
        : html`<div class="scroll" tabindex="0" role="region" aria-label="${t.letters}"><table data-testid="letters"><thead><tr><th scope="col">${t.letterKind}</th><th scope="col">${t.language}</th><th scope="col">${t.state}</th><th scope="col">${t.forwarding}</th><th scope="col">${t.expiry}</th><th scope="col">${t.created}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    }`,
  );
}

const ACTIONS: Record<string, readonly [string, string]> = {
  'applicant.registered': ['Registrerad', 'Registered'],
  'photo.recorded': ['Foto sparat', 'Photo saved'],
  'fingerprints.recorded': ['Fingeravtryck registrerade', 'Fingerprints recorded'],
  'card.ordered': ['Kort beställt', 'Card ordered'],
  'card.reordered': ['Nytt kort beställt', 'New card ordered'],
  'card.produced': ['Kort tillverkat', 'Card produced'],
  'card.handed_over': ['Kort utlämnat', 'Card handed over'],
  'card.cancelled': ['Kort spärrat', 'Card cancelled'],
  'visit.registered': ['Besök registrerat', 'Visit registered'],
  'decision.registered': ['Beslut registrerat', 'Decision registered'],
  'decision.revoked': ['Beslut återkallat', 'Decision revoked'],
  'at_und.granted': ['AT-UND beviljad', 'AT-UND granted'],
  'at_und.revoked': ['AT-UND återkallad', 'AT-UND revoked'],
  'officer.signed_in': ['Inloggad', 'Signed in'],
  'officer.signed_out': ['Utloggad', 'Signed out'],
  'officer.sign_in_failed': ['Misslyckad inloggning', 'Failed sign-in'],
  'officer.sign_in_refused': ['Inloggning nekad (låst)', 'Sign-in refused (locked)'],
  'officer.locked_out': ['Kontot låst', 'Account locked'],
  'officer.created': ['Handläggare skapad', 'Officer created'],
  'officer.disabled': ['Handläggare avstängd', 'Officer disabled'],
  'officer.enabled': ['Handläggare aktiverad', 'Officer enabled'],
  'officer.unlocked': ['Handläggare upplåst', 'Officer unlocked'],
  'officer.password_reset': ['Nytt lösenord satt', 'Password reset'],
  'token.created': ['API-nyckel skapad', 'API token created'],
  'token.revoked': ['API-nyckel återkallad', 'API token revoked'],
};

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

export function historyTable(ctx: PageContext, entries: readonly HistoryEntry[], label: string): Html {
  const { t } = ctx;
  const i = ctx.lang === 'sv' ? 0 : 1;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${label}"><table data-testid="history"><thead><tr><th scope="col">${t.when}</th><th scope="col">${t.who}</th><th scope="col">${t.what}</th><th scope="col">${t.details}</th></tr></thead><tbody>${entries.map(
    (e) =>
      html`<tr><td class="nowrap">${formatInstant(e.at)}</td><td>${e.actor}</td><td>${ACTIONS[e.action]?.[i] ?? e.action}</td><td class="details">${detailsText(e.details)}</td></tr>`,
  )}</tbody></table></div>`;
}

export function historyPage(ctx: PageContext, d: Dossier): string {
  const { t } = ctx;
  const title = fill(t.historyOf, { name: fullName(d.applicant) });
  return layout(
    ctx,
    title,
    html`<p><a href="/officer/applicants/${d.applicant.id}">${t.back}</a></p>${historyTable(ctx, d.history, title)}`,
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
