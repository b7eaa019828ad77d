// R16 on the applicant's page: the holder's report (what they reported and when; the card is stopped)
// with the officer's two answers — confirm it (cancel with that reason, new card ordered, R10) or lift
// it — and, for the current card, printing the card-ready letter again with a new personal code.

import type { ReportReason } from '../../../store/holder-store.ts';
import type { Dossier } from './dossier.ts';
import { type Html, html } from './html.ts';
import { formatInstant, type PageContext, postForm } from './layout.ts';
import { fill, type Words } from './texts.ts';

/** "förlorat" or "stulet": the reported reason as the report's sentences use it. */
export const reasonWord = (t: Words, reason: ReportReason) =>
  reason === 'lost' ? t.holderLost : t.holderStolen;

/** The panel under the check banner: the open report and its two answers; the new-code button. */
export function holderSection(ctx: PageContext, d: Dossier, canWrite: boolean): Html | '' {
  const t = ctx.t;
  const card = d.current;
  if (!card) return '';
  const report = d.openReport;
  const hasLetter = d.letters.some((l) => l.cardId === card.id && l.kind === 'card_ready');
  if (!report && !(canWrite && hasLetter)) return '';
  const reported = report
    ? html`<p data-testid="holder-report">${fill(t.holderReported, {
        reason: reasonWord(t, report.reason),
        at: formatInstant(report.reportedAt),
      })}</p>`
    : '';
  const answers =
    report && canWrite
      ? html`<div class="actions">${postForm(
          ctx,
          `/officer/cards/${card.id}/holder-report/confirm`,
          html`<button type="submit" class="danger">${t.holderConfirm}</button>`,
        )}${postForm(
          ctx,
          `/officer/cards/${card.id}/holder-report/lift`,
          html`<button type="submit" class="secondary">${t.holderLift}</button>`,
        )}</div>`
      : '';
  const newCode =
    canWrite && hasLetter
      ? postForm(
          ctx,
          `/officer/cards/${card.id}/personal-code`,
          html`<button type="submit" class="secondary">${t.holderNewCode}</button>`,
        )
      : '';
  return html`<section class="panel${report ? ' stop' : ''}" aria-labelledby="h-holder" data-testid="holder-section"><h2 id="h-holder">${t.holderHeading}</h2>${reported}${answers}${newCode}</section>`;
}
