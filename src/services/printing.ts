// Print batches for the card printer: made from the ordered cards, printed (each card produced with
// its card-ready letter, R3), and their artwork in print order.

import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CardArtwork } from '../documents/card-artwork.ts';
import { storedPhotoProblem } from '../documents/photo.ts';
import { cardNumber } from '../domain/card.ts';
import { type Applicant, findApplicantById } from '../store/applicant-store.ts';
import { findCardById } from '../store/card-store.ts';
import type { Queryable } from '../store/db.ts';
import {
  claimBatchPrinted,
  findPrintBatch,
  insertPrintBatch,
  listOpenPrintBatches,
  listPrintCandidates,
} from '../store/document-store.ts';
import { findIdempotentReply } from '../store/idempotency-store.ts';
import { AppError, notFound } from './app-error.ts';
import type { CardService } from './cards.ts';
import { type BatchView, batchView } from './views.ts';
import type { Actor, Idempotency, WritePath } from './write-path.ts';

/** For each stored photo (null: none), null when it can go on a card, else why not. */
export type PhotoCheck = (photos: (Buffer | null)[]) => Promise<(string | null)[]>;

/** A new batch, and the cards left waiting because their photo cannot go on a card. */
export interface BatchCreated extends BatchView {
  leftOut: { id: string; number: string | undefined; problem: string }[];
}

export class PrintingService {
  constructor(
    private readonly path: WritePath,
    private readonly cards: CardService,
  ) {}

  /**
   * A production batch: every ordered card not yet in a batch, for the card printer (nothing_to_print
   * when none). A card whose stored photo cannot go on a card (stored before uploads were decoded) is
   * left out and stays in the queue; the answer names it under `leftOut`, with why, so the photo is
   * taken again. `checkPhotos` says, for each photo, null or what is wrong (the worker pool, on the server).
   */
  async createPrintBatch(
    actor: Actor,
    idempotency?: Idempotency,
    checkPhotos: PhotoCheck = async (photos) => photos.map((p) => (p ? storedPhotoProblem(p) : null)),
  ): Promise<BatchCreated> {
    const db = this.path.db;
    const leftOut: { id: string; problem: string }[] = [];
    if (!idempotency || !(await findIdempotentReply(db, idempotency.principal, idempotency.key))) {
      let after: string | null = null;
      for (;;) {
        const page = await listPrintCandidates(db, after, 200);
        if (page.length === 0) break;
        const problems = await checkPhotos(page.map((c) => c.photo));
        page.forEach((c, i) => {
          const problem = problems[i];
          if (problem) leftOut.push({ id: c.cardId, problem });
        });
        after = page[page.length - 1]?.cardId ?? null;
      }
    }
    return this.path.write(actor, idempotency, async (w) => {
      const id = randomUUID();
      const leave = leftOut.map((c) => c.id);
      const count = await insertPrintBatch(w.tx, id, w.now, w.actor.name, leave);
      if (count === 0) {
        throw new AppError(
          'nothing_to_print',
          leftOut.length > 0
            ? `no card can be printed: ${leftOut.length} waiting with a photo that cannot be used (take it again)`
            : 'no ordered card is waiting for a print batch',
        );
      }
      await this.path.history(w, 'print_batch.created', null, { batchId: id, cards: count, leftOut: leave });
      const numbers = await cardNumbers(w.tx, leave);
      return {
        ...(await batchView(w.tx, id)),
        leftOut: leftOut.map((c) => ({ id: c.id, number: numbers.get(c.id), problem: c.problem })),
      };
    });
  }

  /**
   * The printer has printed the batch: each of its cards still ordered becomes produced and gets its
   * card-ready letter (R3), in one transaction. Marking it again changes nothing and answers the same.
   */
  markBatchPrinted(actor: Actor, batchId: string, idempotency?: Idempotency): Promise<BatchView> {
    return this.path.write(actor, idempotency, async (w) => {
      const batch = await findPrintBatch(w.tx, batchId);
      if (!batch) throw notFound('print batch');
      if (await claimBatchPrinted(w.tx, batchId, w.now, w.actor.name)) {
        for (const cardId of batch.cardIds) {
          // Locked before it is looked at: a card cancelled (R10: never valid again) or produced by
          // hand since the batch was made is skipped, never refused halfway through the batch; so is
          // the card of an applicant purged since (R15).
          if (!(await findCardById(w.tx, cardId))) continue;
          const { card } = await this.path.lockCard(w, cardId);
          if (card.state === 'ordered') await this.cards.produce(w, cardId, batchId);
        }
        await this.path.history(w, 'print_batch.printed', null, { batchId });
      }
      return batchView(w.tx, batchId);
    });
  }

  async printBatch(batchId: string): Promise<BatchView | null> {
    if (!(await findPrintBatch(this.path.db, batchId))) return null;
    return batchView(this.path.db, batchId);
  }

  /** Batches waiting for the card printer (the console's card queue). */
  openPrintBatches() {
    return listOpenPrintBatches(this.path.db);
  }

  /**
   * The artwork of a batch's cards in print order, `size` cards at a time, each page read only when
   * asked for (a batch PDF streamed to the printer holds one page in memory); null when no such batch.
   */
  async printBatchPages(batchId: string, size = 25): Promise<AsyncGenerator<CardArtwork[]> | null> {
    const batch = await findPrintBatch(this.path.db, batchId);
    if (!batch) return null;
    const ids = batch.cardIds;
    const artwork = (id: string) => this.cards.cardArtwork(id);
    return (async function* pages() {
      for (let i = 0; i < ids.length; i += size) {
        const page: CardArtwork[] = [];
        for (const id of ids.slice(i, i + size)) {
          // R15: a purged applicant's card is not printed again.
          const card = await artwork(id);
          if (card) page.push(card);
          // The embedded database answers in microtasks: without this turn of the event loop a
          // page of cards would be read in one stretch that holds every lookup up (~100 ms).
          await yieldToEventLoop();
        }
        yield page;
      }
    })();
  }

  /** The artwork of every card in a batch, in print order; null when there is no such batch. */
  async printBatchArtwork(batchId: string): Promise<CardArtwork[] | null> {
    const batch = await findPrintBatch(this.path.db, batchId);
    if (!batch) return null;
    const cards: CardArtwork[] = [];
    for (const id of batch.cardIds) {
      const card = await this.cards.cardArtwork(id);
      if (card) cards.push(card);
    }
    return cards;
  }
}

async function cardNumbers(db: Queryable, cardIds: readonly string[]): Promise<Map<string, string>> {
  const numbers = new Map<string, string>();
  for (const cardId of cardIds) {
    const card = await findCardById(db, cardId);
    if (!card) continue;
    const applicant = (await findApplicantById(db, card.applicantId)) as Applicant;
    numbers.set(cardId, cardNumber(applicant.dossierNumber, card.serial));
  }
  return numbers;
}
