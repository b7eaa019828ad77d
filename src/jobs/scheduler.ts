// Runs the reminder sweep inside the server: at start-up and then every hour. The sweep is idempotent
// per card and expiry (R7), so running it more often than daily only makes a missed day impossible.

import type { Clock } from '../clock.ts';
import type { Queryable } from '../store/db.ts';
import { type ReminderSweepResult, runReminderSweep } from './reminder-sweep.ts';

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(
  db: Queryable,
  clock: Clock,
  log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void },
  intervalMs = 3_600_000,
  onSweep: (result: ReminderSweepResult) => void = () => {},
): Scheduler {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runReminderSweep(db, clock)
      .then((r) => {
        onSweep(r);
        log.info({ job: 'reminders', ...r }, 'reminder sweep done');
      })
      .catch((err) => log.error({ job: 'reminders', err }, 'reminder sweep failed'));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
