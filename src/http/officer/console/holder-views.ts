// R16 on the applicant's page: the holder's report (what they reported and when; the card is stopped)
// with the officer's two answers — confirm it (cancel with that reason, new card ordered, R10) or lift
// it — and, for the current card, printing the card-ready letter again with a new personal code.

import type { ReportReason } from '../../../store/holder-store.ts';
import type { Dossier } from './dossier.ts';
import { type Html, html } from './html.ts';
import { formatInstant, type PageContext, postForm } from './layout.ts';

/** This feature's words, Swedish and English, kept beside it (texts.ts holds the console's common ones). */
type Key =
  | 'heading'
  | 'reported'
  | 'lost'
  | 'stolen'
  | 'confirm'
  | 'lift'
  | 'confirmQuestion'
  | 'liftQuestion'
  | 'confirmed'
  | 'lifted'
  | 'nothingOpen'
  | 'newCode'
  | 'newCodeQuestion'
  | 'noLetter';

export type HolderWords = Record<Key, string>;

export const HOLDER_WORDS: Record<'sv' | 'en', HolderWords> = {
  sv: {
    heading: 'Innehavarens anmälan',
    reported: 'Innehavaren anmälde kortet {reason} {at}. Kortet är stoppat: kontrollen visar ”EJ giltigt”.',
    lost: 'förlorat',
    stolen: 'stulet',
    confirm: 'Bekräfta – spärra och beställ nytt kort',
    lift: 'Häv anmälan',
    confirmQuestion: 'Bekräfta anmälan: spärra kort {number} som {reason} och beställ ett nytt kort?',
    liftQuestion: 'Häva anmälan för kort {number}? Kortet svarar då som innan anmälan.',
    confirmed: 'Anmälan bekräftad: kort {number} är spärrat och ett nytt kort är beställt.',
    lifted: 'Anmälan hävd: kort {number} svarar som innan anmälan.',
    nothingOpen: 'Det finns ingen öppen anmälan för kortet. Inget ändrades.',
    newCode: 'Ny personlig kod (skriv ut brevet igen)',
    newCodeQuestion:
      'Skriva ut brevet ”kortet är klart” för kort {number} igen, med en ny personlig kod? Den gamla koden slutar gälla direkt.',
    noLetter: 'Kortet har inget brev ”kortet är klart” ännu.',
  },
  en: {
    heading: "The holder's report",
    reported: 'The holder reported the card {reason} {at}. The card is stopped: the check shows "NOT valid".',
    lost: 'lost',
    stolen: 'stolen',
    confirm: 'Confirm – cancel and order a new card',
    lift: 'Lift the report',
    confirmQuestion: 'Confirm the report: cancel card {number} as {reason} and order a new card?',
    liftQuestion: 'Lift the report for card {number}? The card then answers as before the report.',
    confirmed: 'Report confirmed: card {number} is cancelled and a new card is ordered.',
    lifted: 'Report lifted: card {number} answers as before the report.',
    nothingOpen: 'There is no open report for this card. Nothing changed.',
    newCode: 'New personal code (print the letter again)',
    newCodeQuestion:
      'Print the "card ready" letter for card {number} again, with a new personal code? The old code stops working at once.',
    noLetter: 'The card has no "card ready" letter yet.',
  },
};

export const holderWords = (ctx: PageContext): HolderWords => HOLDER_WORDS[ctx.lang === 'en' ? 'en' : 'sv'];

export const fillIn = (s: string, values: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '');

export const reasonWord = (w: HolderWords, reason: ReportReason) => (reason === 'lost' ? w.lost : w.stolen);

/** The panel under the check banner: the open report and its two answers; the new-code button. */
export function holderSection(ctx: PageContext, d: Dossier, canWrite: boolean): Html | '' {
  const w = holderWords(ctx);
  const card = d.current;
  if (!card) return '';
  const report = d.openReport;
  const hasLetter = d.letters.some((l) => l.cardId === card.id && l.kind === 'card_ready');
  if (!report && !(canWrite && hasLetter)) return '';
  const reported = report
    ? html`<p data-testid="holder-report">${fillIn(w.reported, {
        reason: reasonWord(w, report.reason),
        at: formatInstant(report.reportedAt),
      })}</p>`
    : '';
  const answers =
    report && canWrite
      ? html`<div class="actions">${postForm(
          ctx,
          `/officer/cards/${card.id}/holder-report/confirm`,
          html`<button type="submit" class="danger">${w.confirm}</button>`,
        )}${postForm(
          ctx,
          `/officer/cards/${card.id}/holder-report/lift`,
          html`<button type="submit" class="secondary">${w.lift}</button>`,
        )}</div>`
      : '';
  const newCode =
    canWrite && hasLetter
      ? postForm(
          ctx,
          `/officer/cards/${card.id}/personal-code`,
          html`<button type="submit" class="secondary">${w.newCode}</button>`,
        )
      : '';
  return html`<section class="panel${report ? ' stop' : ''}" aria-labelledby="h-holder" data-testid="holder-section"><h2 id="h-holder">${w.heading}</h2>${reported}${answers}${newCode}</section>`;
}
