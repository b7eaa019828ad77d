// The narrow database interface the store needs, satisfied by embedded PGlite and by a pg pool.
// One SQL dialect (PostgreSQL) for both; dates come back as 'YYYY-MM-DD', instants as ISO strings.

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

/** Another process holds the embedded data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; command: string; startedAt: string },
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another lmakort process ` +
        `(pid ${holder.pid}, "${holder.command}", since ${holder.startedAt}). ` +
        'Only one process may open it: stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isLmakortProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A pid left by a killed process may have been reused by something else entirely.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}

/** An exclusive lock file beside the data; stale locks (holder dead) are taken over. */
export function lockDataDir(dataDir: string, command: string): () => void {
  const lockPath = join(dataDir, 'lmakort.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid: number; command: string; startedAt: string };
      try {
        holder = JSON.parse(readFileSync(lockPath, 'utf8'));
      } catch {
        holder = { pid: 0, command: 'unknown', startedAt: 'unknown' };
      }
      if (holder.pid > 0 && holder.pid !== process.pid && isLmakortProcessAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      unlinkSync(lockPath);
    }
  }
  throw new Error(`could not lock ${dataDir}`);
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
    const db = await PGlite.create({ dataDir: join(dir, 'pg'), parsers: pgliteParsers });
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

export async function openPostgres(connectionString: string, options: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    types: pgTypes,
    // No JIT: our statements are small, and PostgreSQL compiled any whose estimated cost passed
    // jit_above_cost — the follower's catch-up took 22 ms instead of 3, of which 10-30 ms was
    // compiling, and two instances' soak went stale beyond 100 ms (docs/performance.md, session 6).
    options: '-c TimeZone=UTC -c jit=off',
  });
  // A connection the server ends while it sits idle in the pool (a restart, an administrator, a
  // dropped database) is reported here, and the pool drops it and opens another when next needed.
  // Without a listener the report is an unhandled 'error' event, which ends the process. Found by
  // CI: a test database dropped WITH (FORCE) just after pool.end() had let go of its clients.
  pool.on('error', () => {});
  // Fail now, with the server's own words, rather than at the first request.
  const probe = await pool.connect();
  probe.release();
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: readonly unknown[]) =>
      (await pool.query(sql, params as unknown[])) as unknown as { rows: T[] },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(sql: string, params?: readonly unknown[]) =>
            (await client.query(sql, params as unknown[])) as unknown as { rows: T[] },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    listen: (channel, handlers) => listenOn(connectionString, channel, handlers),
    close: () => pool.end(),
  };
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function listenOn(
  connectionString: string,
  channel: string,
  handlers: ListenHandlers,
): Promise<Listener> {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const client = new pg.Client({ connectionString, types: pgTypes });
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
    throw error;
  }
  return {
    pid: (client as unknown as { processID: number }).processID,
    close: async () => {
      closing = true;
      await client.end().catch(() => {});
    },
  };
}
