// `lmakort migrate`: see the usage text in ../main.ts.

import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { migrate } from '../../store/migrate.ts';
import { openDatabase } from '../../system.ts';

export async function migrateCommand(config: Config, rest: string[]): Promise<number> {
  parseArgs({ args: rest, options: {} });
  const db = await openDatabase(config, 'migrate');
  try {
    const applied = await migrate(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
  }
  return 0;
}
