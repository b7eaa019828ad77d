// R8 decisions that end LMA coverage, and R9 AT-UND (exemption from the work-permit requirement).

import { ageOn, type CalendarDate } from './calendar.ts';
import { type Outcome, refuse } from './errors.ts';

export const DECISION_TYPES = [
  'rejected',
  'permit_granted',
  'grounds_changed',
  'withdrawn',
  'left_country',
] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export interface Decision {
  id: string;
  type: DecisionType;
  effectiveDate: CalendarDate;
  revoked: boolean;
}

export interface AtUndChange {
  granted: boolean;
  effectiveDate: CalendarDate;
  /** Registration order; a later registration wins over an earlier one with the same effective date. */
  sequence: number;
}

/**
 * What the lookup needs to know about an applicant, precomputed so a lookup is a few comparisons.
 * `coverageEndsOn` is the first day without coverage (null: covered) and `coverageEndedBy` the type
 * of the decision that ends it; `atUnd` is the AT-UND timeline sorted by effective date, then
 * registration.
 */
export interface CoverageSummary {
  coverageEndsOn: CalendarDate | null;
  coverageEndedBy: DecisionType | null;
  atUnd: readonly { from: CalendarDate; granted: boolean }[];
}

/**
 * R8: coverage ends on the earliest effective date of any decision that is not revoked, by that
 * decision. Two decisions from the same day: any other type wins over `grounds_changed`, so the
 * answer never says more (AT-UND, R11) than every decision of that day allows.
 */
export function endingDecision(
  decisions: readonly Decision[],
): { effectiveDate: CalendarDate; type: DecisionType } | null {
  let ending: Decision | null = null;
  for (const d of decisions) {
    if (d.revoked) continue;
    if (
      ending === null ||
      d.effectiveDate < ending.effectiveDate ||
      (d.effectiveDate === ending.effectiveDate && ending.type === 'grounds_changed')
    )
      ending = d;
  }
  return ending && { effectiveDate: ending.effectiveDate, type: ending.type };
}

/** R8: the first day without coverage, or null while no decision ends it. */
export function coverageEndsOn(decisions: readonly Decision[]): CalendarDate | null {
  return endingDecision(decisions)?.effectiveDate ?? null;
}

export function isCovered(summary: CoverageSummary, today: CalendarDate): boolean {
  return summary.coverageEndsOn === null || today < summary.coverageEndsOn;
}

export function atUndTimeline(changes: readonly AtUndChange[]): { from: CalendarDate; granted: boolean }[] {
  return [...changes]
    .sort((a, b) =>
      a.effectiveDate === b.effectiveDate
        ? a.sequence - b.sequence
        : a.effectiveDate < b.effectiveDate
          ? -1
          : 1,
    )
    .map((c) => ({ from: c.effectiveDate, granted: c.granted }));
}

/** R9: AT-UND is in effect on a day when the last change effective on or before it granted it. */
export function isAtUndInEffect(summary: CoverageSummary, today: CalendarDate): boolean {
  let granted = false;
  for (const step of summary.atUnd) {
    if (step.from > today) break;
    granted = step.granted;
  }
  return granted;
}

export function summariseCoverage(
  decisions: readonly Decision[],
  changes: readonly AtUndChange[],
): CoverageSummary {
  const ending = endingDecision(decisions);
  return {
    coverageEndsOn: ending?.effectiveDate ?? null,
    coverageEndedBy: ending?.type ?? null,
    atUnd: atUndTimeline(changes),
  };
}

/** R8: a decision takes effect today unless dated otherwise; a future date is allowed. */
export function decide(
  type: DecisionType,
  effectiveDate: CalendarDate | undefined,
  today: CalendarDate,
): { type: DecisionType; effectiveDate: CalendarDate } {
  return { type, effectiveDate: effectiveDate ?? today };
}

/** R8: revoking a decision (e.g. overturned on appeal) resumes coverage. */
export function revokeDecision(decision: Decision): Outcome<{ decision: Decision }> {
  if (decision.revoked) return refuse('decision_already_revoked', 'the decision is already revoked');
  return { ok: true, decision: { ...decision, revoked: true } };
}

export const AT_UND_MIN_AGE = 16;

/**
 * R9: AT-UND is granted or revoked with an effective date (default today). It applies only to
 * applicants aged 16 or over on the effective date (the agency's public rule).
 */
export function changeAtUnd(
  birthDate: CalendarDate,
  granted: boolean,
  effectiveDate: CalendarDate | undefined,
  today: CalendarDate,
): Outcome<{ change: { granted: boolean; effectiveDate: CalendarDate } }> {
  const from = effectiveDate ?? today;
  if (granted && ageOn(birthDate, from) < AT_UND_MIN_AGE) {
    return refuse(
      'at_und_under_16',
      'AT-UND can be granted only from the applicant’s 16th birthday',
      'effectiveDate',
    );
  }
  return { ok: true, change: { granted, effectiveDate: from } };
}
