// lmakort for the mixed-load benchmark (bench/mixed-load.ts), in its own process: the embedded
// database in a temporary directory (the backup needs one) with BENCH_MIXED_CARDS synthetic cards and
// BENCH_BATCH_CARDS ordered cards with photos waiting for a print batch, the read model and status
// lists loaded as `lmakort serve` loads them, and the real app on an ephemeral port. Its clock is a
// manual one, so the parent can ask for the Stockholm-midnight rebuild of every status list.
// With DATABASE_URL set, a fresh database on that PostgreSQL server takes the embedded one's place
// (and is dropped at the end); the admin backup is the embedded database's only.
// Answers the parent over IPC: 'midnight' (one day on, every list rebuilt and signed), 'rss' (the
// largest resident set size and event-loop delay since the last ask), 'stop'.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silhouettePng } from '../src/cli/demo-photo.ts';
import { manualClock } from '../src/clock.ts';
import { normalisePhoto } from '../src/documents/photo.ts';
import { stockholmDate } from '../src/domain/calendar.ts';
import { TokenService } from '../src/services/tokens.ts';
import { openEmbedded } from '../src/store/db.ts';
import { insertPrintBatch } from '../src/store/document-store.ts';
import { insertSyntheticCards } from '../src/store/synthetic.ts';
import { assembleSystem, loadLookups } from '../src/system.ts';
import { benchApp } from './bench-app.ts';
import { freshPostgres } from './fresh-postgres.ts';
import { type Stalls, watchStalls } from './stall-watch.ts';

const CARDS = Number(process.env.BENCH_MIXED_CARDS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH_CARDS ?? 1_000);
const ACTOR = { name: 'bench', correlationId: null };

export type MixedChildMessage =
  | {
      type: 'ready';
      port: number;
      codes: string[];
      officer: string;
      admin: string;
      setupMs: number;
      database: string;
      backup: boolean;
    }
  | { type: 'midnight'; ms: number }
  /** The largest RSS and event-loop delay since the last ask. */
  | ({ type: 'rss'; max: number } & Stalls)
  | { type: 'error'; message: string };
export type MixedParentMessage = { type: 'midnight' } | { type: 'rss' } | { type: 'stop' };

const send = (m: MixedChildMessage) => process.send?.(m);

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'lmakort-mixed-'));
  const clock = manualClock(new Date());
  const server = process.env.DATABASE_URL
    ? await freshPostgres(process.env.DATABASE_URL, 'lma_bench_mixed')
    : null;
  const db = server ? server.db : await openEmbedded(dir, 'bench');
  const system = await assembleSystem(db, {
    clock,
    publicBaseUrl: 'https://lma.example',
    loadReadModel: false,
  });
  await insertSyntheticCards(db, CARDS, stockholmDate(clock.now()), clock.now(), 20_000);
  // The synthetic cards still ordered go into a batch of their own (one statement), so the batch
  // measured holds exactly the BENCH_BATCH_CARDS cards with photos made next.
  await insertPrintBatch(db, randomUUID(), clock.now(), 'bench');
  // Ordered cards with a photo each, as officers leave them for the card printer.
  const photo = normalisePhoto(silhouettePng());
  for (let i = 0; i < BATCH; i++) {
    const r = await system.service.registerApplicant(ACTOR, {
      givenName: `Bänk${i}`,
      familyName: 'Utskrift',
      birthDate: '1990-05-17',
      nationality: 'SYR',
      language: 'ar',
    });
    const id = r.id;
    await system.service.recordPhoto(ACTOR, id, { contentType: 'image/jpeg', bytes: photo });
    await system.service.recordFingerprints(ACTOR, id);
  }
  if (server) {
    // A server that has run for a while has its tables vacuumed and its pages written: done now,
    // not by autovacuum and the checkpointer (at full priority, on the same two cores) while the
    // lookups are measured.
    await db.query('VACUUM (ANALYZE)');
    await db.query('CHECKPOINT');
  }
  await loadLookups(system);
  await system.statusLists.refresh();
  const { rows } = await db.query<{ code: string }>('SELECT code FROM cards ORDER BY random() LIMIT 1000');
  const officer = await new TokenService(db, clock).create('setup', {
    name: 'bench-officer',
    role: 'officer',
  });
  const admin = await new TokenService(db, clock).create('setup', { name: 'bench-admin', role: 'admin' });
  const app = benchApp(system, { publicBaseUrl: 'https://lma.example', dataDir: dir }, { receiptLimit: 1e9 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no listening address');

  let rssMax = 0;
  const stalls = watchStalls();
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 50);
  process.on('message', (m: MixedParentMessage) => {
    if (m.type === 'rss') {
      send({
        type: 'rss',
        max: Math.max(rssMax, process.memoryUsage().rss),
        ...stalls.take(),
      });
      rssMax = 0;
    } else if (m.type === 'midnight') {
      void (async () => {
        const t0 = performance.now();
        clock.advance(24 * 3_600_000);
        await system.statusLists.refresh();
        send({ type: 'midnight', ms: performance.now() - t0 });
      })();
    } else {
      clearInterval(sampler);
      void (async () => {
        system.statusLists.stop();
        await app.close();
        if (server) await server.drop();
        else await db.close();
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      })();
    }
  });
  send({
    type: 'ready',
    port: address.port,
    codes: rows.map((r) => r.code),
    officer: officer.token,
    admin: admin.token,
    setupMs: Math.round(performance.now() - started),
    database: server ? 'PostgreSQL server' : 'embedded (PGlite)',
    backup: db.backupTo !== undefined,
  });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
