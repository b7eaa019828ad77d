// R7: one reminder letter per card and expiry, when an active card ends within 14 days. The domain
// says which expiries are due today (reminderHorizon); exactly once comes from the database
// (queueDueReminders: one statement on a unique index on card and expiry).
//
// One statement per expiry day, with a turn of the event loop between them: on the embedded
// database a statement runs on the server's own thread, and one statement over the whole window
// (about 150 000 cards in a million) held every lookup for about 3 s (docs/performance.md). A day is
// about a fifteenth of that. Each day is all or nothing, so a run stopped midway leaves whole days
// done, and the next run makes the rest once.

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../clock.ts';
import { addDays, stockholmDate } from '../domain/calendar.ts';
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
  let created = 0;
  for (let day = today; day <= horizon; day = addDays(day, 1)) {
    if (day !== today) await nextTurn();
    created += await queueDueReminders(db, day, day, now);
  }
  return { today, horizon, created };
}
