// `lmakort backup`: see the usage text in ../main.ts.

import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { backup } from '../backup.ts';
import { UsageError } from '../command-kit.ts';

export async function backupCommand(config: Config, rest: string[]): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    options: { out: { type: 'string' }, server: { type: 'string' }, token: { type: 'string' } },
  });
  if (!values.out) throw new UsageError('usage: lmakort backup --out FILE [--server URL --token TOKEN]');
  const started = performance.now();
  const out = await backup(config, {
    out: values.out,
    ...(values.server ? { server: values.server } : {}),
    ...(values.token ? { token: values.token } : {}),
  });
  const ms = Math.round(performance.now() - started);
  console.log(`backup written to ${out} (${statSync(out).size} bytes, ${ms} ms)`);
  return 0;
}
