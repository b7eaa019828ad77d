// `npm run bench:reminders`: the reminder sweep (R7) over a million cards against its target
// (system.md: "reminder job over 1M cards ≤ 30 s, exactly once").
//
// Loads BENCH_CARDS (1 000 000) synthetic applicants with one card each (src/store/synthetic.ts:
// expiries spread evenly over the next three months as visits keep them, 5 % ordered, 5 % expired —
// so about 15 % end within 14 days, as they would with three-month validity), then times the sweep,
// runs it again (it must make 0), and runs two sweeps at once on a fresh day (they must make each
// reminder once between them). Embedded database by default (BENCH_DB=dir, in a temporary folder;
// BENCH_DB=memory keeps it in memory); DATABASE_URL=postgres://… measures a PostgreSQL server instead
// (the bench creates and drops a database of its own there).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../src/clock.ts';
import { addDays } from '../src/domain/calendar.ts';
import { runReminderSweep } from '../src/jobs/reminder-sweep.ts';
import { type Db, openEmbedded, openMemory } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { insertSyntheticCards } from '../src/store/synthetic.ts';
import { freshPostgres } from './fresh-postgres.ts';

const CARDS = Number(process.env.BENCH_CARDS ?? 1_000_000);
const TARGET_SECONDS = 30;
const TODAY = '2026-06-02';

async function open(): Promise<{ db: Db; where: string; cleanup: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { db, drop } = await freshPostgres(url, 'lma_bench');
    return { db, where: 'PostgreSQL server', cleanup: drop };
  }
  if (process.env.BENCH_DB === 'memory')
    return { db: await openMemory(), where: 'embedded (memory)', cleanup: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'lmakort-bench-reminders-'));
  const db = await openEmbedded(dir, 'bench:reminders');
  return {
    db,
    where: 'embedded (data directory)',
    cleanup: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function main() {
  const { db, where, cleanup } = await open();
  try {
    await migrate(db);
    const clock = manualClock(`${TODAY}T04:00:00+02:00`);
    let t = performance.now();
    await insertSyntheticCards(db, CARDS, TODAY, clock.now());
    console.log(`${CARDS} cards loaded into the ${where} in ${seconds(performance.now() - t)} s`);
    const due = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cards WHERE state = 'active' AND valid_until BETWEEN $1 AND $2`,
      [TODAY, addDays(TODAY, 14)],
    );

    t = performance.now();
    const first = await runReminderSweep(db, clock);
    const firstMs = performance.now() - t;
    t = performance.now();
    const second = await runReminderSweep(db, clock);
    const secondMs = performance.now() - t;

    // The next day: the cards now entering the window, swept by two runs at once.
    clock.set(`${addDays(TODAY, 1)}T04:00:00+02:00`);
    t = performance.now();
    const [a, b] = await Promise.all([runReminderSweep(db, clock), runReminderSweep(db, clock)]);
    const concurrentMs = performance.now() - t;
    const total = await db.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT (card_id, expiry))::int AS distinct FROM letters WHERE kind = 'reminder'`,
    );

    const ok = firstMs / 1000 <= TARGET_SECONDS && second.created === 0 && first.created === due.rows[0]?.n;
    console.log(`cards ending ${TODAY}..${addDays(TODAY, 14)}: ${due.rows[0]?.n}`);
    console.log(
      `first sweep:  ${first.created} reminders in ${seconds(firstMs)} s (target ≤ ${TARGET_SECONDS} s)`,
    );
    console.log(`second sweep: ${second.created} reminders in ${seconds(secondMs)} s (must be 0)`);
    console.log(
      `next day, two sweeps at once: ${a.created} + ${b.created} reminders in ${seconds(concurrentMs)} s`,
    );
    console.log(`reminder letters: ${total.rows[0]?.n}, distinct (card, expiry): ${total.rows[0]?.distinct}`);
    console.log(ok && total.rows[0]?.n === total.rows[0]?.distinct ? 'PASS' : 'FAIL');
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
