// `lmakort backup` and `lmakort restore` for the embedded database. Only one process may open the
// data directory, so while a server runs the backup goes through it (GET /api/v1/admin/backup).
// A PostgreSQL server is backed up with pg_dump / pg_restore instead.

import { createWriteStream, existsSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import { restoreEmbedded } from '../store/backup.ts';
import { DataDirLockedError, openEmbedded } from '../store/db.ts';
import { step } from './progress.ts';

export class CliRefusal extends Error {}

const PG_TOOLS =
  'DATABASE_URL is set: this database is a PostgreSQL server — back it up with `pg_dump --format=custom "$DATABASE_URL" > lmakort.dump` and restore with `pg_restore --clean --if-exists -d "$DATABASE_URL" lmakort.dump` (see docs/operations.md)';

export async function backup(
  config: Config,
  options: { out: string; server?: string; token?: string },
): Promise<string> {
  const partial = `${options.out}.partial`;
  if (options.server) {
    if (!options.token) throw new CliRefusal('--server needs --token (an admin token)');
    const url = new URL('/api/v1/admin/backup', options.server);
    step('backup', `asking ${url.origin} for a backup…`);
    const res = await fetch(url, { headers: { authorization: `Bearer ${options.token}` } });
    if (!res.ok || !res.body) {
      throw new CliRefusal(`the server answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    await pipeline(
      Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
      createWriteStream(partial),
    );
  } else {
    if (config.databaseUrl) throw new CliRefusal(PG_TOOLS);
    if (!existsSync(join(config.dataDir, 'pg', 'PG_VERSION'))) {
      throw new CliRefusal(`there is no embedded database in ${config.dataDir} (LMA_DATA_DIR) to back up`);
    }
    let db: Awaited<ReturnType<typeof openEmbedded>>;
    try {
      db = await openEmbedded(config.dataDir, 'backup', { backgroundPriority: config.backgroundPriority });
    } catch (error) {
      if (error instanceof DataDirLockedError) {
        throw new CliRefusal(
          `${error.message}\nA running server holds it: back up through it with --server URL --token ADMIN_TOKEN.`,
        );
      }
      throw error;
    }
    try {
      step('backup', `reading the embedded database in ${config.dataDir}…`);
      const blob = await (db.dumpDataDir as () => Promise<Blob>)();
      step('backup', `writing ${blob.size} bytes…`);
      writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    } finally {
      await db.close();
    }
  }
  try {
    renameSync(partial, options.out);
  } catch (error) {
    unlinkSync(partial);
    throw error;
  }
  return options.out;
}

export async function restore(config: Config, file: string, options: { force: boolean }) {
  if (config.databaseUrl) throw new CliRefusal(PG_TOOLS);
  try {
    step('restore', `unpacking ${file} into ${config.dataDir}…`);
    return await restoreEmbedded(config.dataDir, file, options);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new CliRefusal(`${error.message}\nStop the server before restoring into its data directory.`);
    }
    throw error;
  }
}
