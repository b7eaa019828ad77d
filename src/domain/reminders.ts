// R7: one reminder letter per expiry, when an active card's validity ends in 14 days or fewer.

import { addDays, type CalendarDate } from './calendar.ts';
import type { Card } from './card.ts';

export const REMINDER_DAYS_BEFORE = 14;

/** The last valid-until date that is due for a reminder today: anything on or before it (and not past). */
export function reminderHorizon(today: CalendarDate): CalendarDate {
  return addDays(today, REMINDER_DAYS_BEFORE);
}

/**
 * A card is due a reminder when it is active, still valid today, and ends within 14 days. An
 * already-expired card gets none: a reminder to renew a card that has lapsed would arrive too late
 * to say what it says. "Exactly once per expiry" is the store's job (unique card + expiry).
 */
export function isReminderDue(card: Pick<Card, 'state' | 'validUntil'>, today: CalendarDate): boolean {
  return (
    card.state === 'active' &&
    card.validUntil !== null &&
    card.validUntil >= today &&
    card.validUntil <= reminderHorizon(today)
  );
}

/** The daily jobs run at 04:00 Swedish time: a time every Swedish day has (DST shifts happen at 02–03). */
export const DAILY_JOB_HOUR = 4;
