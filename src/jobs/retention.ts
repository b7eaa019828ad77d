// R15: the daily purge. Exactly once per applicant however many instances run it (the purge takes
// the applicant's row lock and finds it purged the second time); the letter outbox's files of a purged
// applicant are removed with it, since they carry the name and address.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor } from '../services/lma-service.ts';
import type { LetterFileRemover, Retention, RetentionRunResult } from '../services/retention.ts';
import { letterFileName } from './letters.ts';

export const RETENTION_JOB_ACTOR: Actor = { name: 'job:retention', correlationId: null };

/** Removes a purged applicant's letters from the outbox (LMA_LETTER_DIR); a missing file is fine. */
export function letterFileRemover(letterDir: string): LetterFileRemover {
  return async (letters) => {
    for (const l of letters) await rm(join(letterDir, letterFileName(l)), { force: true });
  };
}

export function runRetentionJob(
  retention: Retention,
  actor: Actor = RETENTION_JOB_ACTOR,
): Promise<RetentionRunResult> {
  return retention.run(actor);
}
