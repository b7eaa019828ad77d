// The narrow database interface the store needs, satisfied by embedded PGlite and by a pg pool.
// One SQL dialect (PostgreSQL) for both; dates come back as 'YYYY-MM-DD', instants as ISO strings.

import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { writeDataDirTarGz } from './data-dir-tar.ts';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
}

/** The PGlite wrapper's: `select`'s rows as COPY text, by COPY … TO '/dev/blob'. */
interface CopiesOut {
  copyOut(select: string): Promise<Buffer>;
}

/**
 * The rows of `SELECT columns FROM from` in PostgreSQL's COPY text format: one line per row, columns
 * separated by a tab, NULL as \N. Only for columns whose text never needs COPY's escaping (codes,
 * single words, dates, numbers). On the embedded database this is COPY itself: a million cards in
 * about 0.5 s, where building them into one value took 2.4 s (docs/performance.md). On a server it is
 * one string_agg value in the same format (pg has no COPY without another package), which is
 * limited to 1 GB: about 25 million cards at some 40 bytes each.
 */
export async function readRowsAsText(
  db: Queryable,
  columns: readonly string[],
  from: string,
): Promise<Buffer> {
  const select = `SELECT ${columns.join(', ')} FROM ${from}`;
  if ('copyOut' in db) return (db as CopiesOut).copyOut(select);
  const line = columns.map((c) => `coalesce((${c})::text, '\\N')`).join(" || E'\\t' || ");
  const { rows } = await db.query<{ b: Uint8Array | null }>(
    `SELECT convert_to(string_agg(${line} || E'\\n', ''), 'UTF8') AS b FROM ${from}`,
  );
  const b = rows[0]?.b;
  return b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.alloc(0);
}

export interface Db extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Embedded only: the whole data directory as a gzipped tarball, taken between transactions. */
  dumpDataDir?(): Promise<Blob>;
  /**
   * Embedded only: the same tarball written to `file` a chunk at a time, so the event loop is never
   * held for long (the server's backup). No query runs while the files are copied.
   */
  backupTo?(file: string): Promise<void>;
  /**
   * PostgreSQL only: LISTEN on a channel over a dedicated connection (not from the pool). onLost is
   * called once when that connection fails or is cut; the listener is then dead and a new one is needed.
   */
  listen?(channel: string, handlers: ListenHandlers): Promise<Listener>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  onNotify(payload: string): void;
  onLost(error: Error): void;
}

export interface Listener {
  /** The server process of the listening connection (pg_terminate_backend cuts it). */
  readonly pid: number;
  close(): Promise<void>;
}

const OID_INT8 = 20;
const OID_DATE = 1082;
const OID_TIMESTAMPTZ = 1184;

const toIso = (value: string): string => new Date(value).toISOString();

interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
}

/** Another process holds the embedded data directory, or its lock file cannot be read. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
    readonly lockFile: string = join(dataDir, LOCK_FILE),
  ) {
    super(
      holder
        ? `The embedded database in ${dataDir} is in use by another lmakort process ` +
            `(pid ${holder.pid}, "${holder.command}", since ${holder.startedAt}). ` +
            'Only one process may open it: stop that process first, or set DATABASE_URL to use a PostgreSQL server.'
        : `The embedded database in ${dataDir} may be in use: its lock file ${lockFile} cannot be read ` +
            '(empty or damaged), so it is taken as held. Only one process may open the database. If no ' +
            `lmakort process uses this directory, remove ${lockFile} and start again.`,
    );
    this.name = 'DataDirLockedError';
  }
}

const LOCK_FILE = 'lmakort.lock';

/** The lock files this process made and still holds (by path), with the exact text it wrote. */
const heldLocks = new Map<string, string>();

/**
 * Whether the process a lock names has provably ended: no process has its pid. A pid in use by
 * anything (even another program that was given the number since) counts as alive, except our own
 * pid when this process did not make the lock: two live processes never share a pid, so the one
 * that wrote it has ended (a container restarted with the same pid).
 */
function holderHasEnded(lockPath: string, pid: number): boolean {
  if (pid === process.pid) return !heldLocks.has(lockPath);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function readHolder(lockPath: string): { text: string; holder: LockHolder | null } | null {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { text: '', holder: null };
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    const ok = Number.isInteger(parsed.pid) && (parsed.pid as number) > 0;
    return {
      text,
      holder: ok
        ? { pid: parsed.pid as number, command: String(parsed.command), startedAt: String(parsed.startedAt) }
        : null,
    };
  } catch {
    return { text, holder: null };
  }
}

/**
 * An exclusive lock file beside the data. A lock that cannot be read is taken as held (the error
 * names the file); a lock is taken over only when the process it names has provably ended, and
 * then under a second, exclusive take-over file so two starting processes cannot both take it.
 * The release deletes the lock only while it is still the one this process wrote.
 */
export function lockDataDir(dataDir: string, command: string): () => void {
  const lockPath = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({
    pid: process.pid,
    command,
    startedAt: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      heldLocks.set(lockPath, mine);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        heldLocks.delete(lockPath);
        try {
          if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = readHolder(lockPath);
      if (!found) continue; // removed meanwhile: try again
      if (!found.holder) throw new DataDirLockedError(dataDir, null, lockPath);
      if (!holderHasEnded(lockPath, found.holder.pid)) throw new DataDirLockedError(dataDir, found.holder);
      takeOverStaleLock(dataDir, lockPath, found.text, found.holder);
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

/** Removes a lock whose holder has ended, if it is still that very lock, under a take-over file. */
function takeOverStaleLock(dataDir: string, lockPath: string, staleText: string, holder: LockHolder): void {
  const guard = `${lockPath}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new DataDirLockedError(dataDir, holder);
    throw error;
  }
  try {
    closeSync(fd);
    if (readHolder(lockPath)?.text === staleText) unlinkSync(lockPath);
  } finally {
    unlinkSync(guard);
  }
}

const pgliteParsers = {
  [OID_INT8]: (v: string) => Number(v),
  [OID_DATE]: (v: string) => v,
  [OID_TIMESTAMPTZ]: toIso,
};

/** Runs COPY (select) TO '/dev/blob' on PGlite: the rows come back as one blob of COPY text. */
async function copyOutOf(db: Pick<PGlite, 'query'>, select: string): Promise<Buffer> {
  const { blob } = await db.query(`COPY (${select}) TO '/dev/blob'`);
  return blob ? Buffer.from(await blob.arrayBuffer()) : Buffer.alloc(0);
}

function wrapPglite(db: PGlite, release: () => void, dataDir: string | null): Db & CopiesOut {
  return {
    kind: 'embedded',
    query: async (sql, params) => db.query(sql, params as unknown[]),
    copyOut: (select) => copyOutOf(db, select),
    transaction: (fn) =>
      db.transaction((tx) => {
        const inTx: Queryable & CopiesOut = {
          query: async (sql, params) => tx.query(sql, params as unknown[]),
          copyOut: (select) => copyOutOf(tx, select),
        };
        return fn(inTx);
      }),
    // Inside a (read-only) transaction so no other transaction is half-way through while the files
    // are copied; PGlite runs the dump itself exclusively of queries.
    dumpDataDir: () => db.transaction(async () => (await db.dumpDataDir('gzip')) as Blob),
    backupTo: (file) =>
      db.transaction(async () => {
        // As dumpDataDir: inside a transaction, and no query runs while the files are read.
        if (dataDir) return db._runExclusiveQuery(() => writeDataDirTarGz(dataDir, file));
        // In memory there is no directory to read: PGlite's own dump, written out.
        const blob = (await db.dumpDataDir('gzip')) as Blob;
        await writeFile(file, Buffer.from(await blob.arrayBuffer()));
      }),
    close: async () => {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

/** Opens (creating when needed) the embedded database in dataDir, refusing if another process has it. */
export async function openEmbedded(dataDir: string, command = 'lmakort'): Promise<Db> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir, command);
  try {
    const db = await PGlite.create({
      dataDir: join(dir, 'pg'),
      parsers: pgliteParsers,
      // R15: a write-ahead log segment no longer needed is deleted, not renamed for reuse with its
      // old contents, so purged personal data leave the data directory (retention-store.ts).
      startParams: [...PGlite.defaultStartParams, '-c', 'wal_recycle=off'],
    });
    await db.exec("SET TIME ZONE 'UTC'");
    return wrapPglite(db, release, join(dir, 'pg'));
  } catch (error) {
    release();
    throw error;
  }
}

/** An in-memory embedded database, for tests and benchmarks. */
export async function openMemory(): Promise<Db> {
  const db = await PGlite.create({ parsers: pgliteParsers });
  await db.exec("SET TIME ZONE 'UTC'");
  return wrapPglite(db, () => {}, null);
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === OID_INT8) return (v: string) => Number(v);
    if (oid === OID_DATE) return (v: string) => v;
    if (oid === OID_TIMESTAMPTZ) return toIso;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/**
 * The PostgreSQL server did not answer in time, or the connection to it failed: the answer is not
 * known, so callers say "unavailable" (503) rather than anything else.
 */
export class DatabaseUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the database did not answer: ${reason}`);
    this.name = 'DatabaseUnavailableError';
  }
}

export interface PostgresOptions {
  max?: number;
  /** Connecting (TCP and PostgreSQL's start-up) may take this long. */
  connectTimeoutMs?: number;
  /** One statement may run this long on the server; the client gives up a second later. */
  statementTimeoutMs?: number;
  /** The server ends a transaction left idle this long. */
  idleInTransactionTimeoutMs?: number;
}

export const POSTGRES_DEFAULTS = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  idleInTransactionTimeoutMs: 30_000,
} as const;

/** SQLSTATE classes and codes that mean the server could not do it now, not that the input was wrong. */
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[1-3]|25P03|53...)$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** The error as DatabaseUnavailableError when it means the server did not answer; else itself. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const e = error as { code?: unknown; message?: unknown; severity?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (typeof e?.severity === 'string' && UNAVAILABLE_SQLSTATE.test(code)) {
    return new DatabaseUnavailableError(`the server refused with SQLSTATE ${code}`);
  }
  if (NETWORK_CODES.has(code)) return new DatabaseUnavailableError(code);
  if (
    /Query read timeout|timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return new DatabaseUnavailableError(message.slice(0, 120));
  }
  return error;
}

export async function openPostgres(connectionString: string, options: PostgresOptions = {}): Promise<Db> {
  const connectTimeoutMs = options.connectTimeoutMs ?? POSTGRES_DEFAULTS.connectTimeoutMs;
  const statementTimeoutMs = options.statementTimeoutMs ?? POSTGRES_DEFAULTS.statementTimeoutMs;
  const idleInTransactionTimeoutMs =
    options.idleInTransactionTimeoutMs ?? POSTGRES_DEFAULTS.idleInTransactionTimeoutMs;
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    types: pgTypes,
    // A server that accepts connections but never answers must not hang a start or a request: the
    // connection, each statement (on the server, and here a second later should the server not
    // answer at all) and a transaction left idle all have a limit.
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: statementTimeoutMs + 1_000,
    keepAlive: true,
    // No JIT: our statements are small, and PostgreSQL compiled any whose estimated cost passed
    // jit_above_cost — the follower's catch-up took 22 ms instead of 3, of which 10-30 ms was
    // compiling, and two instances' soak went stale beyond 100 ms (docs/performance.md).
    options:
      '-c TimeZone=UTC -c jit=off ' +
      `-c statement_timeout=${statementTimeoutMs} ` +
      `-c idle_in_transaction_session_timeout=${idleInTransactionTimeoutMs}`,
  });
  // A connection the server ends while it sits idle in the pool (a restart, an administrator, a
  // dropped database) is reported here, and the pool drops it and opens another when next needed.
  // Without a listener the report is an unhandled 'error' event, which ends the process. Found by
  // CI: a test database dropped WITH (FORCE) just after pool.end() had let go of its clients.
  pool.on('error', () => {});
  // Fail now, with the server's own words, rather than at the first request.
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw asUnavailable(error);
  }
  const connect = async () => {
    try {
      return await pool.connect();
    } catch (error) {
      throw asUnavailable(error);
    }
  };
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      try {
        return (await pool.query(sql, params as unknown[])) as unknown as { rows: T[] };
      } catch (error) {
        throw asUnavailable(error);
      }
    },
    transaction: async (fn) => {
      const client = await connect();
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(sql: string, params?: readonly unknown[]) => {
            try {
              return (await client.query(sql, params as unknown[])) as unknown as { rows: T[] };
            } catch (error) {
              const mapped = asUnavailable(error);
              if (mapped instanceof DatabaseUnavailableError) broken = mapped;
              throw mapped;
            }
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        const mapped = asUnavailable(error);
        if (mapped instanceof DatabaseUnavailableError) broken = mapped;
        // A connection whose server stopped answering is not used again: it is closed, not pooled.
        if (!broken)
          await client.query('ROLLBACK').catch((e) => {
            broken = e;
          });
        throw mapped;
      } finally {
        client.release(broken ? (broken as Error) : undefined);
      }
    },
    listen: (channel, handlers) =>
      listenOn(connectionString, channel, handlers, { connectTimeoutMs, statementTimeoutMs }),
    close: () => pool.end(),
  };
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function listenOn(
  connectionString: string,
  channel: string,
  handlers: ListenHandlers,
  timeouts: { connectTimeoutMs: number; statementTimeoutMs: number },
): Promise<Listener> {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const client = new pg.Client({
    connectionString,
    types: pgTypes,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + 1_000,
    keepAlive: true,
  });
  let lost = false;
  let closing = false;
  const lose = (error: Error) => {
    if (lost || closing) return;
    lost = true;
    client.removeAllListeners('notification');
    // The connection is dead; end() releases the socket (errors from a dead socket do not matter).
    client.end().catch(() => {});
    handlers.onLost(error);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('the listening connection ended')));
  client.on('notification', (n) => {
    if (n.channel === channel) handlers.onNotify(n.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
  } catch (error) {
    closing = true;
    await client.end().catch(() => {});
    throw asUnavailable(error);
  }
  return {
    pid: (client as unknown as { processID: number }).processID,
    close: async () => {
      closing = true;
      await client.end().catch(() => {});
    },
  };
}
