// The print step of the card queue (ordered → print batch → produced → handover). Issue 3 brings
// print batches and card artwork; until it lands, "printing a batch" marks each listed card produced
// through the service (R3: each gets its "card ready" letter). This is the one function to switch
// to issue 3's batch service at merge.

import { AppError } from '../../../services/app-error.ts';
import type { Actor, LmaService } from '../../../services/lma-service.ts';

export interface BatchOutcome {
  produced: string[];
  refused: { cardId: string; error: AppError }[];
}

/** Marks the listed cards produced, each in its own transaction; a card already moved on is reported, not fatal. */
export async function markBatchPrinted(
  service: LmaService,
  actor: Actor,
  cardIds: readonly string[],
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { produced: [], refused: [] };
  for (const cardId of new Set(cardIds)) {
    try {
      await service.markCardProduced(actor, cardId);
      outcome.produced.push(cardId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcome.refused.push({ cardId, error });
    }
  }
  return outcome;
}
