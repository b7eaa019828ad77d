// The narrow database interface the store needs, satisfied by embedded PGlite (pglite.ts) and by a
// pg pool (postgres.ts). One SQL dialect (PostgreSQL) for both; dates come back as 'YYYY-MM-DD',
// instants as ISO strings (db-values.ts).

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
}

/** The PGlite wrapper's: `select`'s rows as COPY text, by COPY … TO '/dev/blob'. */
export interface CopiesOut {
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
   * Embedded only: the same tarball written to `file` by a worker thread of its own, so the main
   * thread only waits (the server's backup). No query runs while the files are copied.
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

export { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';
export { openEmbedded, openMemory } from './pglite.ts';
export {
  asUnavailable,
  DatabaseUnavailableError,
  openPostgres,
  POSTGRES_DEFAULTS,
  type PostgresOptions,
} from './postgres.ts';
