// R7: one reminder letter per card and expiry, when an active card ends within 14 days. Exactly once
// comes from the database: one INSERT … SELECT guarded by a unique index on (card, expiry), so a
// second run, a concurrent run on another instance, or a rerun after a crash writes nothing twice.

import type { Clock } from '../clock.ts';
import { stockholmDate } from '../domain/calendar.ts';
import { reminderHorizon } from '../domain/reminders.ts';
import type { Queryable } from '../store/db.ts';

export interface ReminderSweepResult {
  today: string;
  horizon: string;
  created: number;
}

export async function runReminderSweep(db: Queryable, clock: Clock): Promise<ReminderSweepResult> {
  const now = clock.now();
  const today = stockholmDate(now);
  const horizon = reminderHorizon(today);
  const { rows } = await db.query<{ created: number }>(
    `WITH made AS (
       INSERT INTO letters (id, applicant_id, card_id, kind, expiry, language, forwarding, created_at)
       SELECT gen_random_uuid(), c.applicant_id, c.id, 'reminder', c.valid_until, a.language, a.protected_address, $3
         FROM cards c JOIN applicants a ON a.id = c.applicant_id
        WHERE c.state = 'active' AND c.valid_until >= $1 AND c.valid_until <= $2
       ON CONFLICT DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS created FROM made`,
    [today, horizon, now.toISOString()],
  );
  return { today, horizon, created: rows[0]?.created ?? 0 };
}
