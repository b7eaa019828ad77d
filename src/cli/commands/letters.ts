// `lmakort letters`: see the usage text in ../main.ts.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { exportLetters, UsageError } from '../command-kit.ts';

export async function lettersCommand(config: Config, rest: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  if (positionals[0] !== 'export' || positionals.length !== 1 || !values.out) {
    throw new UsageError('usage: lmakort letters export --out DIR');
  }
  await exportLetters(config, resolve(values.out), 'letters export');
  return 0;
}
