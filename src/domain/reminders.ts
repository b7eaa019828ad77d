// R7: one reminder letter per expiry, when an active card's validity ends in 14 days or fewer.

import { addDays, type CalendarDate } from './calendar.ts';
import type { Card } from './card.ts';
import type { CoverageSummary } from './coverage.ts';
import { standingKindOn } from './standing.ts';

export const REMINDER_DAYS_BEFORE = 14;

/** The last valid-until date that is due for a reminder today: anything on or before it (and not past). */
export function reminderHorizon(today: CalendarDate): CalendarDate {
  return addDays(today, REMINDER_DAYS_BEFORE);
}

/**
 * A card is due a reminder when it is valid today (its standing, R14) and its last day is within 14
 * days, and no decision ends coverage on or before that day — a reminder to renew a card that a
 * decision ends first, or that has lapsed already, would say what is not true. "Exactly once per
 * expiry" is the store's job (unique card + expiry); queueDueReminders says the same in SQL.
 */
export function isReminderDue(
  card: Pick<Card, 'state' | 'validUntil'>,
  coverage: CoverageSummary,
  today: CalendarDate,
): boolean {
  if (standingKindOn(card, coverage, today) !== 'valid') return false;
  const last = card.validUntil as CalendarDate;
  const ends = coverage.coverageEndsOn;
  return last <= reminderHorizon(today) && (ends === null || ends > last);
}

/** The daily jobs run at 04:00 Swedish time: a time every Swedish day has (DST shifts happen at 02–03). */
export const DAILY_JOB_HOUR = 4;
