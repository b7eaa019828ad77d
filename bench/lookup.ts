// `npm run bench`: the public lookup against the performance targets in docs (system.md, "Performance
// targets"). One run, one load generator, the same settings for every target, so the ratios are fair:
//
//   bare     a bare node:http server answering a constant JSON body (bench/bare-server.ts)
//   status   lmakort GET /api/v1/status/{code}, 100k cards in the embedded database (bench/lmakort-server.ts)
//   page     lmakort GET /k/{code}, the HTML lookup page
//   bare     the baseline again, so drift between the first and last minute shows
//
// All but the last bare run repeat BENCH_ROUNDS times (3; interleaved); the summary takes medians. On a
// shared virtual machine the same server's rate drifts by a third within a minute, so one long run
// per target says less than several short ones taken in turn; and each round has new server
// processes, because a process keeps its draw of speed for life.
// BENCH_REFERENCE=1 adds Fastify answering the same constant body (bench/fastify-server.ts), to split
// lmakort's cost into the framework's and its own.
//
// Each server runs in its own process; autocannon runs here. On a 2-core machine the load generator and
// the server under test share the cores, which is why the server's own CPU per request is printed too.
// The exit code is 0 when targets are missed (this is a measurement); it is 1 only when the bench breaks.
//
// Then, in the same command (bench/extras.ts): the officer write path (visits/s) on the embedded
// database and on PostgreSQL, propagation between two instances on PostgreSQL (skipped with a message
// without one), and start-up with 1M cards in a fresh process. `npm run bench -- --quick`: short runs,
// 200k cards for start-up, fewer propagation samples.
//
// Settings (environment): BENCH_SECONDS (5), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (50),
// BENCH_CARDS (100000), BENCH_DB (dir | memory), BENCH_BARE_HEADERS (all: the baseline also sends the
// C6 security headers), BENCH_CPU_PROF (a directory: a CPU profile of each server per run goes there —
// profiling slows the server, so do not quote the figures of a profiled run), BENCH_ROUNDS (3),
// BENCH_REFERENCE (1: add the Fastify reference), BENCH_GENERATOR (autocannon | wrk: the lookups measured
// with wrk, a load generator in C, bench/wrk.ts; the officer write path stays with autocannon),
// BENCH_FRESH (0: one server process per target for the whole run, instead of new ones each round).

import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Request } from 'autocannon';
import { type Check, propagationSection, startupSection } from './extras.ts';
import type { ChildMessage, CpuSample, ParentMessage, StartupFigures } from './protocol.ts';
import { percentile, windowedAutocannon } from './window.ts';
import { writeRequestScript, wrkAvailable, wrkRun } from './wrk.ts';

// ---- settings ----------------------------------------------------------------------------------

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`${name} must be a number from ${min} to ${max}`);
  return n;
}

const QUICK = process.argv.includes('--quick');
const SECONDS = setting('BENCH_SECONDS', QUICK ? 3 : 5, 1, 300);
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', QUICK ? 1 : 2, 0, 60);
const STARTUP_CARDS = setting('BENCH_STARTUP_CARDS', QUICK ? 200_000 : 1_000_000, 0, 5_000_000);
const PROPAGATION_WRITES = setting('BENCH_PROPAGATION_WRITES', QUICK ? 100 : 500, 0, 100_000);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 50, 1, 1_000);
const CARDS = setting('BENCH_CARDS', 100_000, 1, 1_000_000);
const DATABASE = process.env.BENCH_DB === 'memory' ? 'memory' : 'dir';
const BARE_HEADERS = process.env.BENCH_BARE_HEADERS === 'all' ? 'all' : 'minimal';
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;
const ROUNDS = setting('BENCH_ROUNDS', 3, 1, 10);
const REFERENCE = process.env.BENCH_REFERENCE === '1';
const GENERATOR: 'autocannon' | 'wrk' = process.env.BENCH_GENERATOR === 'wrk' ? 'wrk' : 'autocannon';
// Each round with new server processes (lmakort reopening the same directory, as a restarted
// `lmakort serve`): on this VM a process keeps its speed for life, and two identical processes
// differ by up to a fifth (docs/performance.md), so one process per target would say more about
// the draw than about the code. BENCH_FRESH=0 keeps one process per target for the whole run.
const FRESH = process.env.BENCH_FRESH !== '0' && DATABASE === 'dir';
if (process.env.BENCH_GENERATOR && !['wrk', 'autocannon'].includes(process.env.BENCH_GENERATOR))
  throw new Error('BENCH_GENERATOR must be autocannon or wrk');
/** Other processes above this share of one core during a run make its figures "disturbed". */
const NOISE_SHARE = 0.1;
const PIPELINING = 1;
const START_TIMEOUT_MS = 300_000;
const REQUEST_TIMEOUT_S = 10;

const TARGETS = {
  status: { ratio: 0.85 },
  page: { ratio: 0.7 },
  p99Ms: 10,
} as const;

// ---- child processes ---------------------------------------------------------------------------

const running = new Set<ChildProcess>();
/** lmakort's temporary data directory, removed here too in case the child is killed before it can. */
const leftovers = new Set<string>();

function killAll(): void {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
  leftovers.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

class Server {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: ChildMessage) => void>();

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly ready: Extract<ChildMessage, { type: 'ready' }>,
  ) {
    child.on('message', (message: ChildMessage) => {
      if ((message.type === 'cpu' || message.type === 'profiled') && this.waiting.has(message.id)) {
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
      }
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.ready.port}`;
  }

  static start(name: string, script: string, env: Record<string, string> = {}): Promise<Server> {
    const child = fork(new URL(script, import.meta.url), [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env: { ...process.env, NODE_ENV: 'production', LMA_RETENTION_MONTHS: '24', ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(child);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s`));
      }, START_TIMEOUT_MS);
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        running.delete(child);
        reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
      };
      child.once('exit', onExit);
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'error') {
          clearTimeout(timer);
          child.off('exit', onExit);
          child.kill('SIGKILL');
          reject(new Error(`${name} failed to start:\n${message.message}`));
        } else if (message.type === 'ready') {
          clearTimeout(timer);
          child.off('exit', onExit);
          child.off('message', onMessage);
          child.once('exit', () => running.delete(child));
          resolvePromise(new Server(name, child, message));
        }
      };
      child.on('message', onMessage);
    });
  }

  private ask(message: ParentMessage & { id: number }): Promise<ChildMessage> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} did not answer ${message.type}`)),
        30_000,
      );
      this.waiting.set(message.id, (answer) => {
        clearTimeout(timer);
        resolvePromise(answer);
      });
      this.child.send(message);
    });
  }

  async cpu(): Promise<CpuSample> {
    const answer = await this.ask({ type: 'cpu', id: this.nextId++ });
    if (answer.type !== 'cpu') throw new Error('unexpected answer');
    return answer.sample;
  }

  async profileStart(): Promise<void> {
    await this.ask({ type: 'profile-start', id: this.nextId++ });
  }

  async profileStop(file: string): Promise<void> {
    await this.ask({ type: 'profile-stop', id: this.nextId++, file });
  }

  /** Asks the child to clean up and exit; kills it after 15 s. */
  stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolvePromise) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        running.delete(child);
        resolvePromise();
      });
      try {
        child.send({ type: 'stop' } satisfies ParentMessage);
      } catch {
        child.kill('SIGKILL');
      }
    });
  }
}

// ---- load ------------------------------------------------------------------------------------

type Kind = 'bare' | 'fastify' | 'status' | 'page' | 'visits';

interface Run {
  kind: Kind;
  target: string;
  round: number;
  url: string;
  seconds: number;
  responses: number;
  /** Every response of the run, the window and the edges around it (what CPU time and profiles cover). */
  allResponses: number;
  requestsPerSecond: number;
  /** Mean bytes per response as read by the load generator (headers + body). */
  bytesPerResponse: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Server process CPU (user + system) per response, µs, and as a share of one core. */
  serverCpuMicrosPerRequest: number;
  serverCpuShare: number;
  /** This process (the load generator) as a share of one core. */
  loadGeneratorCpuShare: number;
  /** Everything else on the machine (other processes, kernel threads), as a share of one core; null off Linux. */
  otherCpuShare: number | null;
}

/** Busy CPU time of the whole machine (all cores, user + system + irq), µs, from /proc/stat; null off Linux. */
function machineBusyMicros(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0);
    return ticks * 10_000; // USER_HZ = 100
  } catch {
    return null;
  }
}

/** The rest of the machine's CPU during a run (all but the server and the load generator), as a share of one core. */
function otherShare(
  machineBefore: number | null,
  machineAfter: number | null,
  knownMicros: number,
  wallMicros: number,
): number | null {
  if (machineBefore === null || machineAfter === null) return null;
  return round(Math.max(0, machineAfter - machineBefore - knownMicros) / wallMicros, 3);
}

/** CPU time (user + system) of this process's finished children (wrk), µs, from /proc; null off Linux. */
function childrenCpuMicros(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[13]) + Number(fields[14])) * 10_000; // cutime + cstime, USER_HZ = 100
  } catch {
    return null;
  }
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function measure(
  kind: Kind,
  target: string,
  roundNo: number,
  server: Server,
  requests: Request[],
  profileFile: string | null,
): Promise<Run> {
  if (GENERATOR === 'wrk' && kind !== 'visits')
    return measureWithWrk(kind, target, roundNo, server, requests, profileFile);
  process.stdout.write(`  ${target} #${roundNo}: warm-up ${WARMUP_SECONDS} s, `);
  const load = (seconds: number) =>
    windowedAutocannon({
      url: server.url,
      requests,
      connections: CONNECTIONS,
      pipelining: PIPELINING,
      timeoutSeconds: REQUEST_TIMEOUT_S,
      seconds,
    });
  if (WARMUP_SECONDS > 0) await load(WARMUP_SECONDS);
  process.stdout.write(`measuring ${SECONDS} s … `);

  // The measuring window (bench/window.ts) opens once autocannon has built its clients.
  if (profileFile) await server.profileStart();
  const serverBefore = await server.cpu();
  const selfBefore = process.cpuUsage();
  const machineBefore = machineBusyMicros();
  const wallBefore = performance.now();
  const { result, window } = await load(SECONDS);
  const wallMicros = (performance.now() - wallBefore) * 1000;
  const self = process.cpuUsage(selfBefore);
  const machineAfter = machineBusyMicros();
  const serverAfter = await server.cpu();
  if (profileFile) await server.profileStop(profileFile);

  const { count, all, seconds: windowSeconds, bytes, statusCodes, sorted } = window.figures(target);
  let sum = 0;
  for (const v of sorted) sum += v;
  const serverCpu = serverAfter.cpuMicros - serverBefore.cpuMicros;
  const run: Run = {
    kind,
    target,
    round: roundNo,
    url: server.url,
    seconds: round(windowSeconds, 3),
    responses: count,
    allResponses: all,
    requestsPerSecond: Math.round(count / windowSeconds),
    bytesPerResponse: Math.round(bytes / Math.max(1, count)),
    latencyMs: {
      p50: round(percentile(sorted, 0.5)),
      p90: round(percentile(sorted, 0.9)),
      p99: round(percentile(sorted, 0.99)),
      p999: round(percentile(sorted, 0.999)),
      max: round(percentile(sorted, 1)),
      mean: round(sum / Math.max(1, count)),
    },
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    // CPU is sampled around the whole run, so it is divided by every response of the run.
    serverCpuMicrosPerRequest: round(serverCpu / Math.max(1, all), 1),
    serverCpuShare: round(serverCpu / (serverAfter.wallMicros - serverBefore.wallMicros), 3),
    loadGeneratorCpuShare: round((self.user + self.system) / wallMicros, 3),
    otherCpuShare: otherShare(machineBefore, machineAfter, self.user + self.system + serverCpu, wallMicros),
  };
  console.log(`${run.requestsPerSecond} req/s`);
  return run;
}

/** The same measurement with wrk (BENCH_GENERATOR=wrk): the rate, latency and bytes as wrk reports them. */
async function measureWithWrk(
  kind: Kind,
  target: string,
  roundNo: number,
  server: Server,
  requests: Request[],
  profileFile: string | null,
): Promise<Run> {
  const script = wrkScript(kind, requests);
  process.stdout.write(`  ${target} #${roundNo} (wrk): warm-up ${WARMUP_SECONDS} s, `);
  if (WARMUP_SECONDS > 0) await wrkRun(server.url, script, CONNECTIONS, WARMUP_SECONDS, REQUEST_TIMEOUT_S);
  process.stdout.write(`measuring ${SECONDS} s … `);
  if (profileFile) await server.profileStart();
  const serverBefore = await server.cpu();
  const machineBefore = machineBusyMicros();
  const wrkBefore = childrenCpuMicros();
  const wallBefore = performance.now();
  const w = await wrkRun(server.url, script, CONNECTIONS, SECONDS, REQUEST_TIMEOUT_S);
  const wallMicros = (performance.now() - wallBefore) * 1000;
  const wrkCpu = (childrenCpuMicros() ?? 0) - (wrkBefore ?? 0);
  const machineAfter = machineBusyMicros();
  const serverAfter = await server.cpu();
  if (profileFile) await server.profileStop(profileFile);
  const serverCpu = serverAfter.cpuMicros - serverBefore.cpuMicros;
  const ok = kind === 'visits' ? '201' : '200';
  const run: Run = {
    kind,
    target,
    round: roundNo,
    url: server.url,
    seconds: round(w.seconds, 3),
    responses: w.requests,
    allResponses: w.requests,
    requestsPerSecond: Math.round(w.requests / w.seconds),
    bytesPerResponse: Math.round(w.bytes / Math.max(1, w.requests)),
    // wrk reports no 99.9th percentile.
    latencyMs: { ...w.latencyMs, p999: Number.NaN },
    statusCodes: w.non2xx > 0 ? { [ok]: w.requests - w.non2xx, other: w.non2xx } : { [ok]: w.requests },
    errors: w.errors,
    timeouts: w.timeouts,
    serverCpuMicrosPerRequest: round(serverCpu / Math.max(1, w.requests), 1),
    serverCpuShare: round(serverCpu / (serverAfter.wallMicros - serverBefore.wallMicros), 3),
    loadGeneratorCpuShare: round(wrkCpu / wallMicros, 3),
    otherCpuShare: otherShare(machineBefore, machineAfter, serverCpu + wrkCpu, wallMicros),
  };
  console.log(`${run.requestsPerSecond} req/s`);
  return run;
}

let wrkScripts: string | null = null;
const wrkScriptOf = new Map<Kind, string>();
/** The target's request list as a wrk script, written on its first run and reused by the rounds after. */
function wrkScript(kind: Kind, requests: Request[]): string {
  let script = wrkScriptOf.get(kind);
  if (!script) {
    if (!wrkScripts) {
      wrkScripts = mkdtempSync(join(tmpdir(), 'lmakort-bench-wrk-'));
      leftovers.add(wrkScripts);
    }
    script = join(wrkScripts, `${kind}.lua`);
    writeRequestScript(
      script,
      requests.map((r) => r.path ?? '/'),
    );
    wrkScriptOf.set(kind, script);
  }
  return script;
}

// ---- sanity ------------------------------------------------------------------------------------

/** One request per target before measuring: the right status, body and headers, or no benchmark. */
async function check(url: string, expectType: string, expectBody: RegExp): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const cache = response.headers.get('cache-control') ?? '';
  if (
    response.status !== 200 ||
    !type.startsWith(expectType) ||
    cache !== 'no-store' ||
    !expectBody.test(body)
  )
    throw new Error(
      `sanity check failed for ${url}: ${response.status} ${type} ${cache}\n${body.slice(0, 300)}`,
    );
}

// ---- report ------------------------------------------------------------------------------------

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const mb = (bytes: number) => `${round(bytes / 1024 / 1024, 1)} MiB`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const LABELS: Record<Kind, string> = {
  bare: 'bare node:http',
  fastify: 'Fastify, constant body',
  status: 'GET /api/v1/status/{code}',
  page: 'GET /k/{code} (HTML)',
  visits: 'POST …/visits (officer write)',
};

/** The commit measured, and whether src/ differs from it (read-only git commands). */
function sourceVersion(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'src') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The 1, 5 and 15 minute load averages, to read next to the figures (a shared machine). */
function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
}

async function main(): Promise<void> {
  const source = sourceVersion();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memory: mb(totalmem()),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  console.log(
    `lmakort lookup benchmark — ${source}; ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}\n` +
      `${GENERATOR === 'wrk' ? 'lookups with wrk (writes with autocannon)' : 'autocannon'}: ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per run, ` +
      `${ROUNDS} round(s); ${CARDS} cards, embedded database (${DATABASE === 'dir' ? 'temporary directory' : 'in memory'})`,
  );
  console.log(`load average at start: ${loadAverage()}${QUICK ? ' (--quick: short runs)' : ''}`);
  if (machine.cpus <= 2)
    console.log('note: the load generator shares these cores with the server under test');

  if (GENERATOR === 'wrk') {
    const missing = await wrkAvailable();
    if (missing) throw new Error(`BENCH_GENERATOR=wrk: ${missing}`);
  }
  console.log(`starting the servers (lmakort inserts ${CARDS} cards) …`);
  const dataDir = mkdtempSync(join(tmpdir(), 'lmakort-bench-'));
  leftovers.add(dataDir);
  const startServers = (reuse: boolean) =>
    Promise.all([
      Server.start('bare server', './bare-server.ts'),
      Server.start('lmakort', './lmakort-server.ts', {
        BENCH_DATA_DIR: dataDir,
        ...(reuse ? { BENCH_REUSE_DATA: '1' } : {}),
      }),
      REFERENCE ? Server.start('Fastify reference', './fastify-server.ts') : null,
    ]);
  let [bare, lmakort, fastify] = await startServers(false);
  try {
    const startup = lmakort.ready.startup as StartupFigures;
    const codes = lmakort.ready.codes ?? [];
    if (codes.length === 0) throw new Error('lmakort sent no sample codes');
    console.log(
      `start-up (${startup.cards} cards): read model load ${startup.loadMs} ms, read model +${mb(startup.readModelBytes)} ` +
        `(heap ${mb(startup.heapUsedAfter)}, rss ${mb(startup.rssAfter)})` +
        (startup.openMs !== null ? `; open ${startup.openMs} ms, migrate ${startup.migrateMs} ms` : '') +
        `; inserting the cards took ${startup.insertMs} ms`,
    );
    console.log(
      `sample: ${codes.length} codes — ${Object.entries(startup.sampleMix)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );

    const first = codes[0] as string;
    await check(`${bare.url}/`, 'application/json', /^\{"result":"valid"/);
    if (fastify) await check(`${fastify.url}/`, 'application/json', /^\{"result":"valid"/);
    await check(`${lmakort.url}/api/v1/status/${first}`, 'application/json', /^\{"result":"(not_)?valid"/);
    await check(`${lmakort.url}/k/${first}`, 'text/html', /LMA-kort/);

    // The same load generator settings for every target, request list included: the constant
    // servers answer any path, and are asked the status paths. autocannon's own cost per request
    // grows with the list it cycles through (50 × 1000 prebuilt requests against 50 × 1), and it
    // shares the two cores with the server, so a one-path baseline would be measured with a
    // cheaper load generator than lmakort (docs/performance.md, "The load generator").
    const statusPaths = codes.map((code) => ({ method: 'GET', path: `/api/v1/status/${code}` }));
    const pagePaths = codes.map((code) => ({ method: 'GET', path: `/k/${code}` }));
    const targetOf = (kind: Kind): { server: Server; requests: Request[] } | null =>
      kind === 'bare'
        ? { server: bare, requests: statusPaths }
        : kind === 'fastify'
          ? fastify && { server: fastify, requests: statusPaths }
          : kind === 'status'
            ? { server: lmakort, requests: statusPaths }
            : kind === 'page'
              ? { server: lmakort, requests: pagePaths }
              : null; // visits: measured after the lookups, below
    // Interleaved, the baseline first and last, so drift over the run shows and is shared fairly.
    const plan: [Kind, number][] = [];
    for (let n = 1; n <= ROUNDS; n++) {
      for (const kind of ['bare', 'fastify', 'status', 'page'] as const)
        if (targetOf(kind)) plan.push([kind, n]);
    }
    plan.push(['bare', ROUNDS + 1]);
    if (CPU_PROF_DIR) mkdirSync(CPU_PROF_DIR, { recursive: true });
    const profile = (name: string) => (CPU_PROF_DIR ? join(CPU_PROF_DIR, `${name}.cpuprofile`) : null);

    console.log('running:');
    const runs: Run[] = [];
    let serversRound = 1;
    for (const [kind, n] of plan) {
      if (FRESH && n !== serversRound && n <= ROUNDS) {
        serversRound = n;
        await Promise.all([bare.stop(), lmakort.stop(), fastify?.stop()]);
        [bare, lmakort, fastify] = await startServers(true);
        const again = lmakort.ready.startup as StartupFigures;
        console.log(
          `  round ${n}: new server processes (lmakort reopened the directory: ${again.cards} cards, read model load ${again.loadMs} ms)`,
        );
        await check(
          `${lmakort.url}/api/v1/status/${first}`,
          'application/json',
          /^\{"result":"(not_)?valid"/,
        );
      }
      const target = targetOf(kind);
      if (!target) continue;
      runs.push(
        await measure(kind, LABELS[kind], n, target.server, target.requests, profile(`${kind}-${n}`)),
      );
    }

    // ---- summary: medians over the rounds --------------------------------------------------------
    const of = (kind: Kind) => runs.filter((r) => r.kind === kind);
    const baseline = median(of('bare').map((r) => r.requestsPerSecond));
    const disturbedRun = (r: Run) => (r.otherCpuShare ?? 0) > NOISE_SHARE;
    const summaries = (['bare', 'fastify', 'status', 'page'] as const)
      .filter((kind) => of(kind).length > 0)
      .map((kind) => {
        const rs = of(kind);
        const rps = median(rs.map((r) => r.requestsPerSecond));
        return {
          kind,
          target: LABELS[kind],
          runs: rs.length,
          requestsPerSecond: Math.round(rps),
          ratio: round(rps / baseline, 3),
          p50Ms: round(median(rs.map((r) => r.latencyMs.p50))),
          p99Ms: round(median(rs.map((r) => r.latencyMs.p99))),
          serverCpuMicrosPerRequest: round(median(rs.map((r) => r.serverCpuMicrosPerRequest)), 1),
          disturbed: rs.some(disturbedRun) || of('bare').some(disturbedRun),
        };
      });
    const summaryOf = (kind: Kind) => summaries.find((x) => x.kind === kind);
    const status = summaryOf('status');
    const page = summaryOf('page');
    if (!status || !page) throw new Error('missing runs');
    type Summary = typeof status;
    const WHAT = { status: 'status JSON', page: 'HTML page' } as const;
    const ratioCheck = (s: Summary, kind: 'status' | 'page') => ({
      kind,
      aspect: 'ratio',
      what: `${WHAT[kind]} throughput vs bare`,
      measured: s.ratio,
      threshold: `≥ ${TARGETS[kind].ratio}`,
      pass: s.ratio >= TARGETS[kind].ratio,
      disturbed: s.disturbed,
    });
    const p99Check = (s: Summary, kind: 'status' | 'page') => ({
      kind,
      aspect: 'p99',
      what: `${WHAT[kind]} p99 latency (ms)`,
      measured: s.p99Ms,
      threshold: `≤ ${TARGETS.p99Ms}`,
      pass: s.p99Ms <= TARGETS.p99Ms,
      disturbed: s.disturbed,
    });
    const checks = [
      ratioCheck(status, 'status'),
      ratioCheck(page, 'page'),
      p99Check(status, 'status'),
      p99Check(page, 'page'),
    ];

    const pct = (share: number | null) => (share === null ? '?' : `${Math.round(share * 100)} %`);
    console.log(
      `\nruns\n${table([
        [
          'run',
          'req/s',
          'p50 ms',
          'p99 ms',
          'ratio',
          'srv µs/req',
          'srv CPU',
          'gen CPU',
          'other CPU',
          'B/resp',
        ],
        ...runs.map((r) => [
          `${r.target} #${r.round}`,
          String(r.requestsPerSecond),
          r.latencyMs.p50.toFixed(2),
          r.latencyMs.p99.toFixed(2),
          (r.requestsPerSecond / baseline).toFixed(3),
          r.serverCpuMicrosPerRequest.toFixed(1),
          pct(r.serverCpuShare),
          pct(r.loadGeneratorCpuShare),
          `${pct(r.otherCpuShare)}${disturbedRun(r) ? ' !' : ''}`,
          String(r.bytesPerResponse),
        ]),
      ])}`,
    );
    console.log(
      `srv µs/req = the server process's CPU per response; CPU shares are of one core (${machine.cpus} cores = ` +
        `${machine.cpus * 100} %); other = the rest of the machine ("!" above ${NOISE_SHARE * 100} %: disturbed).`,
    );

    const verdict = (kind: Kind) => {
      if (kind === 'bare') return '(baseline)';
      if (kind === 'fastify') return '(reference)';
      const mine = checks.filter((c) => c.kind === kind);
      const failed = mine.filter((c) => !c.pass).map((c) => c.aspect);
      const word = failed.length === 0 ? 'PASS' : `FAIL (${failed.join(', ')})`;
      return mine.some((c) => c.disturbed) ? `${word}, disturbed` : word;
    };
    console.log(
      `\nsummary (medians over ${ROUNDS} round(s); baseline = median bare ${Math.round(baseline)} req/s)\n${table(
        [
          ['target', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'target', 'srv µs/req', 'result'],
          ...summaries.map((x) => [
            x.target,
            String(x.requestsPerSecond),
            x.p50Ms.toFixed(2),
            x.p99Ms.toFixed(2),
            x.ratio.toFixed(3),
            x.kind === 'status' || x.kind === 'page'
              ? `≥ ${TARGETS[x.kind].ratio.toFixed(2)}, p99 ≤ ${TARGETS.p99Ms}`
              : '—',
            x.serverCpuMicrosPerRequest.toFixed(1),
            verdict(x.kind),
          ]),
        ],
      )}`,
    );

    const odd = runs.filter(
      (r) =>
        r.errors > 0 ||
        r.timeouts > 0 ||
        Object.keys(r.statusCodes).some((c) => c !== (r.kind === 'visits' ? '201' : '200')),
    );
    for (const r of odd)
      console.log(
        `warning: ${r.target} #${r.round}: status codes ${JSON.stringify(r.statusCodes)}, ${r.errors} errors, ${r.timeouts} timeouts`,
      );
    const disturbed = checks.some((c) => c.disturbed);
    if (disturbed)
      console.log(
        `warning: other processes used more than ${NOISE_SHARE * 100} % of a core during some runs (marked "!") — ` +
          'those figures are disturbed; run again on a quiet machine.',
      );

    // ---- the officer write path on the embedded database: visits (R5), one applicant per request ----
    const applicantIds = lmakort.ready.applicantIds ?? [];
    const visitRequests: Request[] = applicantIds.map((id) => ({
      method: 'POST',
      path: `/api/v1/applicants/${id}/visits`,
      headers: { authorization: `Bearer ${lmakort.ready.token}`, 'content-type': 'application/json' },
      body: '{}',
    }));
    console.log('\nofficer write path (embedded database):');
    const visits = await measure('visits', LABELS.visits, 1, lmakort, visitRequests, null);
    console.log(
      `  ${visits.requestsPerSecond} visits/s at ${CONNECTIONS} connections, p50 ${visits.latencyMs.p50} ms, p99 ${visits.latencyMs.p99} ms ` +
        `(each one transaction: lock, extend, visit, history, outbox, projection; PGlite runs one at a time)`,
    );
    runs.push(visits);
    await Promise.all([bare.stop(), lmakort.stop(), fastify?.stop()]);

    const propagation =
      PROPAGATION_WRITES > 0 ? await propagationSection(PROPAGATION_WRITES, Math.min(SECONDS, 5)) : null;
    const manyCards =
      STARTUP_CARDS > 0
        ? await startupSection(STARTUP_CARDS, (name, script, env) => Server.start(name, script, env))
        : null;

    const lookupChecks: Check[] = checks.map((c) => ({
      what: c.what,
      measured: `${c.measured}${c.disturbed ? ' (disturbed)' : ''}`,
      threshold: c.threshold,
      pass: c.pass,
    }));
    const allChecks = [...lookupChecks, ...(propagation?.checks ?? []), ...(manyCards?.checks ?? [])];
    console.log(
      `\ntargets (system.md, "Performance targets"; load average now ${loadAverage()})\n${table([
        ['target', 'measured', 'threshold', 'result'],
        ...allChecks.map((c) => [
          c.what,
          c.measured,
          c.threshold,
          c.pass === null ? 'not measured' : c.pass ? 'PASS' : 'FAIL',
        ]),
      ])}`,
    );
    const failed = allChecks.filter((c) => c.pass === false);
    console.log(
      (failed.length === 0
        ? '\nall measured targets PASS'
        : `\nFAIL: ${failed.map((c) => `${c.what} ${c.measured} (target ${c.threshold})`).join('; ')}`) +
        (disturbed ? ' — UNRELIABLE (disturbed lookup run)' : ''),
    );

    mkdirSync('.bench', { recursive: true });
    const file = join('.bench', `lookup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          source,
          machine,
          settings: {
            seconds: SECONDS,
            warmupSeconds: WARMUP_SECONDS,
            rounds: ROUNDS,
            connections: CONNECTIONS,
            pipelining: PIPELINING,
            cards: CARDS,
            database: DATABASE,
            bareHeaders: BARE_HEADERS,
            reference: REFERENCE,
            generator: GENERATOR,
            profiled: CPU_PROF_DIR !== null,
          },
          startup,
          baselineRequestsPerSecond: Math.round(baseline),
          summaries,
          checks: allChecks,
          visits: { requestsPerSecond: visits.requestsPerSecond, latencyMs: visits.latencyMs },
          propagation: propagation?.result ?? null,
          startupWithManyCards: manyCards?.startup ?? null,
          loadAverage: loadAverage(),
          pass: failed.length === 0,
          disturbed,
          runs,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results: ${file}`);
    if (CPU_PROF_DIR) {
      console.log('CPU profiles (summarise with):');
      for (const r of runs)
        console.log(
          `  node --import tsx bench/profile-summary.ts ${profile(`${r.kind}-${r.round}`)} 25 ${r.allResponses}`,
        );
    }
  } finally {
    await Promise.all([bare.stop(), lmakort.stop(), fastify?.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    killAll();
    process.exit(1);
  },
);
