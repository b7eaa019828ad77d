// `npm run bench` (second part) / `npm run bench:mixed`: public lookups while officers, admins and jobs
// do heavy work in the same process. 50 connections look up cards (GET /api/v1/status/{code}) for
// BENCH_SECONDS with nothing else going on, then again while each of these runs over and over:
//
//   (a) a print batch of BENCH_BATCH_CARDS (1,000) cards is made and its PDF fetched
//   (b) 4 clients fetch receipt PDFs (POST /verify/receipt.pdf) one after the other
//   (c) an admin backup of the embedded database (GET /api/v1/admin/backup)
//   (d) the Stockholm-midnight rebuild of every status list, BENCH_MIXED_CARDS (1,000,000) cards
//
// Target (every scenario): lookup p99 ≤ 10 ms and max ≤ 50 ms. The server runs in its own process
// (bench/mixed-server.ts), the background clients in another (bench/mixed-clients.ts: the bodies they
// drain would otherwise stall the load generator), autocannon here. Latencies are taken in the
// measuring window of bench/window.ts (after autocannon has built its clients). A scenario lasts at least
// BENCH_SECONDS and until its background work has finished once. The exit code is 0 when targets are
// missed (a measurement); 1 only when the bench breaks. `--quick`: 100,000 cards, 3 s per scenario.
// DATABASE_URL=postgres://…: the server uses a fresh database on that PostgreSQL server instead.
// BENCH_MIXED_ONLY=c (letters): only those scenarios, after the one with no background work.
// BENCH_SERVER_FLAGS="--trace-gc": more Node.js options for the server's process.

import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import type { Result } from 'autocannon';
import type { BackgroundRequest, ClientsChildMessage, ClientsParentMessage } from './mixed-clients.ts';
import type { MixedChildMessage, MixedParentMessage } from './mixed-server.ts';
import { type GcPause, type Hold, watchStalls } from './stall-watch.ts';
import { percentile, type WindowFigures, windowedAutocannon } from './window.ts';

const QUICK = process.argv.includes('--quick');
const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};
const SECONDS = num('BENCH_SECONDS', QUICK ? 3 : 5);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
const CARDS = num('BENCH_MIXED_CARDS', QUICK ? 100_000 : 1_000_000);
const BATCH = num('BENCH_BATCH_CARDS', 1_000);
const TARGET_P99_MS = 10;
const TARGET_MAX_MS = 50;

const child = fork(new URL('./mixed-server.ts', import.meta.url), [], {
  execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean)],
  env: { ...process.env, BENCH_MIXED_CARDS: String(CARDS), BENCH_BATCH_CARDS: String(BATCH) },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const waiting = new Map<string, (m: MixedChildMessage) => void>();
child.on('message', (m: MixedChildMessage) => {
  if (m.type === 'error') {
    console.error(m.message);
    process.exit(1);
  }
  waiting.get(m.type)?.(m);
});
// The background clients: a process of their own, so the bodies they drain never stall autocannon.
const clients = fork(new URL('./mixed-clients.ts', import.meta.url), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const clientWaiting = new Map<string, (m: ClientsChildMessage) => void>();
clients.on('message', (m: ClientsChildMessage) => {
  if (m.type === 'error') {
    console.error(`background client: ${m.message}`);
    process.exit(1);
  }
  clientWaiting.get(m.type)?.(m);
});
const askClients = <T extends ClientsChildMessage['type']>(type: T, message: ClientsParentMessage) =>
  new Promise<Extract<ClientsChildMessage, { type: T }>>((resolve) => {
    clientWaiting.set(type, resolve as (m: ClientsChildMessage) => void);
    clients.send(message);
  });

const ask = <T extends MixedChildMessage['type']>(type: T, message?: MixedParentMessage) =>
  new Promise<Extract<MixedChildMessage, { type: T }>>((resolve) => {
    waiting.set(type, resolve as (m: MixedChildMessage) => void);
    if (message) child.send(message);
  });

interface Background {
  what: string;
  /** How many clients run rounds at once. */
  clients: number;
  /** One round: a request the background clients make and drain, or work asked of the server. */
  round: BackgroundRequest | (() => Promise<void>);
}

interface Row {
  what: string;
  /** autocannon's own result: errors, timeouts and non-2xx over the whole run. */
  result: Result;
  /** Latencies and rate inside the measuring window. */
  figures: WindowFigures;
  rounds: number;
  roundMs: number;
  rssMax: number;
  /** The server's largest event-loop delay in the measuring window: what the server itself held up. */
  loopDelayMaxMs: number;
  /** How the server's main thread spent its longest hold. */
  hold: Hold | null;
  /** The load generator's own largest event-loop delay: a stall here is the measurement's, not the server's. */
  clientDelayMaxMs: number;
  clientHold: Hold | null;
  /** The server's longest garbage-collector pause in the measuring window, and its kind. */
  gcMax: GcPause;
  /** The load generator's own longest garbage-collector pause. */
  clientGcMax: GcPause;
  /** Major page faults (pages read back from disk) in the server and in the load generator. */
  majorFaults: number;
  clientMajorFaults: number;
}

const clientStalls = watchStalls();
const hold = (h: Hold | null) =>
  h ? `${h.ms.toFixed(0)} (${h.onCpuMs.toFixed(0)} / ${h.waitingMs.toFixed(0)})` : '–';
const pause = (p: GcPause) => (p.ms ? `${p.ms.toFixed(0)} (${p.kind})` : '–');

async function measure(base: string, codes: string[], background: Background | null): Promise<Row> {
  const requests = codes.map((code) => ({ method: 'GET', path: `/api/v1/status/${code}` }));
  let stop = false;
  let rounds = 0;
  let roundMsTotal = 0;
  let firstRound = Promise.resolve();
  let loops: Promise<void>[] = [];
  const work = background?.round;
  if (typeof work === 'function') {
    let first = () => {};
    firstRound = new Promise((resolve) => {
      first = resolve;
    });
    loops = Array.from({ length: background?.clients ?? 0 }, async () => {
      while (!stop) {
        const t0 = performance.now();
        await work();
        roundMsTotal += performance.now() - t0;
        if (rounds++ === 0) first();
      }
    });
  } else if (work) {
    firstRound = askClients('first', { type: 'run', request: work, clients: background.clients }).then(
      () => {},
    );
  }
  const { result, window } = await windowedAutocannon({
    url: base,
    requests,
    connections: CONNECTIONS,
    timeoutSeconds: 10,
    seconds: SECONDS,
    stopWhen: firstRound,
    // The peaks and stalls counted from here: those while autocannon builds its clients are in no latency.
    onOpen: () => {
      clientStalls.take();
      void ask('rss', { type: 'rss' });
    },
  });
  stop = true;
  await Promise.all(loops);
  if (work && typeof work !== 'function') {
    ({ rounds, roundMsTotal } = await askClients('stopped', { type: 'stop' }));
  }
  const client = clientStalls.take();
  const { max, loopDelayMaxMs, gcMax, majorFaults, longestHold } = await ask('rss', { type: 'rss' });
  return {
    what: background?.what ?? 'no background work',
    result,
    figures: window.figures(background?.what ?? 'no background work'),
    rounds,
    roundMs: rounds ? roundMsTotal / rounds : 0,
    rssMax: max,
    loopDelayMaxMs,
    hold: longestHold,
    clientDelayMaxMs: client.loopDelayMaxMs,
    clientHold: client.longestHold,
    gcMax,
    clientGcMax: client.gcMax,
    majorFaults,
    clientMajorFaults: client.majorFaults,
  };
}

async function main(): Promise<void> {
  console.log(
    `mixed load: ${CARDS.toLocaleString('en')} cards, a ${BATCH}-card print batch, ${CONNECTIONS} lookup connections, ≥ ${SECONDS} s per scenario`,
  );
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const ready = await ask('ready');
  console.log(
    `server ready in ${(ready.setupMs / 1000).toFixed(1)} s (cards inserted, lists built), database: ${ready.database}`,
  );
  const base = `http://127.0.0.1:${ready.port}`;
  const officer = { authorization: `Bearer ${ready.officer}` };
  const admin = { authorization: `Bearer ${ready.admin}` };

  // Warm-up: the lookups, a document (the worker threads start), the JIT.
  await measure(base, ready.codes, null);
  const made = await fetch(`${base}/api/v1/print-batches`, {
    method: 'POST',
    headers: { ...officer, 'content-type': 'application/json' },
    body: '{}',
  });
  const batch = (await made.json()) as { id: string; cards: unknown[] };
  // The synthetic cards include some still ordered: they go into the batch too.
  if (made.status !== 201 || batch.cards.length < BATCH) throw new Error(`batch: ${made.status}`);
  console.log(`print batch: ${batch.cards.length} cards`);
  const status = await fetch(`${base}/api/v1/status/${ready.codes[0]}?receipt=1`);
  const receipt = ((await status.json()) as { receipt: string }).receipt;
  if (!receipt) throw new Error('no receipt');

  const scenarios: (Background | null | false)[] = [
    null,
    {
      what: `(a) ${batch.cards.length}-card print batch PDF`,
      clients: 1,
      round: { url: `${base}/api/v1/print-batches/${batch.id}.pdf`, method: 'GET', headers: officer },
    },
    {
      what: '(b) 4 clients fetching receipt PDFs',
      clients: 4,
      round: {
        url: `${base}/verify/receipt.pdf`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receipt, lang: 'sv' }),
      },
    },
    ready.backup && {
      what: '(c) admin backup',
      clients: 1,
      round: { url: `${base}/api/v1/admin/backup`, method: 'GET', headers: admin },
    },
    {
      what: `(d) midnight status-list rebuild, ${CARDS.toLocaleString('en')} cards`,
      clients: 1,
      round: async () => {
        await ask('midnight', { type: 'midnight' });
      },
    },
  ];
  if (!ready.backup) console.log('  (c) admin backup: skipped, the backup is the embedded database’s only');
  const only = process.env.BENCH_MIXED_ONLY;
  const rows: Row[] = [];
  for (const s of scenarios) {
    if (s === false) continue;
    if (only && s && !only.includes(s.what.charAt(1))) continue;
    const row = await measure(base, ready.codes, s);
    rows.push(row);
    console.log(`  ${row.what}: done`);
  }
  child.send({ type: 'stop' } satisfies MixedParentMessage);
  clients.send({ type: 'exit' } satisfies ClientsParentMessage);

  const header = [
    'while',
    'lookups/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'errors',
    'background rounds',
    'round ms',
    'server RSS max',
    'server loop delay max ms',
    'server longest hold ms (on CPU / waiting)',
    'server GC max ms',
    'client loop delay max ms',
    'client longest hold ms (on CPU / waiting)',
    'client GC max ms',
    'major faults server / client',
    'p99 ≤ 10, max ≤ 50',
  ];
  const body = rows.map((r) => {
    const { sorted, count, seconds } = r.figures;
    const p99 = percentile(sorted, 0.99);
    const max = percentile(sorted, 1);
    const pass = p99 <= TARGET_P99_MS && max <= TARGET_MAX_MS;
    return [
      r.what,
      Math.round(count / seconds).toLocaleString('en'),
      percentile(sorted, 0.5).toFixed(1),
      p99.toFixed(1),
      max.toFixed(0),
      String(r.result.errors + r.result.timeouts + r.result.non2xx),
      String(r.rounds),
      r.rounds ? r.roundMs.toFixed(0) : '–',
      `${(r.rssMax / 1_048_576).toFixed(0)} MiB`,
      r.loopDelayMaxMs.toFixed(0),
      hold(r.hold),
      pause(r.gcMax),
      r.clientDelayMaxMs.toFixed(0),
      hold(r.clientHold),
      pause(r.clientGcMax),
      `${r.majorFaults} / ${r.clientMajorFaults}`,
      pass ? 'PASS' : 'FAIL',
    ];
  });
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(
    `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${body.map(line).join('\n')}`,
  );
  const failed = rows.filter((_, i) => body[i]?.at(-1) === 'FAIL');
  console.log(
    failed.length === 0 ? '\nall mixed-load targets PASS' : `\nFAIL: ${failed.map((r) => r.what).join('; ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  child.kill();
  clients.kill();
  process.exit(1);
});
