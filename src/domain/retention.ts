// R15: when an applicant's personal data are due to be purged. The retention period is counted
// from the day coverage ended (the first day without it, by a decision that is not revoked) or the
// day the last card was cancelled with no card after it — the later of the two when both apply — and
// runs a whole number of calendar months (a month end stays a month end: 2026-08-31 + 6 months is
// 2027-02-28). Purging is due on that day and every day after.

import { addDays, addMonths, type CalendarDate, maxDate } from './calendar.ts';
import type { CardState } from './card.ts';

export interface RetentionFacts {
  /** The first day without coverage by a decision not revoked; null while covered (R8). */
  coverageEndsOn: CalendarDate | null;
  /** Every card the applicant had, with the Swedish day it was cancelled (null: not cancelled). */
  cards: readonly { state: CardState; cancelledOn: CalendarDate | null }[];
}

/** The day the retention period runs from; null while neither coverage nor the last card has ended. */
export function retentionStartOf(facts: RetentionFacts): CalendarDate | null {
  let start = facts.coverageEndsOn;
  const cards = facts.cards;
  if (cards.length > 0 && cards.every((c) => c.state === 'cancelled' && c.cancelledOn !== null)) {
    const lastCancelled = cards.reduce<CalendarDate>(
      (latest, c) => maxDate(latest, c.cancelledOn as CalendarDate),
      cards[0]?.cancelledOn as CalendarDate,
    );
    start = start === null ? lastCancelled : maxDate(start, lastCancelled);
  }
  return start;
}

/** The first day the purge is due; null while nothing has ended. */
export function purgeDueOn(facts: RetentionFacts, months: number): CalendarDate | null {
  const start = retentionStartOf(facts);
  return start === null ? null : addMonths(start, months);
}

/** Whether the applicant's personal data are to be purged on `today`. */
export function isPurgeDue(facts: RetentionFacts, today: CalendarDate, months: number): boolean {
  const due = purgeDueOn(facts, months);
  return due !== null && due <= today;
}

/**
 * The latest start day whose purge is due on `today`: every start on or before it is due. Several
 * start days can share a due day at a month end (2026-08-28…31 + 6 months are all 2027-02-28), so
 * this steps past `today − months` while the next day is due too. The job narrows its search with
 * it; `isPurgeDue` decides for each applicant.
 */
export function purgeCutoff(today: CalendarDate, months: number): CalendarDate {
  let cutoff = addMonths(today, -months);
  while (addMonths(addDays(cutoff, 1), months) <= today) cutoff = addDays(cutoff, 1);
  return cutoff;
}
