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

/** Which text says each standing, for one of the two ways the console words it. */
interface StandingTexts {
  valid: keyof Words;
  lapsed: keyof Words;
  ended: keyof Words;
  cancelled: keyof Words;
  suspended: keyof Words;
  /** Not yet active: produced, or only ordered. */
  produced: keyof Words;
  ordered: keyof Words;
}

function standingWords(t: Words, texts: StandingTexts, standing: StandingView, state: CardState): string {
  switch (standing.kind) {
    case 'valid':
      return fill(t[texts.valid], { date: standing.until ?? '' });
    case 'lapsed':
      return fill(t[texts.lapsed], { date: standing.since ?? '' });
    case 'ended':
      return fill(t[texts.ended], {
        type: t[`decision_${standing.decisionType ?? 'rejected'}`].toLowerCase(),
        date: standing.since ?? '',
      });
    case 'cancelled':
      return fill(t[texts.cancelled], {
        reason: standing.reason ? t[`reason_${standing.reason}`].toLowerCase() : '–',
      });
    case 'suspended':
      return t[texts.suspended];
    case 'not_yet_active':
      return t[state === 'produced' ? texts.produced : texts.ordered];
  }
}

const WHY: StandingTexts = {
  valid: 'why_valid',
  lapsed: 'why_lapsed',
  ended: 'why_ended',
  cancelled: 'why_cancelled',
  suspended: 'why_suspended',
  produced: 'why_produced',
  ordered: 'why_ordered',
};

const STATUS: StandingTexts = {
  valid: 'status_valid',
  lapsed: 'status_lapsed',
  ended: 'status_ended',
  cancelled: 'status_cancelled',
  suspended: 'status_suspended',
  produced: 'state_produced',
  ordered: 'state_ordered',
};

/** Why the card answers what it does: "beslut: avslag från 2026-12-04", "utgånget 2026-11-04 – inte förnyat". */
export function whyWords(t: Words, standing: StandingView, state: CardState): string {
  return standingWords(t, WHY, standing, state);
}

/** A card's status as the card list shows it: "Utgånget 2026-11-04 – inte förnyat", "Spärrat – förlorat". */
export function statusWords(t: Words, standing: StandingView, state: CardState): string {
  return standingWords(t, STATUS, standing, state);
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
