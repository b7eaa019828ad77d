// The embedded database (PGlite): in a data directory under its lock, or in memory.

import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { BackgroundPriority } from '../thread-priority.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { writeDataDirTarGzOffThread } from './data-dir-tar.ts';
import type { CopiesOut, Db, Queryable } from './db.ts';
import { OID_DATE, OID_INT8, OID_TIMESTAMPTZ, toIso } from './db-values.ts';

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

function wrapPglite(
  db: PGlite,
  release: () => void,
  dataDir: string | null,
  priority?: BackgroundPriority,
): Db & CopiesOut {
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
        // As dumpDataDir: inside a transaction, and no query runs while the files are read — by a
        // worker thread of its own, so the copy's buffers never load the main thread's heap.
        if (dataDir) {
          return db._runExclusiveQuery(() => writeDataDirTarGzOffThread(dataDir, file, { priority }));
        }
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

/**
 * Opens (creating when needed) the embedded database in dataDir, refusing if another process has it.
 * A backup's copy thread gives way to lookups as `backgroundPriority` says (the config's setting).
 */
export async function openEmbedded(
  dataDir: string,
  command = 'lmakort',
  { backgroundPriority }: { backgroundPriority?: BackgroundPriority } = {},
): Promise<Db> {
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
    return wrapPglite(db, release, join(dir, 'pg'), backgroundPriority);
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
