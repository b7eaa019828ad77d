// R14: one truth about a card. A card's standing on a day, and the public answer (R11) it gives.
// Everything that says whether a card is valid — the lookup, the status lists, the officer API and
// console, the visit answer, the letters — takes it from here; nothing else decides validity.

import { addDays, type CalendarDate } from './calendar.ts';
import type { CancelReason, CardState } from './card.ts';
import { type CoverageSummary, type DecisionType, isAtUndInEffect } from './coverage.ts';

export type StandingKind = 'not_yet_active' | 'valid' | 'lapsed' | 'ended' | 'suspended' | 'cancelled';

/**
 * A card's standing on a day, each with whether AT-UND is in effect for its holder that day (R9;
 * whether the public may see it is R11's business, publicAnswerOf):
 * - `not_yet_active`: ordered or produced, not handed over yet;
 * - `valid`: handed over, covered, and the day is on or before its last valid day (`until`);
 * - `lapsed`: handed over and covered, but not renewed in time; `since` is its first day not valid;
 * - `ended`: a decision that is not revoked ended coverage; `since` is its effective date;
 * - `suspended`: the holder reported it lost or stolen (R16) and no officer has confirmed or lifted
 *   the report yet: not valid whatever else is true, until then;
 * - `cancelled`: never valid again (R10); `reason` when known.
 */
export type Standing =
  | { kind: 'not_yet_active'; atUnd: boolean }
  | { kind: 'valid'; atUnd: boolean; until: CalendarDate }
  | { kind: 'lapsed'; atUnd: boolean; since: CalendarDate }
  | { kind: 'ended'; atUnd: boolean; since: CalendarDate; decisionType: DecisionType }
  | { kind: 'suspended'; atUnd: boolean }
  | { kind: 'cancelled'; atUnd: boolean; reason: CancelReason | null };

/** What standingOn needs of a card. */
export interface StandingCard {
  state: CardState;
  validUntil: CalendarDate | null;
  cancelReason?: CancelReason | null;
  /** R16: an open report by the holder that the card is lost or stolen. */
  suspended?: boolean;
}

export interface PublicAnswer {
  result: 'valid' | 'not_valid';
  atUnd: boolean;
}

// The four answers a card can give, shared and frozen: a lookup allocates none.
export const ANSWER_VALID: PublicAnswer = Object.freeze({ result: 'valid', atUnd: false });
export const ANSWER_VALID_AT_UND: PublicAnswer = Object.freeze({ result: 'valid', atUnd: true });
export const ANSWER_NOT_VALID: PublicAnswer = Object.freeze({ result: 'not_valid', atUnd: false });
export const ANSWER_NOT_VALID_AT_UND: PublicAnswer = Object.freeze({ result: 'not_valid', atUnd: true });

/**
 * The one decision: which standing a card has on `today`. Order matters and is the rule:
 * a cancelled card is cancelled whatever else is true (it reveals nothing); a card its holder reported
 * lost or stolen is suspended, whatever else is true (R16); a card not handed over
 * is not yet active; then a decision in effect ends coverage (even when the card had also lapsed:
 * the decision is what is true about the holder); then the card lapses after its last valid day.
 */
export function standingKindOn(
  card: StandingCard,
  coverage: CoverageSummary,
  today: CalendarDate,
): StandingKind {
  if (card.state === 'cancelled') return 'cancelled';
  if (card.suspended === true) return 'suspended';
  if (card.state !== 'active' || card.validUntil === null) return 'not_yet_active';
  const ends = coverage.coverageEndsOn;
  if (ends !== null && today >= ends) return 'ended';
  return today <= card.validUntil ? 'valid' : 'lapsed';
}

/** R14: a card's standing on `today`, with what the officer may see of why. */
export function standingOn(card: StandingCard, coverage: CoverageSummary, today: CalendarDate): Standing {
  const atUnd = isAtUndInEffect(coverage, today);
  switch (standingKindOn(card, coverage, today)) {
    case 'cancelled':
      return { kind: 'cancelled', atUnd, reason: card.cancelReason ?? null };
    case 'suspended':
      return { kind: 'suspended', atUnd };
    case 'not_yet_active':
      return { kind: 'not_yet_active', atUnd };
    case 'ended':
      return {
        kind: 'ended',
        atUnd,
        since: coverage.coverageEndsOn as CalendarDate,
        decisionType: coverage.coverageEndedBy as DecisionType,
      };
    case 'lapsed':
      return { kind: 'lapsed', atUnd, since: addDays(card.validUntil as CalendarDate, 1) };
    case 'valid':
      return { kind: 'valid', atUnd, until: card.validUntil as CalendarDate };
  }
}

/**
 * R11: the public answer of a standing. `valid` shows AT-UND as it is in effect; `not_valid` shows
 * AT-UND in one case only — coverage ended by `grounds_changed` while AT-UND is in effect (no longer
 * an asylum seeker, may still work). A lapsed card, any other decision, a card not handed over, a
 * suspended card and a cancelled card answer `not_valid` without AT-UND.
 */
export function publicAnswerOf(
  standing: Pick<Standing, 'kind' | 'atUnd'> & { decisionType?: DecisionType },
): PublicAnswer {
  return answerFor(standing.kind, standing.atUnd, standing.decisionType);
}

/**
 * publicAnswerOf(standingOn(card, coverage, today)) without building the standing: the lookup's hot
 * path. Same decision (standingKindOn), same table (answerFor); a test holds them equal.
 */
export function publicAnswerOn(
  card: StandingCard,
  coverage: CoverageSummary,
  today: CalendarDate,
): PublicAnswer {
  const kind = standingKindOn(card, coverage, today);
  if (kind === 'cancelled' || kind === 'suspended' || kind === 'not_yet_active' || kind === 'lapsed')
    return ANSWER_NOT_VALID;
  return answerFor(kind, isAtUndInEffect(coverage, today), coverage.coverageEndedBy ?? undefined);
}

function answerFor(kind: StandingKind, atUnd: boolean, decisionType: DecisionType | undefined): PublicAnswer {
  switch (kind) {
    case 'valid':
      return atUnd ? ANSWER_VALID_AT_UND : ANSWER_VALID;
    case 'ended':
      return atUnd && decisionType === 'grounds_changed' ? ANSWER_NOT_VALID_AT_UND : ANSWER_NOT_VALID;
    default:
      return ANSWER_NOT_VALID;
  }
}

/** A standing as the officer API writes it: `{kind, since, decisionType?, reason?}` (R14). */
export interface StandingView {
  kind: StandingKind;
  /** lapsed: its first day not valid; ended: the decision's effective date; otherwise null. */
  since: CalendarDate | null;
  /** valid: its last valid day. */
  until?: CalendarDate;
  decisionType?: DecisionType;
  reason?: CancelReason | null;
}

export function standingView(s: Standing): StandingView {
  switch (s.kind) {
    case 'valid':
      return { kind: s.kind, since: null, until: s.until };
    case 'lapsed':
      return { kind: s.kind, since: s.since };
    case 'ended':
      return { kind: s.kind, since: s.since, decisionType: s.decisionType };
    case 'cancelled':
      return { kind: s.kind, since: null, reason: s.reason };
    case 'suspended':
    case 'not_yet_active':
      return { kind: s.kind, since: null };
  }
}
