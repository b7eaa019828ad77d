// Several real `lmakort serve` processes on one PostgreSQL database, for the propagation benchmark
// (bench/lookup.ts) and the soak (bench/soak.ts): a fresh database on the server, an officer token
// made with the CLI, N instances on ephemeral ports, and cards made through the officer API.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { silhouettePng } from '../src/cli/demo-photo.ts';
import { createDatabase } from './fresh-postgres.ts';

const BIN = new URL('../bin/lmakort.js', import.meta.url).pathname;

/** The PostgreSQL server to use: BENCH_DATABASE_URL, LMA_TEST_DATABASE_URL, or the local default. */
export function postgresServerUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    process.env.LMA_TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** Whether a PostgreSQL server answers there (within 2 s). */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface Instance {
  url: string;
  child: ChildProcess;
  /** Resident memory of the process, bytes (Linux /proc), or null. */
  rss(): number | null;
}

export interface Cluster {
  databaseUrl: string;
  token: string;
  instances: Instance[];
  /** Runs the lmakort CLI against the cluster's database (e.g. `jobs run reminders`). */
  cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LMA_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `lmakort serve` with `env`, resolved once it prints that it listens (its own line, on stdout). */
export function serve(env: Record<string, string>, running: Set<ChildProcess>): Promise<Instance> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LMA_RETENTION_MONTHS: '24',
      LMA_LOG_LEVEL: 'warn',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d;
      const m = /lmakort listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (m)
        resolve({
          url: m[1] as string,
          child,
          rss: () => {
            try {
              const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
              return kb ? Number(kb) * 1024 : null;
            } catch {
              return null;
            }
          },
        });
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => {
      running.delete(child);
      reject(new Error(`lmakort serve exited (${code}) before listening:\n${output}`));
    });
  });
}

/** A fresh database on the server, N instances on it; stop() ends them and drops the database. */
export async function startCluster(
  serverUrl: string,
  options: {
    instances: number;
    env?: Record<string, string>;
    /** CLI commands to run after migrating and before the instances start (e.g. demo --cards N). */
    before?: string[][];
  },
): Promise<Cluster> {
  const name = `lmakort_bench_${randomBytes(5).toString('hex')}`;
  const database = await createDatabase(serverUrl, name);
  const databaseUrl = database.url;
  const env = {
    DATABASE_URL: databaseUrl,
    PUBLIC_BASE_URL: 'https://lma.example',
    LMA_ABUSE_LIMIT: '1000000',
    ...options.env,
  };
  const running = new Set<ChildProcess>();
  const stop = async () => {
    await Promise.all(
      [...running].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await database.drop();
  };
  try {
    const migrated = await run(['migrate'], env);
    if (migrated.code !== 0) throw new Error(`lmakort migrate failed: ${migrated.stderr}`);
    const made = await run(['token', 'create', '--role', 'officer', '--name', 'bench'], env);
    if (made.code !== 0) throw new Error(`lmakort token create failed: ${made.stderr}`);
    const token = made.stdout.trim().split('\n').at(-1) as string;
    for (const args of options.before ?? []) {
      const done = await run(args, env);
      if (done.code !== 0) throw new Error(`lmakort ${args.join(' ')} failed: ${done.stderr}`);
    }
    const instances: Instance[] = [];
    for (let i = 0; i < options.instances; i++) instances.push(await serve(env, running));
    return { databaseUrl, token, instances, cli: (args) => run(args, env), stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

export interface Card {
  applicantId: string;
  cardId: string;
  code: string;
}

/** An officer client for one instance: JSON calls with the bearer token; throws on an unexpected status. */
export function officer(base: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const isPhoto = body instanceof Buffer;
    const response = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': isPhoto ? 'image/png' : 'application/json' }),
      },
      body: body === undefined ? undefined : isPhoto ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
}

const PHOTO = silhouettePng(300, 375); // the smallest photo an upload takes (S3)

/** Makes n applicants with an active card through the officer API (R2–R4), as an officer would. */
export async function makeActiveCards(base: string, token: string, n: number): Promise<Card[]> {
  const call = officer(base, token);
  const cards: Card[] = [];
  for (let i = 0; i < n; i++) {
    const applicant = await call('POST', '/api/v1/applicants', {
      givenName: 'Bench',
      familyName: `Person${i}`,
      birthDate: '1990-01-01',
      nationality: 'SYR',
      language: 'ar',
    });
    const id = applicant.id as string;
    await call('POST', `/api/v1/applicants/${id}/photo`, PHOTO);
    const fp = await call('POST', `/api/v1/applicants/${id}/fingerprints`, {});
    const card = fp.cardOrdered as { id: string; code: string };
    await call('POST', `/api/v1/cards/${card.id}/produced`, {});
    await call('POST', `/api/v1/cards/${card.id}/handover`, {});
    cards.push({ applicantId: id, cardId: card.id, code: card.code });
  }
  return cards;
}
