// `lmakort jobs`: see the usage text in ../main.ts.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { runReminderSweep } from '../../jobs/reminder-sweep.ts';
import { exportLetters, UsageError, withSystem } from '../command-kit.ts';
import { retentionRun } from './retention.ts';

export async function jobsCommand(config: Config, rest: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  const [verb, job = 'reminders', ...extra] = positionals;
  const usage = 'usage: lmakort jobs run [reminders|letters|retention] [--out DIR]';
  if (verb !== 'run' || extra.length > 0) throw new UsageError(usage);
  if (job === 'reminders') {
    if (values.out) throw new UsageError('--out is for the letter job: lmakort jobs run letters --out DIR');
    const r = await withSystem(config, 'jobs run', (s) => runReminderSweep(s.db, s.clock));
    console.log(`reminders: ${r.created} made for cards ending ${r.today} to ${r.horizon}`);
    return 0;
  }
  if (job === 'letters') {
    const out = values.out ?? config.letterDir ?? resolve('letters');
    await exportLetters(config, out, 'jobs run letters');
    return 0;
  }
  if (job === 'retention') {
    if (values.out) throw new UsageError('--out is for the letter job: lmakort jobs run letters --out DIR');
    await retentionRun(config, 'jobs run retention');
    return 0;
  }
  throw new UsageError(`unknown job "${job}"; jobs: reminders, letters, retention`);
}
