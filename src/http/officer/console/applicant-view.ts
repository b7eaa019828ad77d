// The applicant's page, built around the visit: a header band with the photo, the case number, what a
// verifier sees now (R14) and the day's primary action ("Registrera besök", or the handover when a
// card waits for it) in the first screenful; then the card, the person, biometrics, decisions and
// AT-UND. Cancelling a card is a secondary action on its own page (cancelPage).

import { CANCEL_REASONS, cardNumber } from '../../../domain/card.ts';
import { DECISION_TYPES } from '../../../domain/coverage.ts';
import { nationalityName } from '../../../domain/nationality.ts';
import type { CardRecord } from '../../../store/card-store.ts';
import { type FormErrors, type FormPageOptions, type FormValues, LANGUAGE_NAMES } from './desk-views.ts';
import { type Dossier, fullName, groupedCode } from './dossier.ts';
import { actorName } from './history-words.ts';
import { holderSection } from './holder-views.ts';
import { type Html, html } from './html.ts';
import { field, formatInstant, layout, type PageContext, postForm, select } from './layout.ts';
import { answerWords, hiddenAtUndWords, statusWords, whyWords } from './standing-words.ts';
import { fill, type Words } from './texts.ts';

export type ApplicantPageOptions = FormPageOptions;

/** The key that reaches the visit button from anywhere on the page (Alt+B in Chrome and Edge, Alt+Shift+B in Firefox). */
export const VISIT_ACCESS_KEY = 'b';

/** R14: the card's status says what is true today ("Utgånget 2026-11-04 – inte förnyat"), from its standing. */
function stateText(t: Words, d: Dossier, card: CardRecord): string {
  const truth = d.truth.get(card.id);
  return truth ? statusWords(t, truth.view, card.state) : t[`state_${card.state}`];
}

const numberOf = (d: Dossier, card: CardRecord) => cardNumber(d.applicant.dossierNumber, card.serial);

/** R14: what a verifier scanning the card sees now, in the verifier's words, and the officer's reason. */
function checkBanner(ctx: PageContext, d: Dossier): Html {
  const { t } = ctx;
  const card = d.shown;
  const truth = card && d.truth.get(card.id);
  if (!card || !truth) {
    return html`<section class="check plain" data-testid="check-banner" aria-label="${t.checkShows}"><p>${t.noCardToCheck}</p></section>`;
  }
  const hidden = hiddenAtUndWords(t, { ...truth.view, atUnd: truth.standing.atUnd }, truth.answer);
  return html`<section class="check ${truth.answer.result === 'valid' ? 'ok' : 'stop'}" data-testid="check-banner" data-result="${truth.answer.result}" data-at-und="${String(truth.answer.atUnd)}" aria-label="${t.checkShows}"><p>${t.checkShowsNow} <strong data-testid="check-answer">${answerWords(t, truth.answer)}</strong> — <span data-testid="check-why">${whyWords(t, truth.view, card.state)}</span> <span class="check-card">(${numberOf(d, card)})</span></p>${
    hidden ? html`<p data-testid="check-hidden">${hidden}</p>` : ''
  }</section>`;
}

function photoOf(ctx: PageContext, d: Dossier): Html {
  const a = d.applicant;
  return a.hasPhoto
    ? html`<img class="photo" src="/officer/applicants/${a.id}/photo?v=${encodeURIComponent(a.photoTakenAt ?? '')}" alt="${fill(ctx.t.photoOf, { name: fullName(a) })}" width="120" height="150">`
    : html`<p class="no-photo" data-testid="no-photo">${ctx.t.noPhoto}</p>`;
}

/**
 * The day's work in one band: who this is, what the check shows, and the action the officer came
 * for. With `focus`, the primary action has the keyboard focus on arrival (after a search or a scan:
 * Enter registers the visit); never after an action, so a second Enter does not act twice.
 */
function headBand(ctx: PageContext, d: Dossier, canWrite: boolean, focus: boolean): Html {
  const { t } = ctx;
  const a = d.applicant;
  const last = d.visits.at(-1);
  const waiting = d.current?.state === 'produced' ? d.current : undefined;
  const handover = waiting
    ? postForm(
        ctx,
        `/officer/cards/${waiting.id}/handover`,
        html`<button type="submit" class="primary big" data-testid="hand-over"${focus ? html` autofocus` : ''}>${fill(t.handOverCard, { number: numberOf(d, waiting) })}</button>`,
      )
    : '';
  const visit = postForm(
    ctx,
    `/officer/applicants/${a.id}/visits`,
    html`<button type="submit" class="${waiting ? 'secondary' : 'primary big'}" data-testid="register-visit" accesskey="${VISIT_ACCESS_KEY}" aria-describedby="visit-hint"${
      focus && !waiting ? html` autofocus` : ''
    }>${t.registerVisit}</button>`,
  );
  return html`<section class="band" aria-labelledby="h-band" data-testid="head-band"><h2 id="h-band" class="visually-hidden">${t.visit}</h2><div class="band-photo">${photoOf(ctx, d)}</div><div class="band-main"><p class="band-facts"><span>${t.dossierNumber} <strong data-testid="dossier-number">${a.dossierNumber}</strong></span> <span>${t.born} ${a.birthDate}</span></p>${checkBanner(ctx, d)}${
    canWrite ? html`<div class="actions band-actions">${handover}${visit}</div>` : ''
  }<p class="hint" id="visit-hint">${canWrite ? t.visitHint : ''}${last ? html` ${t.lastVisit}: <span data-testid="last-visit">${last.date}</span>.` : ''}</p></div></section>`;
}

function cardSection(ctx: PageContext, d: Dossier, canWrite: boolean): Html {
  const { t } = ctx;
  const c = d.current;
  const actions = (card: CardRecord) =>
    html`<div class="actions">${
      card.state === 'ordered'
        ? postForm(
            ctx,
            `/officer/cards/${card.id}/produced`,
            html`<button type="submit" class="primary">${fill(t.producedCard, { number: numberOf(d, card) })}</button>`,
          )
        : ''
    }<a class="button secondary" href="/officer/cards/${card.id}/cancel" data-testid="cancel-card">${fill(t.cancelCard, { number: numberOf(d, card) })}</a></div>`;
  const current = c
    ? html`<dl class="facts" data-testid="current-card" data-code="${c.code}"><div><dt>${t.cardNumber}</dt><dd data-testid="card-number">${numberOf(d, c)}</dd></div><div><dt>${t.code}</dt><dd class="code" data-testid="card-code">${groupedCode(c.code)}</dd></div><div><dt>${t.state}</dt><dd data-testid="card-state">${stateText(t, d, c)}</dd></div><div><dt>${t.validUntil}</dt><dd data-testid="valid-until">${c.validUntil ?? '–'}</dd></div></dl>${
        canWrite ? actions(c) : ''
      }`
    : html`<p data-testid="no-card">${t.noCard}</p>`;
  const old = d.cards.filter((x) => x.state === 'cancelled');
  return html`<section aria-labelledby="h-card" class="panel"><h2 id="h-card">${t.card}</h2>${current}${
    old.length > 0
      ? html`<table><caption>${t.state_cancelled}</caption><thead><tr><th scope="col">${t.cardNumber}</th><th scope="col">${t.state}</th><th scope="col">${t.checkShows}</th><th scope="col">${t.when}</th></tr></thead><tbody>${old.map(
          (x) => {
            const truth = d.truth.get(x.id);
            return html`<tr data-testid="cancelled-card" data-code="${x.code}"><td>${numberOf(d, x)}</td><td data-testid="cancelled-state">${stateText(t, d, x)}</td><td data-testid="cancelled-answer">${truth ? answerWords(t, truth.answer) : ''}</td><td>${formatInstant(x.cancelledAt)}</td></tr>`;
          },
        )}</tbody></table>`
      : ''
  }</section>`;
}

/** Green only when the card is valid too: never a green "covered" next to an expired card (R14). */
function coverageBadge(d: Dossier): 'ok' | 'plain' | 'stop' {
  if (!d.covered) return 'stop';
  const truth = d.shown && d.truth.get(d.shown.id);
  return truth?.answer.result === 'valid' ? 'ok' : 'plain';
}

function personSection(ctx: PageContext, d: Dossier): Html {
  const { t } = ctx;
  const a = d.applicant;
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
  return html`<section aria-labelledby="h-person" class="panel person"><h2 id="h-person">${t.applicant}</h2><dl class="facts"><div><dt>${t.nationality}</dt><dd data-testid="nationality">${nationalityName(ctx.lang, a.nationality)}</dd></div><div><dt>${t.language}</dt><dd>${LANGUAGE_NAMES[a.language] ?? a.language}</dd></div>${
    a.personalIdentityNumber ? html`<div><dt>${t.pin}</dt><dd>${a.personalIdentityNumber}</dd></div>` : ''
  }<div><dt>${t.address}</dt><dd>${address}</dd></div></dl><p class="badges"><span class="badge ${coverageBadge(d)}" data-testid="coverage">${
    d.covered ? t.covered : t.notCovered
  }</span> <span class="badge ${d.atUnd ? 'ok' : 'plain'}">${d.atUnd ? t.atUndYes : t.atUndNo}</span></p><p class="links"><a href="/officer/applicants/${a.id}/letters">${t.showLetters} (${d.letters.length})</a> · <a href="/officer/applicants/${a.id}/history">${t.showHistory}</a> · <a href="/officer/applicants/${a.id}/extract.pdf" data-testid="extract">${t.registerExtract}</a></p></section>`;
}

function biometricsSection(ctx: PageContext, d: Dossier, canWrite: boolean, o: ApplicantPageOptions): Html {
  const { t } = ctx;
  const a = d.applicant;
  // Whether there is a photo shows in the band; here, when it was taken.
  const photo = a.photoTakenAt
    ? html`<p>${fill(t.photoTaken, { at: formatInstant(a.photoTakenAt) })}</p>`
    : '';
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
      html`<tr><td>${t[`decision_${x.type}`]}</td><td>${x.effectiveDate}</td><td>${formatInstant(x.registeredAt)}, ${actorName(x.registeredBy)}</td><td>${
        x.revoked
          ? html`${t.revoked} ${formatInstant(x.revokedAt)}, ${actorName(x.revokedBy ?? '')}`
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
    ? choiceAndDateForm(
        ctx,
        `/officer/applicants/${d.applicant.id}/decisions`,
        o,
        {
          name: 'type',
          label: t.decisionType,
          options: DECISION_TYPES.map((x) => [x, t[`decision_${x}`]] as const),
        },
        'effectiveDate',
        html`<button type="submit" class="danger">${t.registerDecision}</button>`,
      )
    : '';
  return html`<section aria-labelledby="h-decisions" class="panel"><h2 id="h-decisions">${t.decisions}</h2>${table}${form}</section>`;
}

/** A choice (no option preselected) and its effective date, then `button`: a decision, AT-UND. */
function choiceAndDateForm(
  ctx: PageContext,
  action: string,
  o: ApplicantPageOptions,
  choice: { name: string; label: string; options: readonly (readonly [string, string])[] },
  dateField: string,
  button: Html,
): Html {
  const { t } = ctx;
  return postForm(
    ctx,
    action,
    html`<div class="columns">${select({
      ...choice,
      placeholder: t.choose,
      value: o.values?.[choice.name],
      error: o.errors?.[choice.name],
    })}${field({
      name: dateField,
      label: t.effectiveDate,
      hint: `${t.dateHint}. ${t.effectiveHint}`,
      value: o.values?.[dateField],
      error: o.errors?.[dateField],
      inputmode: 'numeric',
      maxlength: 10,
      autocomplete: 'off',
    })}</div>${button}`,
  );
}

function atUndSection(ctx: PageContext, d: Dossier, canWrite: boolean, o: ApplicantPageOptions): Html {
  const { t } = ctx;
  const history = d.atUndChanges.map(
    (c) =>
      html`<li>${c.granted ? t.atUndGrant : t.atUndRevoke}: ${t.effectiveDate.toLowerCase()} ${c.effectiveDate} (${formatInstant(c.registeredAt)}, ${actorName(c.registeredBy)})</li>`,
  );
  const form = canWrite
    ? choiceAndDateForm(
        ctx,
        `/officer/applicants/${d.applicant.id}/at-und`,
        o,
        {
          name: 'granted',
          label: t.atUnd,
          options: [
            ['yes', t.atUndGrant],
            ['no', t.atUndRevoke],
          ],
        },
        'atUndDate',
        html`<button type="submit" class="primary">${t.saveAtUnd}</button>`,
      )
    : '';
  return html`<section aria-labelledby="h-atund" class="panel"><h2 id="h-atund">${t.atUndTitle}</h2><p data-testid="at-und-state"><strong>${d.atUnd ? t.atUndYes : t.atUndNo}</strong></p>${
    history.length > 0 ? html`<ul>${history}</ul>` : ''
  }${form}</section>`;
}

export function applicantPage(ctx: PageContext, d: Dossier, o: ApplicantPageOptions = {}): string {
  const canWrite = ctx.session?.role !== 'auditor';
  const errors = o.errors ?? {};
  const calm = !o.notice && Object.keys(errors).length === 0;
  const body = html`${headBand(ctx, d, canWrite, calm)}${cardSection(ctx, d, canWrite)}${holderSection(ctx, d, canWrite)}${personSection(ctx, d)}${biometricsSection(ctx, d, canWrite, o)}${decisionsSection(ctx, d, canWrite, o)}${atUndSection(ctx, d, canWrite, o)}`;
  const notice =
    o.notice ??
    (Object.keys(errors).length > 0
      ? { kind: 'error' as const, text: Object.values(errors).join(' ') }
      : null);
  return layout(ctx, fullName(d.applicant), body, notice);
}

/**
 * Cancelling a card, on its own page: what it means for the holder (no valid card until the new one
 * is handed over, R10), the reason chosen on purpose (none preselected), and a button that names the
 * card. The heading has the focus, not the red button.
 */
export function cancelPage(
  ctx: PageContext,
  d: Dossier,
  card: CardRecord,
  o: { values?: FormValues; errors?: FormErrors } = {},
): string {
  const { t } = ctx;
  const number = numberOf(d, card);
  const back = `/officer/applicants/${d.applicant.id}`;
  const error = o.errors?.reason;
  return layout(
    ctx,
    fill(t.cancelTitle, { number }),
    html`${
      error
        ? html`<div class="notice error" role="alert" data-testid="error"><p>${t.formErrors}</p><ul><li><a href="#f-reason">${t.reason}: ${error}</a></li></ul></div>`
        : ''
    }<div class="confirm" data-testid="confirm"><p class="question">${fullName(d.applicant)}, ${t.dossierNumber.toLowerCase()} ${d.applicant.dossierNumber}. ${stateText(t, d, card)}.</p><p data-testid="cancel-consequence">${t.cancelConsequence}</p>${
      d.applicant.specimen
        ? ''
        : html`<p data-testid="cancel-letter">${fill(t.cancelLetterNote, { language: LANGUAGE_NAMES[d.applicant.language] ?? d.applicant.language })}</p>`
    }${postForm(
      ctx,
      `/officer/cards/${card.id}/cancel`,
      html`${select({
        name: 'reason',
        label: t.reason,
        placeholder: t.choose,
        value: o.values?.reason,
        error,
        options: CANCEL_REASONS.map((r) => [r, t[`reason_${r}`]] as const),
      })}<input type="hidden" name="confirm" value="yes"><div class="actions"><button type="submit" class="danger">${fill(t.cancelCard, { number })}</button><a class="button secondary" href="${back}">${t.cancel}</a></div>`,
    )}</div>`,
    null,
    { focusHeading: true },
  );
}
