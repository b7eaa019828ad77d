// The letter job: every queued letter (R3 card ready, R7 reminder) rendered to a PDF in the letter
// outbox, then marked printed. Letters for a protected address (R13) go to their own folder, the
// internal forwarding queue, named by dossier number. Exactly once: the file is named by the letter's
// id (a rerun after a crash rewrites the same file), and the letter moves queued → printed by an
// atomic conditional update, so two runs at once cannot both count it.

import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LetterDocument, renderLetterPdf } from '../documents/letter.ts';
import type { Actor, LmaService } from '../services/lma-service.ts';
import type { QueuedLetter } from '../store/document-store.ts';

export interface LetterRunResult {
  printed: number;
  post: number;
  forwarding: number;
  files: string[];
}

export const LETTER_JOB_ACTOR: Actor = { name: 'job:letters', correlationId: null };

/** Where a letter's PDF goes under the outbox: post/ or forwarding/ (R13). */
export function letterFileName(
  l: Pick<QueuedLetter, 'id' | 'kind' | 'forwarding' | 'dossierNumber'>,
): string {
  const kind = l.kind.replace('_', '-');
  return l.forwarding
    ? join('forwarding', `${l.dossierNumber}_${kind}_${l.id}.pdf`)
    : join('post', `${kind}_${l.id}.pdf`);
}

export async function runLetterJob(
  service: LmaService,
  outDir: string,
  batch = 200,
  /** Makes one letter's PDF; the server passes its worker pool's, so lookups never wait for it. */
  render: (letter: LetterDocument) => Promise<Buffer> = renderLetterPdf,
): Promise<LetterRunResult> {
  await mkdir(join(outDir, 'post'), { recursive: true });
  await mkdir(join(outDir, 'forwarding'), { recursive: true });
  const result: LetterRunResult = { printed: 0, post: 0, forwarding: 0, files: [] };
  let after: string | undefined;
  for (;;) {
    const letters = await service.letterQueue({ state: 'queued', limit: batch, ...(after ? { after } : {}) });
    if (letters.length === 0) break;
    for (const letter of letters) {
      const file = join(outDir, letterFileName(letter));
      // Written whole under a name of its own, then renamed: a crash never leaves half a PDF under
      // the final name, and two runs at once never rename each other's file away.
      const part = `${file}.${randomUUID()}.part`;
      await writeFile(part, await render(await service.letterDocumentOf(letter)));
      await rename(part, file);
      const reply = await service.advanceLetter(LETTER_JOB_ACTOR, letter.id, 'printed');
      if (reply.changed) {
        result.printed++;
        if (letter.forwarding) result.forwarding++;
        else result.post++;
        result.files.push(file);
      }
    }
    after = letters[letters.length - 1]?.id;
  }
  return result;
}
