// lmakort for the benchmark, in its own process: an embedded database (a temporary directory by default,
// BENCH_DB=memory for PGlite in memory) with BENCH_CARDS synthetic cards, the read model loaded the way
// `lmakort serve` loads it, and the real app (buildApp) listening on an ephemeral port on 127.0.0.1.
// Logging is silent and the abuse limit out of reach, so neither is what gets measured.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/clock.ts';
import { stockholmDate } from '../src/domain/calendar.ts';
import { TokenService } from '../src/services/tokens.ts';
import { type Db, openEmbedded, openMemory } from '../src/store/db.ts';
import { insertSyntheticCards } from '../src/store/synthetic.ts';
import { assembleSystem } from '../src/system.ts';
import { benchApp } from './bench-app.ts';
import { answerParent, send } from './protocol.ts';

const CARDS = Number(process.env.BENCH_CARDS ?? 100_000);
const DATABASE: 'dir' | 'memory' = process.env.BENCH_DB === 'memory' ? 'memory' : 'dir';
const SAMPLE_CODES = 1_000;
const PUBLIC_BASE_URL = 'https://lma.example';
// BENCH_REUSE_DATA=1: the directory already holds the cards (an earlier process of the same run
// inserted them); open it and load, as a restarted `lmakort serve` would.
const REUSE =
  process.env.BENCH_REUSE_DATA === '1' && Boolean(process.env.BENCH_DATA_DIR) && DATABASE === 'dir';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const ms = (since: number) => Math.round((performance.now() - since) * 10) / 10;

let db: Db | null = null;
let dataDir: string | null = null;
/** Made here (removed here); a directory given by the parent is the parent's to remove. */
let ownDir = false;
let closeApp: (() => Promise<void>) | null = null;

async function cleanUp(): Promise<void> {
  await closeApp?.().catch(() => {});
  await db?.close().catch(() => {});
  db = null;
  if (dataDir && ownDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
}

answerParent(cleanUp);

async function main(): Promise<void> {
  const clock = systemClock;
  const today = stockholmDate(clock.now());

  // 1. The database with its cards.
  let system: Awaited<ReturnType<typeof assembleSystem>> | null = null;
  let insertMs = 0;
  if (DATABASE === 'dir') {
    // The parent makes the directory (and removes it, even if this process is killed); alone, make one.
    ownDir = !process.env.BENCH_DATA_DIR;
    dataDir = process.env.BENCH_DATA_DIR || mkdtempSync(join(tmpdir(), 'lmakort-bench-'));
  } else {
    db = await openMemory();
  }
  if (!REUSE) {
    db ??= await openEmbedded(dataDir as string, 'bench');
    system = await assembleSystem(db, { clock, publicBaseUrl: PUBLIC_BASE_URL, loadReadModel: false });
    const insertStart = performance.now();
    await insertSyntheticCards(db, CARDS, today, clock.now());
    insertMs = ms(insertStart);
  }

  // 2. Start-up as `lmakort serve` does it: open the data directory, migrate, load the read model.
  let openMs: number | null = null;
  let migrateMs: number | null = null;
  if (DATABASE === 'dir' && dataDir) {
    await db?.close();
    db = null;
    gc();
    const openStart = performance.now();
    db = await openEmbedded(dataDir, 'bench');
    openMs = ms(openStart);
    const migrateStart = performance.now();
    system = await assembleSystem(db, { clock, publicBaseUrl: PUBLIC_BASE_URL, loadReadModel: false });
    migrateMs = ms(migrateStart);
  }
  if (!db || !system) throw new Error('BENCH_REUSE_DATA needs BENCH_DB=dir and BENCH_DATA_DIR');
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStart = performance.now();
  await system.readModel.load(db);
  const loadMs = ms(loadStart);
  gc();
  gc();
  const memory = process.memoryUsage();

  // 3. Codes to look up: a random sample of the cards, valid and not valid as they come.
  const { rows } = await db.query<{ code: string }>('SELECT code FROM cards ORDER BY random() LIMIT $1', [
    SAMPLE_CODES,
  ]);
  const codes = rows.map((r) => r.code);
  // For the officer write path: applicants with an active card to register visits for (R5).
  const visitors = await db.query<{ applicant_id: string }>(
    "SELECT applicant_id FROM cards WHERE state = 'active' ORDER BY random() LIMIT $1",
    [SAMPLE_CODES],
  );
  const token = await new TokenService(db, clock).create('setup', { name: 'bench', role: 'officer' });
  const sampleMix: Record<string, number> = {};
  for (const code of codes) {
    const { result } = system.readModel.lookup(code, today);
    sampleMix[result] = (sampleMix[result] ?? 0) + 1;
  }

  // 4. The app, exactly as serve.ts builds it (minus the reminder scheduler).
  const app = benchApp(system, { publicBaseUrl: PUBLIC_BASE_URL, dataDir: dataDir ?? tmpdir() });
  await system.statusLists.start();
  closeApp = async () => {
    system.statusLists.stop();
    await app.close();
  };
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no listening address');
  send({
    type: 'ready',
    port: address.port,
    codes,
    token: token.token,
    applicantIds: visitors.rows.map((r) => r.applicant_id),
    startup: {
      cards: system.readModel.cardCount,
      database: DATABASE,
      insertMs,
      openMs,
      migrateMs,
      loadMs,
      readModelBytes: memory.heapUsed - heapBefore + system.readModel.tableBytes,
      heapUsedAfter: memory.heapUsed,
      rssAfter: memory.rss,
      sampleMix,
    },
  });
}

main().catch(async (error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  await cleanUp();
  process.exit(1);
});
