// R14 in the console's words: what a verifier sees for a card (the lookup page's headline) and the
// reason behind it, which only the officer sees. Everything here is a function of the card's
// standing (domain/standing.ts); nothing decides validity on its own.

import type { CardState } from '../../../domain/card.ts';

import type { PublicAnswer, StandingView } from '../../../domain/standing.ts';
import { fill, type Words } from './texts.ts';

/** "LMA-kort EJ giltigt" or "LMA-kort giltigt", with " · AT-UND finns" where R11 shows it. */
export function answerWords(t: Words, answer: PublicAnswer): string {
  const headline = answer.result === 'valid' ? t.answer_valid : t.answer_not_valid;
  return answer.atUnd ? `${headline} · ${t.answerAtUnd}` : headline;
}

/** Why the card answers what it does: "beslut: avslag från 2026-12-04", "utgånget 2026-11-04 – inte förnyat". */
export function whyWords(t: Words, standing: StandingView, state: CardState): string {
  switch (standing.kind) {
    case 'valid':
      return fill(t.why_valid, { date: standing.until ?? '' });
    case 'lapsed':
      return fill(t.why_lapsed, { date: standing.since ?? '' });
    case 'ended':
      return fill(t.why_ended, {
        type: t[`decision_${standing.decisionType ?? 'rejected'}`].toLowerCase(),
        date: standing.since ?? '',
      });
    case 'cancelled':
      return fill(t.why_cancelled, {
        reason: standing.reason ? t[`reason_${standing.reason}`].toLowerCase() : '–',
      });
    case 'suspended':
      return t.why_suspended;
    case 'not_yet_active':
      return state === 'produced' ? t.why_produced : t.why_ordered;
  }
}

/** A card's status as the card list shows it: "Utgånget 2026-11-04 – inte förnyat", "Spärrat – förlorat". */
export function statusWords(t: Words, standing: StandingView, state: CardState): string {
  switch (standing.kind) {
    case 'valid':
      return fill(t.status_valid, { date: standing.until ?? '' });
    case 'lapsed':
      return fill(t.status_lapsed, { date: standing.since ?? '' });
    case 'ended':
      return fill(t.status_ended, {
        type: t[`decision_${standing.decisionType ?? 'rejected'}`].toLowerCase(),
        date: standing.since ?? '',
      });
    case 'cancelled':
      return fill(t.status_cancelled, {
        reason: standing.reason ? t[`reason_${standing.reason}`].toLowerCase() : '–',
      });
    case 'suspended':
      return t.status_suspended;
    case 'not_yet_active':
      return state === 'produced' ? t.state_produced : t.state_ordered;
  }
}

/**
 * What the officer should know that the answer hides: AT-UND in effect but not shown (R11 shows it
 * with "not valid" only after a change of grounds). Empty when nothing is hidden.
 */
export function hiddenAtUndWords(
  t: Words,
  standing: StandingView & { atUnd: boolean },
  answer: PublicAnswer,
): string {
  if (!standing.atUnd || answer.atUnd) return '';
  if (standing.kind === 'lapsed') return t.atUndHiddenLapsed;
  if (standing.kind === 'ended') return t.atUndHiddenDecision;
  return '';
}
