// The environment, parsed once into a frozen Config. Development has defaults; production refuses to
// start without what it needs and refuses a pinned clock (C8).

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { BACKGROUND_PRIORITIES, type BackgroundPriority, backgroundPriorityOf } from './thread-priority.ts';

export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly publicBaseUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  /** PostgreSQL: how long to wait for a connection (TCP and start-up) before giving up. */
  readonly dbConnectTimeoutMs: number;
  /** PostgreSQL: the longest one statement may run (server-side), and the client waits a second more. */
  readonly dbStatementTimeoutMs: number;
  /** PostgreSQL: a transaction left idle this long is ended by the server. */
  readonly dbIdleInTransactionTimeoutMs: number;
  /** A Redis server (redis:// or rediss://) sharing abuse limits between instances; null: in memory. */
  readonly redisUrl: string | null;
  readonly pinnedClock: Date | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  readonly trustProxy: boolean;
  /** S1: reverse proxies in front that append to X-Forwarded-For; the client is the address the farthest added. */
  readonly trustProxyHops: number;
  /** The lookup fast path's response heads made once through Node's internals; false: Node's writeHead. */
  readonly nodeInternals: boolean;
  /** S1, P2: unknown/malformed answers one client may get per window before 429. */
  readonly abuseLimit: number;
  readonly abuseWindowSeconds: number;
  /** Bearer token that opens /metrics (operators' scraper); null: not by token. */
  readonly metricsToken: string | null;
  /** A separate /metrics listener on 127.0.0.1:port; null: none. */
  readonly metricsPort: number | null;
  /** What one physical card costs, for the savings in the statistics. */
  readonly cardCostSek: number;
  /** The letter outbox the server's daily letter job writes to; null: letters only by CLI/API. */
  readonly letterDir: string | null;
  /** Officer console: a session unused this long ends… */
  readonly consoleIdleMinutes: number;
  /** …and every session ends this long after sign-in. */
  readonly consoleMaxHours: number;
  /** Failed sign-ins in a row that lock an account, and for how long. */
  readonly signInMaxFailures: number;
  readonly signInLockMinutes: number;
  /** The verifier's guidance rulebooks (one JSON file per role); null: the shipped `rulebooks/`. */
  readonly rulebookDir: string | null;
  /** How long a verifier may use a status list before fetching it again (its `ttl`, Cache-Control). */
  readonly statusListTtlSeconds: number;
  /** Worker threads that make documents and decode photos (LMA_RENDER_THREADS; default: cores − 1, at least 1). */
  readonly renderThreads: number;
  /** Document tasks that may wait for a thread before a request is refused with 503 (LMA_RENDER_QUEUE). */
  readonly renderQueue: number;
  /** How document threads and the backup's copy give way to lookups (LMA_BACKGROUND_PRIORITY). */
  readonly backgroundPriority: BackgroundPriority;
  /** Receipt PDFs one client may have per abuse window (LMA_RECEIPT_LIMIT); past it, 429. */
  readonly receiptLimit: number;
  /**
   * R15: months after coverage ended, or the last card was cancelled without a replacement, when an
   * applicant's personal data are purged (LMA_RETENTION_MONTHS; required in production, else 24).
   */
  readonly retentionMonths: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Document worker threads: one fewer than the machine has cores (the main thread keeps one), at least one. */
export function defaultRenderThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}
/** Document tasks that may wait for a thread, by default. */
export const DEFAULT_RENDER_QUEUE = 16;
/** R15: the retention period outside production when LMA_RETENTION_MONTHS is not set. */
export const DEFAULT_RETENTION_MONTHS = 24;
/** Receipt PDFs one client may have per abuse window, by default. */
export const DEFAULT_RECEIPT_LIMIT = 30;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const nodeEnv =
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const host = env.LMA_HOST || '127.0.0.1';

  let publicBaseUrl = env.PUBLIC_BASE_URL || '';
  if (!publicBaseUrl) {
    if (nodeEnv === 'production')
      problems.push('PUBLIC_BASE_URL is required in production (the address printed on cards)');
    publicBaseUrl = `http://localhost:${port}`;
  }
  try {
    const url = new URL(publicBaseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    if (nodeEnv === 'production' && url.protocol !== 'https:')
      problems.push('PUBLIC_BASE_URL must use https in production');
    if (url.search || url.hash) problems.push('PUBLIC_BASE_URL must not have a query or fragment');
  } catch {
    problems.push(`PUBLIC_BASE_URL is not an http(s) URL (got "${publicBaseUrl}")`);
  }
  publicBaseUrl = publicBaseUrl.replace(/\/+$/, '');

  let pinnedClock: Date | null = null;
  if (env.LMA_CLOCK) {
    if (nodeEnv === 'production') problems.push('LMA_CLOCK is refused when NODE_ENV=production');
    const t = new Date(env.LMA_CLOCK);
    if (Number.isNaN(t.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(env.LMA_CLOCK)) {
      problems.push(
        `LMA_CLOCK must be an ISO 8601 instant with offset, e.g. 2026-06-02T10:00:00+02:00 (got "${env.LMA_CLOCK}")`,
      );
    } else pinnedClock = t;
  }

  const backgroundPriority = backgroundPriorityOf(env);
  if (!backgroundPriority) {
    problems.push(
      `LMA_BACKGROUND_PRIORITY must be one of ${BACKGROUND_PRIORITIES.join(', ')} (got "${env.LMA_BACKGROUND_PRIORITY}")`,
    );
  }
  const logLevel = (env.LMA_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LMA_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const redisUrl = env.LMA_REDIS_URL || null;
  if (redisUrl !== null) {
    let ok = false;
    try {
      const u = new URL(redisUrl);
      ok = (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok)
      problems.push(
        'LMA_REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379',
      );
  }

  const metricsToken = env.LMA_METRICS_TOKEN || null;
  if (metricsToken !== null && !/^[A-Za-z0-9._~+/-]{24,200}$/.test(metricsToken)) {
    problems.push('LMA_METRICS_TOKEN must be 24–200 characters of A-Z a-z 0-9 . _ ~ + / -');
  }
  const metricsPortRaw = integer(env, 'LMA_METRICS_PORT', 0, 1, 65535, problems);
  const metricsPort = env.LMA_METRICS_PORT ? metricsPortRaw : null;
  if (metricsPort !== null && metricsPort === port) problems.push('LMA_METRICS_PORT must differ from PORT');

  const trustProxyRaw = (env.LMA_TRUST_PROXY || 'false').toLowerCase();
  if (!['true', '1', 'false', '0'].includes(trustProxyRaw))
    problems.push(`LMA_TRUST_PROXY must be true or false (got "${env.LMA_TRUST_PROXY}")`);
  const trustProxy = trustProxyRaw === 'true' || trustProxyRaw === '1';

  const internalsRaw = env.LMA_NODE_INTERNALS || 'on';
  if (internalsRaw !== 'on' && internalsRaw !== 'off')
    problems.push(`LMA_NODE_INTERNALS must be on or off (got "${internalsRaw}")`);
  const nodeInternals = internalsRaw !== 'off';

  if (nodeEnv === 'production' && !env.LMA_RETENTION_MONTHS)
    problems.push(
      'LMA_RETENTION_MONTHS is required in production (months after coverage ended before personal data are purged, R15)',
    );

  const config: Config = {
    nodeEnv,
    host,
    port,
    publicBaseUrl,
    dataDir: resolve(env.LMA_DATA_DIR || './data'),
    databaseUrl,
    dbConnectTimeoutMs: integer(env, 'LMA_DB_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000, problems),
    dbStatementTimeoutMs: integer(env, 'LMA_DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000, problems),
    dbIdleInTransactionTimeoutMs: integer(
      env,
      'LMA_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      30_000,
      100,
      3_600_000,
      problems,
    ),
    redisUrl,
    pinnedClock,
    logLevel,
    trustProxy,
    trustProxyHops: integer(env, 'LMA_TRUST_PROXY_HOPS', 1, 1, 10, problems),
    nodeInternals,
    abuseLimit: integer(env, 'LMA_ABUSE_LIMIT', 100, 1, 1_000_000, problems),
    abuseWindowSeconds: integer(env, 'LMA_ABUSE_WINDOW_SECONDS', 600, 10, 86_400, problems),
    metricsToken,
    metricsPort,
    cardCostSek: integer(env, 'LMA_CARD_COST_SEK', 150, 0, 100_000, problems),
    letterDir: env.LMA_LETTER_DIR ? resolve(env.LMA_LETTER_DIR) : null,
    consoleIdleMinutes: integer(env, 'LMA_CONSOLE_IDLE_MINUTES', 30, 1, 480, problems),
    consoleMaxHours: integer(env, 'LMA_CONSOLE_MAX_HOURS', 12, 1, 24, problems),
    signInMaxFailures: integer(env, 'LMA_SIGN_IN_MAX_FAILURES', 5, 2, 100, problems),
    signInLockMinutes: integer(env, 'LMA_SIGN_IN_LOCK_MINUTES', 15, 1, 1440, problems),
    rulebookDir: env.LMA_RULEBOOK_DIR ? resolve(env.LMA_RULEBOOK_DIR) : null,
    statusListTtlSeconds: integer(env, 'LMA_STATUS_LIST_TTL_SECONDS', 300, 10, 86_400, problems),
    renderThreads: integer(env, 'LMA_RENDER_THREADS', defaultRenderThreads(), 1, 64, problems),
    renderQueue: integer(env, 'LMA_RENDER_QUEUE', DEFAULT_RENDER_QUEUE, 0, 10_000, problems),
    backgroundPriority: backgroundPriority ?? 'idle',
    receiptLimit: integer(env, 'LMA_RECEIPT_LIMIT', DEFAULT_RECEIPT_LIMIT, 1, 1_000_000, problems),
    retentionMonths: integer(env, 'LMA_RETENTION_MONTHS', DEFAULT_RETENTION_MONTHS, 1, 240, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
