// The letters in the console: an applicant's letters and the queue of letters not yet printed, each
// with its PDF to open and print (a card-ready letter printed again gets a new personal code, R16,
// so that passes a confirming page first).

import { cardNumber } from '../../../domain/card.ts';
import type { QueuedLetter } from '../../../store/document-store.ts';
import type { LetterRecord } from '../../../store/record-store.ts';
import { LANGUAGE_NAMES } from './desk-views.ts';
import { type Dossier, fullName } from './dossier.ts';
import { type Html, html } from './html.ts';
import { formatInstant, layout, type Notice, type PageContext, postForm } from './layout.ts';

/** The print button of one letter; `back` says which page the confirming step returns to. */
function printButton(
  ctx: PageContext,
  l: Pick<LetterRecord, 'id' | 'kind'>,
  back: 'queue' | 'applicant',
): Html {
  if (ctx.session?.role === 'auditor') return html``;
  return postForm(
    ctx,
    `/officer/letters/${l.id}/print`,
    html`<input type="hidden" name="back" value="${back}"><button type="submit" class="secondary">${ctx.t.letterPrint}<span class="visually-hidden"> ${ctx.t[`letter_${l.kind}`]}</span></button>`,
    { className: 'inline' },
  );
}

export function lettersPage(ctx: PageContext, d: Dossier): string {
  const { t } = ctx;
  const a = d.applicant;
  const rows = d.letters.map(
    (l) =>
      html`<tr data-letter="${l.id}"><td>${t[`letter_${l.kind}`]}</td><td>${LANGUAGE_NAMES[l.language] ?? l.language}</td><td>${t[`letterState_${l.state}`]}</td><td>${
        l.forwarding ? t.forwardingYes : t.no
      }</td><td>${l.expiry ?? ''}</td><td>${formatInstant(l.createdAt)}</td><td>${printButton(ctx, l, 'applicant')}</td></tr>`,
  );
  return layout(
    ctx,
    `${t.letters}: ${fullName(a)}`,
    html`<p><a href="/officer/applicants/${a.id}">${t.back}</a></p>${
      rows.length === 0
        ? html`<p>${t.noLetters}</p>`
        : html`<p class="hint">${t.letterPrintHint}</p><div class="scroll" tabindex="0" role="region" aria-label="${t.letters}"><table data-testid="letters"><thead><tr><th scope="col">${t.letterKind}</th><th scope="col">${t.language}</th><th scope="col">${t.state}</th><th scope="col">${t.forwarding}</th><th scope="col">${t.expiry}</th><th scope="col">${t.created}</th><th scope="col">${t.letterPdf}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    }`,
  );
}

export function letterQueuePage(
  ctx: PageContext,
  letters: readonly QueuedLetter[],
  notice: Notice | null,
): string {
  const { t } = ctx;
  const rows = letters.map(
    (l) =>
      html`<tr data-letter="${l.id}"><td>${t[`letter_${l.kind}`]}</td><td><a href="/officer/applicants/${l.applicantId}/letters">${l.givenName} ${l.familyName}</a></td><td class="nowrap">${cardNumber(l.dossierNumber, l.serial)}</td><td>${LANGUAGE_NAMES[l.language] ?? l.language}</td><td>${
        l.forwarding ? t.forwardingYes : t.letterByPost
      }</td><td class="nowrap">${formatInstant(l.createdAt)}</td><td>${printButton(ctx, l, 'queue')}</td></tr>`,
  );
  return layout(
    ctx,
    t.letterQueueTitle,
    rows.length === 0
      ? html`<p data-testid="letter-queue-empty">${t.letterQueueEmpty}</p>`
      : html`<p class="hint">${t.letterPrintHint}</p><div class="scroll" tabindex="0" role="region" aria-label="${t.letterQueueTitle}"><table data-testid="letter-queue"><thead><tr><th scope="col">${t.letterKind}</th><th scope="col">${t.applicant}</th><th scope="col">${t.cardNumber}</th><th scope="col">${t.language}</th><th scope="col">${t.forwarding}</th><th scope="col">${t.created}</th><th scope="col">${t.letterPdf}</th></tr></thead><tbody>${rows}</tbody></table></div>`,
    notice,
  );
}
