// Backup and restore of the embedded database (PGlite's data directory as a gzipped tarball). A
// PostgreSQL server is backed up with its own tools (pg_dump / pg_restore): see docs/operations.md.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';

const LOCK_FILE = 'lmakort.lock';

export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

/** Restores a backup into dataDir; refuses a non-empty directory unless force, and a locked one always. */
export async function restoreEmbedded(
  dataDir: string,
  file: string,
  options: { force: boolean },
): Promise<{ cards: number; applicants: number }> {
  const dir = resolve(dataDir);
  if (!existsSync(file)) throw new RestoreRefusedError(`no backup file at ${file}`);
  const bytes = readFileSync(file);
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir, 'restore'); // throws DataDirLockedError while a server holds it
  try {
    const existing = readdirSync(dir).filter((f) => f !== LOCK_FILE);
    if (existing.length > 0) {
      if (!options.force) {
        throw new RestoreRefusedError(
          `${dir} is not empty (${existing.join(', ')}); restore into an empty directory, or pass --force to replace what is there`,
        );
      }
      for (const f of existing) rmSync(join(dir, f), { recursive: true, force: true });
    }
    const db = await PGlite.create({ dataDir: join(dir, 'pg'), loadDataDir: new Blob([bytes]) });
    try {
      const { rows } = await db.query<{ cards: number; applicants: number }>(
        'SELECT (SELECT count(*) FROM cards)::int AS cards, (SELECT count(*) FROM applicants)::int AS applicants',
      );
      return rows[0] ?? { cards: 0, applicants: 0 };
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}
