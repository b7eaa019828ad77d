// R7: one reminder letter per card and expiry, when an active card ends within 14 days. The domain
// says which expiries are due today (reminderHorizon); exactly once comes from the database
// (queueDueReminders: one statement on a unique index on card and expiry).

import type { Clock } from '../clock.ts';
import { stockholmDate } from '../domain/calendar.ts';
import { reminderHorizon } from '../domain/reminders.ts';
import type { Queryable } from '../store/db.ts';
import { queueDueReminders } from '../store/record-store.ts';

export interface ReminderSweepResult {
  today: string;
  horizon: string;
  created: number;
}

export async function runReminderSweep(db: Queryable, clock: Clock): Promise<ReminderSweepResult> {
  const now = clock.now();
  const today = stockholmDate(now);
  const horizon = reminderHorizon(today);
  const created = await queueDueReminders(db, today, horizon, now);
  return { today, horizon, created };
}
