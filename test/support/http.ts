// The real app on a real socket (127.0.0.1, ephemeral port), with its log lines captured to grep.

import { Writable } from 'node:stream';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { loadRulebooks } from '../../src/http/verify/rulebooks.ts';
import type { SessionPolicy } from '../../src/services/officer-accounts.ts';
import type { RenderPool } from '../../src/services/render-pool.ts';
import { TokenService } from '../../src/services/tokens.ts';
import type { ChangeFollower } from '../../src/store/change-follower.ts';
import type { Backend } from './backends.ts';
import { BASE_URL, makeSystem, type TestSystem } from './system.ts';

/** Response bodies in tests are read as loosely as a client would read them. */
// biome-ignore lint/suspicious/noExplicitAny: test code asserts on the JSON it gets back
export type Json = any;

export interface RunningApp {
  app: FastifyInstance;
  url: string;
  logs: string[];
  officerToken: string;
  adminToken: string;
  close(): Promise<void>;
}

export interface StartOptions {
  abuseLimit?: number;
  trustProxy?: boolean;
  /** Proxies in front whose X-Forwarded-For entries are trusted (LMA_TRUST_PROXY_HOPS). */
  trustProxyHops?: number;
  /** False: the fast path writes every answer through writeHead (LMA_NODE_INTERNALS=off). */
  nodeInternals?: boolean;
  nodeEnv?: 'development' | 'production' | 'test';
  metricsToken?: string | null;
  metricsPort?: number | null;
  cardCostSek?: number;
  sessionPolicy?: SessionPolicy;
  /** With PostgreSQL: the follower of other instances' changes (readiness, lag). */
  follower?: ChangeFollower;
  receiptLimit?: number;
  /** R15: LMA_RETENTION_MONTHS, as the privacy page states it. */
  retentionMonths?: number;
  /** Where documents are made; the process's shared pool when not given. */
  renderPool?: RenderPool;
}

export async function startApp(s: TestSystem, options: StartOptions = {}): Promise<RunningApp> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = buildApp({
    config: {
      trustProxy: options.trustProxy ?? false,
      trustProxyHops: options.trustProxyHops ?? 1,
      nodeInternals: options.nodeInternals ?? true,
      abuseLimit: options.abuseLimit ?? 1000,
      abuseWindowSeconds: 600,
      logLevel: 'info',
      nodeEnv: options.nodeEnv ?? 'test',
      metricsToken: options.metricsToken ?? null,
      metricsPort: options.metricsPort ?? null,
      cardCostSek: options.cardCostSek ?? 150,
      ...(options.receiptLimit ? { receiptLimit: options.receiptLimit } : {}),
      ...(options.retentionMonths ? { retentionMonths: options.retentionMonths } : {}),
    },
    db: s.db,
    readModel: s.readModel,
    service: s.service,
    clock: s.clock,
    keys: s.keys,
    verify: { publicBaseUrl: BASE_URL, rulebooks: loadRulebooks() },
    statusLists: s.statusLists,
    logStream,
    ...(options.sessionPolicy ? { sessionPolicy: options.sessionPolicy } : {}),
    follower: options.follower ?? null,
    ...(options.renderPool ? { renderPool: options.renderPool } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  const officer = await new TokenService(s.db, s.clock).create('setup', {
    name: `officer-${address.port}`,
    role: 'officer',
  });
  const admin = await new TokenService(s.db, s.clock).create('setup', {
    name: `admin-${address.port}`,
    role: 'admin',
  });
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    logs,
    officerToken: officer.token,
    adminToken: admin.token,
    close: () => app.close(),
  };
}

/** A small client for the officer API. */
export function officerClient(running: RunningApp, token = running.officerToken) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${running.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Json };
  };
  return {
    call,
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body, headers),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    del: (path: string) => call('DELETE', path),
  };
}

export async function status(running: RunningApp, code: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.url}/api/v1/status/${encodeURIComponent(code)}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

/**
 * For a describe block: a fresh system on `backend` with the app on it, made before the block's tests
 * and closed after them. Read `.s` and `.web` inside the tests.
 */
export function appOn(
  backend: Backend,
  options: StartOptions & {
    /** The clock's first instant (makeSystem's default otherwise). */ start?: string;
  } = {},
): { readonly s: TestSystem; readonly web: RunningApp } {
  const fixture = appsOn(backend, [options], options.start);
  return {
    get s() {
      return fixture.s;
    },
    get web() {
      return fixture.webs[0] as RunningApp;
    },
  };
}

/**
 * For a describe block: as `appOn`, with one app on the one system for each of `options` (the same
 * database and read model behind differently configured apps). Read `.s` and `.webs` inside the tests.
 */
export function appsOn(
  backend: Backend,
  options: StartOptions[],
  start?: string,
): { readonly s: TestSystem; readonly webs: readonly RunningApp[] } {
  const fixture = { webs: [] as RunningApp[] } as { s: TestSystem; webs: RunningApp[] };
  before(async () => {
    fixture.s = await makeSystem(await backend.open(), start);
    for (const o of options) fixture.webs.push(await startApp(fixture.s, o));
  });
  after(async () => {
    for (const web of fixture.webs) await web.close();
    fixture.s?.statusLists.stop();
    await fixture.s?.db.close();
  });
  return fixture;
}
