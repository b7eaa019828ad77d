// `npm run bench:status-list`: the status lists for many cards — how big the lists are
// (gzipped bitstring, and the signed credential a till downloads) and how long building and signing
// take: at start-up (every list's cards gathered from the read model, which read each card with its
// entry, then every list built and signed), after one change (one list re-signed), at Stockholm
// midnight (every list), and at a restart (a second StatusLists on the same read model).
// One process, the embedded database in memory; figures in docs/performance.md ("Status lists").
//
// Settings (environment): BENCH_CARDS (1000000).

import { manualClock } from '../src/clock.ts';
import { stockholmDate } from '../src/domain/calendar.ts';
import { StatusLists } from '../src/services/status-lists.ts';
import { openMemory } from '../src/store/db.ts';
import { insertSyntheticCards } from '../src/store/synthetic.ts';
import { assembleSystem } from '../src/system.ts';
import { watchStalls } from './stall-watch.ts';

const CARDS = Number(process.env.BENCH_CARDS ?? 1_000_000);
if (!Number.isInteger(CARDS) || CARDS < 1 || CARDS > 5_000_000) throw new Error('BENCH_CARDS: 1 to 5000000');

const ms = (t0: number) => Math.round(performance.now() - t0);
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

async function main(): Promise<void> {
  const clock = manualClock('2026-06-02T12:00:00+02:00');
  const db = await openMemory();
  const system = await assembleSystem(db, {
    clock,
    publicBaseUrl: 'https://lma.example.se',
    loadReadModel: false,
  });
  let t0 = performance.now();
  await insertSyntheticCards(db, CARDS, stockholmDate(clock.now()), clock.now(), 20_000);
  console.log(`inserted ${CARDS} synthetic cards in ${ms(t0)} ms`);
  t0 = performance.now();
  await system.readModel.load(db);
  console.log(`read model loaded in ${ms(t0)} ms`);

  const lists = system.statusLists;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  t0 = performance.now();
  await lists.start();
  const startMs = ms(t0);
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(
    `start (${CARDS} cards gathered from the read model, every list built and signed): ${startMs} ms; heap +${mb(heapAfter - heapBefore)} MB`,
  );

  const published = await Promise.all(lists.listNumbers().map(async (n) => lists.current(n)));
  let gz = 0;
  let jws = 0;
  for (const p of published) {
    if (!p) throw new Error('a list was not published');
    gz += p.gzipBytes;
    jws += p.jws.length;
    console.log(`  list ${p.list}: bitstring ${p.gzipBytes} bytes gzipped, credential ${p.jws.length} bytes`);
  }
  console.log(`  ${published.length} lists: ${gz} bytes gzipped, ${jws} bytes of credentials to download`);

  // One change: a decision for one applicant; its list is rebuilt and re-signed.
  const one = await db.query<{ id: string }>('SELECT applicant_id AS id FROM cards LIMIT 1');
  await system.service.registerDecision({ name: 'bench', correlationId: null }, one.rows[0]?.id as string, {
    type: 'rejected',
  });
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    if (i > 0)
      await system.service.registerDecision(
        { name: 'bench', correlationId: null },
        one.rows[0]?.id as string,
        {
          type: 'withdrawn',
        },
      );
    t0 = performance.now();
    await lists.refresh();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `re-sign after one change (one list rebuilt, gzipped, signed): median ${Math.round(samples[2] as number)} ms, max ${Math.round(samples[4] as number)} ms`,
  );

  // Re-sign only (ttl passed, nothing changed).
  clock.advance(300_000);
  t0 = performance.now();
  await lists.refresh();
  console.log(`re-sign of every list after the ttl (content unchanged): ${ms(t0)} ms`);

  // Midnight: every entry computed anew for the new day, every list rebuilt and signed. The main
  // thread's share is what lookups wait behind: its busy time, and its longest hold between turns.
  clock.set('2026-06-03T00:00:01+02:00');
  const stalls = watchStalls();
  const loop0 = performance.eventLoopUtilization();
  t0 = performance.now();
  await lists.refresh();
  const wall = ms(t0);
  const busy = performance.eventLoopUtilization(loop0).active;
  const hold = stalls.take().longestHold;
  console.log(
    `midnight rebuild of every list: ${wall} ms; main thread busy ${Math.round(busy)} ms${hold ? `, longest hold ${hold.ms.toFixed(1)} ms` : ''}`,
  );

  lists.stop();

  // A restart: the cards gathered from the read model again, every list built and signed.
  const again = new StatusLists({
    db,
    readModel: system.readModel,
    keys: system.keys,
    clock,
    publicBaseUrl: 'https://lma.example.se',
  });
  t0 = performance.now();
  await again.start();
  console.log(`start after a restart (cards gathered, every list built and signed): ${ms(t0)} ms`);
  again.stop();
  await db.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
