// R11: the public answer for a code. This is the whole of what anyone scanning a card may learn.

import type { CalendarDate } from './calendar.ts';
import type { CardState } from './card.ts';
import { type CoverageSummary, isAtUndInEffect, isCovered } from './coverage.ts';

export type LookupResult = 'valid' | 'not_valid' | 'unknown' | 'malformed';

export interface LookupAnswer {
  result: LookupResult;
  atUnd: boolean;
  /** Only on a specimen (training) card's answer, which is otherwise its real R11 answer. */
  specimen?: true;
}

export interface LookupCard {
  state: CardState;
  validUntil: CalendarDate | null;
}

export const UNKNOWN: LookupAnswer = Object.freeze({ result: 'unknown', atUnd: false });
export const MALFORMED: LookupAnswer = Object.freeze({ result: 'malformed', atUnd: false });
const CANCELLED: LookupAnswer = Object.freeze({ result: 'not_valid', atUnd: false });

/**
 * R11 for a known card:
 * - valid: active, covered (no ending decision in effect) and today ≤ valid-until (R6: through the end of that day);
 * - not_valid: anything else;
 * - atUnd: only on the applicant's current card, when AT-UND is in effect — shown with not_valid too.
 * A cancelled card reveals nothing.
 */
export function decideLookup(card: LookupCard, coverage: CoverageSummary, today: CalendarDate): LookupAnswer {
  if (card.state === 'cancelled') return CANCELLED;
  const valid =
    card.state === 'active' &&
    card.validUntil !== null &&
    today <= card.validUntil &&
    isCovered(coverage, today);
  return { result: valid ? 'valid' : 'not_valid', atUnd: isAtUndInEffect(coverage, today) };
}
