// `lmakort restore`: see the usage text in ../main.ts.

import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { restore } from '../backup.ts';
import { UsageError } from '../command-kit.ts';

export async function restoreCommand(config: Config, rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { force: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('usage: lmakort restore FILE [--force]');
  const r = await restore(config, positionals[0] as string, { force: values.force ?? false });
  console.log(`restored into ${config.dataDir}: ${r.applicants} applicants, ${r.cards} cards`);
  return 0;
}
