// The parts of `npm run bench` beyond the lookup runs (system.md, "Performance targets"):
//
//   propagation  two `lmakort serve` instances on one PostgreSQL database: AT-UND toggled through
//                instance A, instance B's public status polled until it shows the change; the time
//                from A's acknowledgement to B's first answer showing it (target p99 ≤ 100 ms). Also
//                the officer write path on PostgreSQL (visits/s through instance A).
//   start-up     `lmakort serve` started cold on an embedded database with 1M cards, spawn to
//                listening (target ≤ 10 s); then the same steps timed one by one in a process of
//                our own, with the read model's heap (target ≤ 300 MB).
//
// PostgreSQL is taken from BENCH_DATABASE_URL, LMA_TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres;
// without one answering, the propagation part is skipped with a message.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import {
  type Cluster,
  makeActiveCards,
  officer,
  postgresAnswers,
  postgresServerUrl,
  serve,
  startCluster,
} from './pg-cluster.ts';
import type { StartupFigures } from './protocol.ts';

export interface Check {
  what: string;
  measured: string;
  threshold: string;
  /** null: not measured in this run (skipped), with the reason in `measured`. */
  pass: boolean | null;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mib = (bytes: number) => round(bytes / 1024 / 1024);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

// ---- propagation across two instances on PostgreSQL ------------------------------------------------

export interface PropagationResult {
  writes: number;
  propagationMs: { p50: number; p99: number; max: number };
  writeMs: { p50: number; p99: number };
  visitsPerSecond: number;
  visitsP99Ms: number;
}

async function statusOf(base: string, code: string): Promise<{ result: string; atUnd: boolean }> {
  const response = await fetch(`${base}/api/v1/status/${code}`);
  return (await response.json()) as { result: string; atUnd: boolean };
}

export async function propagationSection(
  writes: number,
  visitSeconds: number,
): Promise<{
  checks: Check[];
  result: PropagationResult | null;
}> {
  const serverUrl = postgresServerUrl();
  const where = serverUrl.replace(/\/\/[^@]*@/, '//');
  if (!(await postgresAnswers(serverUrl))) {
    const reason = `skipped: no PostgreSQL answers at ${where} (set BENCH_DATABASE_URL)`;
    console.log(`\npropagation: ${reason}`);
    return {
      checks: [
        { what: 'propagation p99 across two instances', measured: reason, threshold: '≤ 100 ms', pass: null },
      ],
      result: null,
    };
  }
  console.log(`\npropagation: two lmakort serve instances on a fresh database at ${where} …`);
  let cluster: Cluster | null = null;
  try {
    cluster = await startCluster(serverUrl, { instances: 2 });
    const [a, b] = cluster.instances as [Cluster['instances'][0], Cluster['instances'][0]];
    const cards = await makeActiveCards(a.url, cluster.token, 20);
    const call = officer(a.url, cluster.token);
    const granted = new Map<string, boolean>();
    const propagation: number[] = [];
    const writeMs: number[] = [];
    for (let i = 0; i < writes; i++) {
      const card = cards[i % cards.length] as (typeof cards)[0];
      const next = !(granted.get(card.applicantId) ?? false);
      granted.set(card.applicantId, next);
      const sent = performance.now();
      await call('PUT', `/api/v1/applicants/${card.applicantId}/at-und`, { granted: next });
      const acknowledged = performance.now();
      writeMs.push(acknowledged - sent);
      // B is asked again and again until its answer shows the change (each ask ~0.5 ms).
      for (;;) {
        const answer = await statusOf(b.url, card.code);
        if (answer.atUnd === next) break;
        if (performance.now() - acknowledged > 10_000)
          throw new Error(`instance B did not show a change within 10 s (${card.code})`);
      }
      propagation.push(performance.now() - acknowledged);
    }

    // The officer write path on PostgreSQL: visits (R5) through instance A.
    const visits = await new Promise<Result>((resolve, reject) =>
      autocannon(
        {
          url: a.url,
          connections: 10,
          duration: visitSeconds,
          requests: cards.map((c) => ({
            method: 'POST' as const,
            path: `/api/v1/applicants/${c.applicantId}/visits`,
            headers: { authorization: `Bearer ${cluster?.token}`, 'content-type': 'application/json' },
            body: '{}',
          })),
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    const result: PropagationResult = {
      writes,
      propagationMs: {
        p50: round(percentile(propagation, 0.5), 2),
        p99: round(percentile(propagation, 0.99), 2),
        max: round(Math.max(...propagation), 2),
      },
      writeMs: { p50: round(percentile(writeMs, 0.5), 2), p99: round(percentile(writeMs, 0.99), 2) },
      visitsPerSecond: round(visits.requests.average, 0),
      visitsP99Ms: visits.latency.p99,
    };
    const bad = visits.non2xx + visits.errors;
    console.log(
      `  ${writes} AT-UND changes through A: acknowledged p50 ${result.writeMs.p50} ms, p99 ${result.writeMs.p99} ms; ` +
        `seen on B after p50 ${result.propagationMs.p50} ms, p99 ${result.propagationMs.p99} ms, max ${result.propagationMs.max} ms`,
    );
    console.log(
      `  officer visits on PostgreSQL (10 connections, ${visitSeconds} s): ${result.visitsPerSecond} visits/s, p99 ${result.visitsP99Ms} ms` +
        (bad ? `, ${bad} errors or non-2xx answers` : ''),
    );
    return {
      checks: [
        {
          what: 'propagation p99 across two instances (PostgreSQL)',
          measured: `${result.propagationMs.p99} ms`,
          threshold: '≤ 100 ms',
          pass: result.propagationMs.p99 <= 100,
        },
      ],
      result,
    };
  } finally {
    await cluster?.stop();
  }
}

// ---- start-up with 1M cards ---------------------------------------------------------------------------

interface Started {
  ready: { startup?: StartupFigures };
  stop(): Promise<void>;
}

export async function startupSection(
  cards: number,
  start: (name: string, script: string, env: Record<string, string>) => Promise<Started>,
): Promise<{
  checks: Check[];
  startup: (StartupFigures & { spawnToReadyMs: number; serveMs: number }) | null;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'lmakort-startup-'));
  try {
    console.log(`\nstart-up: filling an embedded database with ${cards} cards (not timed as start-up) …`);
    const prepared = await start('start-up (prepare)', './startup-server.ts', {
      BENCH_STARTUP_PHASE: 'prepare',
      BENCH_DATA_DIR: dir,
      BENCH_STARTUP_CARDS: String(cards),
    });
    const insertMs = prepared.ready.startup?.insertMs ?? 0;
    await prepared.stop();
    // The figure that counts: `lmakort serve` itself, from spawn to its "listening" line.
    const running = new Set<ChildProcess>();
    const serveStarted = performance.now();
    const instance = await serve({ LMA_DATA_DIR: dir, PUBLIC_BASE_URL: 'https://lma.example' }, running);
    const serveMs = round(performance.now() - serveStarted);
    await new Promise<void>((resolve) => {
      instance.child.once('close', () => resolve());
      instance.child.kill('SIGTERM');
    });
    // The same steps again in a process of our own, timed one by one, with the read model's heap.
    const spawned = performance.now();
    const server = await start('start-up (serve)', './startup-server.ts', {
      BENCH_STARTUP_PHASE: 'serve',
      BENCH_DATA_DIR: dir,
    });
    const spawnToReadyMs = round(performance.now() - spawned);
    await server.stop();
    const s = server.ready.startup as StartupFigures;
    console.log(
      `  inserting took ${round(insertMs / 1000)} s; \`lmakort serve\` then listened after ${round(serveMs / 1000, 2)} s. ` +
        `Step by step (another fresh process, ${round(spawnToReadyMs / 1000, 2)} s with its heap measurements): ` +
        `open ${s.openMs} ms, migrate ${s.migrateMs} ms, read model and lists ${s.loadMs} ms for ${s.cards} cards; then, listening, the lists built in ${s.statusListsBuildMs ?? '–'} ms; ` +
        `read model +${mib(s.readModelBytes)} MiB (${round(s.readModelBytes / s.cards, 0)} B/card), ` +
        `heap ${mib(s.heapUsedAfter)} MiB, RSS ${mib(s.rssAfter)} MiB (PGlite's WASM memory included)`,
    );
    const scaled = cards === 1_000_000 ? '' : ` (${cards} cards, not 1M)`;
    return {
      checks: [
        {
          what: `start-up, \`lmakort serve\` spawn to listening${scaled}`,
          measured: `${round(serveMs / 1000, 2)} s`,
          threshold: '≤ 10 s',
          pass: serveMs <= 10_000,
        },
        {
          what: `read model memory${scaled}`,
          measured: `${mib(s.readModelBytes)} MiB`,
          threshold: '≤ 300 MB',
          pass: s.readModelBytes <= 300e6,
        },
      ],
      startup: { ...s, spawnToReadyMs, serveMs },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
