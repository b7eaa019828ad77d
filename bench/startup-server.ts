// Start-up with many cards (BENCH_STARTUP_CARDS, 1M by default), in two processes so the measured one
// starts cold, as `lmakort serve` does after a restart:
//
//   BENCH_STARTUP_PHASE=prepare  fills an embedded database in BENCH_DATA_DIR with the synthetic cards
//   BENCH_STARTUP_PHASE=serve    a fresh process: open, migrate, loadLookups, build the app, listen —
//                                and report each step, the read model's heap and the RSS
//
// Run by bench/lookup.ts (which times the second process from spawn to listening).

import { systemClock } from '../src/clock.ts';
import { parseConfig } from '../src/config.ts';
import { stockholmDate } from '../src/domain/calendar.ts';
import { buildApp } from '../src/http/app.ts';
import { type Db, openEmbedded } from '../src/store/db.ts';
import { insertSyntheticCards } from '../src/store/synthetic.ts';
import { assembleSystem, loadLookups } from '../src/system.ts';
import { answerParent, send } from './protocol.ts';

const CARDS = Number(process.env.BENCH_STARTUP_CARDS ?? 1_000_000);
const PHASE = process.env.BENCH_STARTUP_PHASE;
const DATA_DIR = process.env.BENCH_DATA_DIR;
const PUBLIC_BASE_URL = 'https://lma.example';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const ms = (since: number) => Math.round((performance.now() - since) * 10) / 10;

let db: Db | null = null;
let closeApp: (() => Promise<void>) | null = null;
answerParent(async () => {
  await closeApp?.().catch(() => {});
  await db?.close().catch(() => {});
});

async function prepare(dir: string): Promise<void> {
  db = await openEmbedded(dir, 'bench');
  await assembleSystem(db, { clock: systemClock, publicBaseUrl: PUBLIC_BASE_URL, loadReadModel: false });
  const started = performance.now();
  await insertSyntheticCards(db, CARDS, stockholmDate(systemClock.now()), systemClock.now(), 20_000);
  const insertMs = ms(started);
  await db.close();
  db = null;
  send({ type: 'ready', port: 0, startup: figures({ insertMs }) });
}

async function serve(dir: string): Promise<void> {
  const openStart = performance.now();
  db = await openEmbedded(dir, 'bench');
  const openMs = ms(openStart);
  const migrateStart = performance.now();
  const system = await assembleSystem(db, {
    clock: systemClock,
    publicBaseUrl: PUBLIC_BASE_URL,
    loadReadModel: false,
  });
  const migrateMs = ms(migrateStart);
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  // As `lmakort serve`: the read model (every card with its entry) and the lists following it
  // before listening; the lists are built once listening (timed below).
  const loadStart = performance.now();
  await loadLookups(system);
  const loadMs = ms(loadStart);
  // The read model's memory (the ≤ 300 MB target): the heap it added and its card table's arrays,
  // which are outside the heap; the lists hold nothing yet.
  gc();
  gc();
  const readModelBytes = process.memoryUsage().heapUsed - heapBefore + system.readModel.tableBytes;
  const app = buildApp({
    config: parseConfig({
      NODE_ENV: 'production',
      LMA_RETENTION_MONTHS: '24',
      PUBLIC_BASE_URL,
      LMA_LOG_LEVEL: 'silent',
    }),
    db,
    readModel: system.readModel,
    service: system.service,
    clock: systemClock,
    keys: system.keys,
    statusLists: system.statusLists,
  });
  closeApp = () => app.close();
  await app.listen({ port: 0, host: '127.0.0.1' });
  // performance.now() counts from this process's start: module loading (tsx) included.
  const readyMs = Math.round(performance.now());
  const buildStart = performance.now();
  await system.statusLists.refresh();
  const statusListsBuildMs = ms(buildStart);
  system.statusLists.stop();
  gc();
  gc();
  const memory = process.memoryUsage();
  const address = app.server.address();
  send({
    type: 'ready',
    port: address && typeof address === 'object' ? address.port : 0,
    startup: figures({
      cards: system.readModel.cardCount,
      openMs,
      migrateMs,
      loadMs,
      statusListsBuildMs,
      readyMs,
      readModelBytes,
      heapUsedAfter: memory.heapUsed,
      rssAfter: memory.rss,
    }),
  });
}

function figures(part: Partial<import('./protocol.ts').StartupFigures>) {
  return {
    cards: CARDS,
    database: 'dir' as const,
    insertMs: 0,
    openMs: null,
    migrateMs: null,
    loadMs: 0,
    readModelBytes: 0,
    heapUsedAfter: 0,
    rssAfter: 0,
    sampleMix: {},
    ...part,
  };
}

async function main(): Promise<void> {
  if (!DATA_DIR) throw new Error('BENCH_DATA_DIR is required');
  if (PHASE === 'prepare') await prepare(DATA_DIR);
  else if (PHASE === 'serve') await serve(DATA_DIR);
  else throw new Error('BENCH_STARTUP_PHASE must be prepare or serve');
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
