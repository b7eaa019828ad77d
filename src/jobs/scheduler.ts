// Runs the daily jobs inside the server: once at start-up (catching up a day the server was down),
// then every day at 04:00 Swedish time. The reminder sweep (R7) is exactly-once per card and expiry
// whatever runs it; the letter job (when LMA_LETTER_DIR is set) renders queued letters and marks
// them printed; the retention job (R15) purges applicants whose retention period has run out,
// exactly once per applicant. A run never overlaps the previous one.

import type { Clock } from '../clock.ts';
import { addDays, stockholmDate, stockholmDayStart, stockholmTime } from '../domain/calendar.ts';
import { DAILY_JOB_HOUR } from '../domain/reminders.ts';
import type { Queryable } from '../store/db.ts';
import { type ReminderSweepResult, runReminderSweep } from './reminder-sweep.ts';

export interface Scheduler {
  stop(): Promise<void>;
}

/** 04:00 on a Swedish calendar day, as an instant (Stockholm is UTC+1 or UTC+2). */
function atDailyHour(day: string): number {
  const start = stockholmDayStart(day);
  for (const hours of [DAILY_JOB_HOUR, DAILY_JOB_HOUR - 1, DAILY_JOB_HOUR + 1]) {
    const t = start + hours * 3_600_000;
    if (stockholmTime(new Date(t)) === `0${DAILY_JOB_HOUR}:00:00`) return t;
  }
  return start + DAILY_JOB_HOUR * 3_600_000;
}

/** The next daily run strictly after `now`: 04:00 in Stockholm today, or tomorrow when that has passed. */
export function nextDailyRun(now: Date): Date {
  const today = stockholmDate(now);
  const at = atDailyHour(today);
  return new Date(at > now.getTime() ? at : atDailyHour(addDays(today, 1)));
}

type Log = { info: (o: object, m: string) => void; error: (o: object, m: string) => void };

export function startScheduler(
  db: Queryable,
  clock: Clock,
  log: Log,
  options: {
    onSweep?: (result: ReminderSweepResult) => void;
    /** The letter job, run after each sweep (serve.ts passes it when LMA_LETTER_DIR is set). */
    letters?: () => Promise<object>;
    /** The retention job (R15), run after the letters (serve.ts passes it). */
    retention?: () => Promise<object>;
  } = {},
): Scheduler {
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      const r = await runReminderSweep(db, clock);
      options.onSweep?.(r);
      log.info({ job: 'reminders', ...r }, 'reminder sweep done');
    } catch (err) {
      log.error({ job: 'reminders', err }, 'reminder sweep failed');
    }
    if (options.letters) {
      try {
        log.info({ job: 'letters', ...(await options.letters()) }, 'letter job done');
      } catch (err) {
        log.error({ job: 'letters', err }, 'letter job failed');
      }
    }
    if (options.retention) {
      try {
        log.info({ job: 'retention', ...(await options.retention()) }, 'retention job done');
      } catch (err) {
        log.error({ job: 'retention', err }, 'retention job failed');
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    // A pinned clock (LMA_CLOCK) never reaches the next run; wait a day of real time then.
    const delay = Math.max(
      60_000,
      Math.min(nextDailyRun(clock.now()).getTime() - clock.now().getTime(), 86_400_000),
    );
    timer = setTimeout(() => {
      running = run().finally(schedule);
    }, delay);
    timer.unref();
  };
  running = run().finally(schedule);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
