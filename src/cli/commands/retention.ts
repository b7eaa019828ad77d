// `lmakort retention run` (and `jobs run retention`): the retention job once (R15); see the usage
// text in ../main.ts. Recorded as `cli` (P4); prints counts and dates, never whom.

import type { Config } from '../../config.ts';
import { letterFileRemover } from '../../jobs/retention.ts';
import { Retention } from '../../services/retention.ts';
import { CLI_ACTOR, UsageError, withSystem } from '../command-kit.ts';

export async function retentionRun(config: Config, command: string): Promise<void> {
  const r = await withSystem(config, command, (s) =>
    new Retention({
      db: s.db,
      readModel: s.readModel,
      clock: s.clock,
      months: config.retentionMonths,
      ...(config.letterDir ? { removeLetterFiles: letterFileRemover(config.letterDir) } : {}),
    }).run(CLI_ACTOR),
  );
  console.log(
    `retention: ${r.purged} applicants purged (retention ${config.retentionMonths} months: ended on or before ${r.cutoff})`,
  );
}

export async function retentionCommand(config: Config, rest: string[]): Promise<number> {
  if (rest.length !== 1 || rest[0] !== 'run') throw new UsageError('usage: lmakort retention run');
  await retentionRun(config, 'retention run');
  return 0;
}
