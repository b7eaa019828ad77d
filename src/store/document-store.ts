// Print batches (card production) and the letter queue. Row types stay in this file.

import type { Address } from '../domain/applicant.ts';
import type { Queryable } from './db.ts';
import { type LetterRecord, type LetterRow, type LetterState, toLetterRecord } from './record-store.ts';

export interface PrintBatch {
  id: string;
  createdAt: string;
  createdBy: string;
  printedAt: string | null;
  printedBy: string | null;
  cardIds: string[];
}

/**
 * Ordered cards not yet in a batch, with their holder's stored photo, a page at a time (by card id,
 * after `after`): what a print batch checks before it takes them.
 */
export async function listPrintCandidates(
  db: Queryable,
  after: string | null,
  limit: number,
): Promise<{ cardId: string; photo: Buffer | null }[]> {
  const { rows } = await db.query<{ id: string; bytes: Uint8Array | null }>(
    `SELECT c.id, p.bytes
       FROM cards c LEFT JOIN photos p ON p.applicant_id = c.applicant_id
      WHERE c.state = 'ordered' AND NOT EXISTS (SELECT 1 FROM purges x WHERE x.applicant_id = c.applicant_id)
        AND NOT EXISTS (SELECT 1 FROM print_batch_cards b WHERE b.card_id = c.id)
        AND ($1::text IS NULL OR c.id::text > $1::text)
      ORDER BY c.id::text
      LIMIT $2`,
    [after, limit],
  );
  return rows.map((r) => ({
    cardId: r.id,
    photo: r.bytes ? Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.length) : null,
  }));
}

/**
 * Puts every ordered card not yet in a batch — but those in `leaveOut` — into a new batch, in order
 * of ordering. Returns the number of cards taken (0: nothing to print — the caller then drops the
 * empty batch by rolling back).
 */
export async function insertPrintBatch(
  db: Queryable,
  id: string,
  at: Date,
  by: string,
  leaveOut: readonly string[] = [],
): Promise<number> {
  await db.query('INSERT INTO print_batches (id, created_at, created_by) VALUES ($1, $2, $3)', [
    id,
    at.toISOString(),
    by,
  ]);
  const { rows } = await db.query<{ n: number }>(
    `WITH taken AS (
       INSERT INTO print_batch_cards (batch_id, card_id, position)
       SELECT $1, c.id, row_number() OVER (ORDER BY c.ordered_at, c.id)
         FROM cards c
        WHERE c.state = 'ordered' AND NOT EXISTS (SELECT 1 FROM purges x WHERE x.applicant_id = c.applicant_id)
          AND NOT EXISTS (SELECT 1 FROM print_batch_cards p WHERE p.card_id = c.id)
          AND NOT (c.id::text = ANY($2::text[]))
       ON CONFLICT (card_id) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM taken`,
    [id, leaveOut],
  );
  return rows[0]?.n ?? 0;
}

export async function findPrintBatch(db: Queryable, id: string): Promise<PrintBatch | null> {
  const { rows } = await db.query<{
    id: string;
    created_at: string;
    created_by: string;
    printed_at: string | null;
    printed_by: string | null;
  }>('SELECT id, created_at, created_by, printed_at, printed_by FROM print_batches WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return null;
  const cards = await db.query<{ card_id: string }>(
    'SELECT card_id FROM print_batch_cards WHERE batch_id = $1 ORDER BY position',
    [id],
  );
  return {
    id: row.id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    printedAt: row.printed_at,
    printedBy: row.printed_by,
    cardIds: cards.rows.map((r) => r.card_id),
  };
}

/** Batches made but not yet printed, oldest first, with how many cards each holds. */
export async function listOpenPrintBatches(
  db: Queryable,
): Promise<{ id: string; createdAt: string; createdBy: string; cards: number }[]> {
  const { rows } = await db.query<{ id: string; created_at: string; created_by: string; cards: number }>(
    `SELECT b.id, b.created_at, b.created_by, count(p.card_id)::int AS cards
       FROM print_batches b LEFT JOIN print_batch_cards p ON p.batch_id = b.id
      WHERE b.printed_at IS NULL
      GROUP BY b.id ORDER BY b.created_at, b.id`,
  );
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, createdBy: r.created_by, cards: r.cards }));
}

/** Locks the batch row and marks it printed unless it was; returns whether this call marked it. */
export async function claimBatchPrinted(db: Queryable, id: string, at: Date, by: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE print_batches SET printed_at = $2, printed_by = $3 WHERE id = $1 AND printed_at IS NULL RETURNING id`,
    [id, at.toISOString(), by],
  );
  return rows.length === 1;
}

/** A letter with what its document needs: the applicant's name and address, the card's number. */
export interface QueuedLetter extends LetterRecord {
  printedAt: string | null;
  sentAt: string | null;
  dossierNumber: string;
  serial: number;
  givenName: string;
  familyName: string;
  address: Address | null;
}

interface QueuedLetterRow extends LetterRow {
  printed_at: string | null;
  sent_at: string | null;
  dossier_number: string;
  serial: number;
  given_name: string;
  family_name: string;
  address: Address | null;
}

// R12: the personal identity number is never selected for a letter.
const SELECT_LETTER = `
  SELECT l.id, l.applicant_id, l.card_id, l.kind, l.expiry, l.language, l.forwarding, l.state, l.created_at,
         l.printed_at, l.sent_at, a.dossier_number, c.serial, a.given_name, a.family_name, a.address
    FROM letters l JOIN applicants a ON a.id = l.applicant_id AND a.purged_at IS NULL JOIN cards c ON c.id = l.card_id`;

function toLetter(r: QueuedLetterRow): QueuedLetter {
  return {
    ...toLetterRecord(r),
    printedAt: r.printed_at,
    sentAt: r.sent_at,
    dossierNumber: r.dossier_number,
    serial: r.serial,
    givenName: r.given_name,
    familyName: r.family_name,
    // R13: a forwarded letter never carries the address, whatever the applicant row holds.
    address: r.forwarding ? null : r.address,
  };
}

export async function findLetter(db: Queryable, id: string): Promise<QueuedLetter | null> {
  const { rows } = await db.query<QueuedLetterRow>(`${SELECT_LETTER} WHERE l.id = $1`, [id]);
  return rows[0] ? toLetter(rows[0]) : null;
}

export async function listQueue(
  db: Queryable,
  filter: { state?: LetterState; forwarding?: boolean; limit: number; after?: string },
): Promise<QueuedLetter[]> {
  const { rows } = await db.query<QueuedLetterRow>(
    `${SELECT_LETTER}
      WHERE ($1::text IS NULL OR l.state = $1) AND ($2::boolean IS NULL OR l.forwarding = $2)
        AND ($3::uuid IS NULL OR (l.created_at, l.id) > (SELECT created_at, id FROM letters WHERE id = $3))
      ORDER BY l.created_at, l.id LIMIT $4`,
    [filter.state ?? null, filter.forwarding ?? null, filter.after ?? null, filter.limit],
  );
  return rows.map(toLetter);
}

/**
 * Moves a letter on in the queue with an atomic conditional update (queued → printed, queued or
 * printed → sent), so two runs or two officers cannot both do it. Returns whether this call did.
 */
/**
 * The card's card-ready letter, when it is still queued, becomes withdrawn (the card was handed over
 * or cancelled first): the letter job prints only queued letters. Its id, or null when none was queued.
 */
export async function withdrawQueuedCardReadyLetter(
  db: Queryable,
  cardId: string,
  at: Date,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE letters SET state = 'withdrawn', withdrawn_at = $2
      WHERE card_id = $1 AND kind = 'card_ready' AND state = 'queued' RETURNING id`,
    [cardId, at.toISOString()],
  );
  return rows[0]?.id ?? null;
}

/**
 * The applicant's card-cancelled letters still queued become withdrawn (a new card was handed over,
 * so "you have no valid card" is no longer true). Their ids.
 */
export async function withdrawQueuedCardCancelledLetters(
  db: Queryable,
  applicantId: string,
  at: Date,
): Promise<{ id: string; cardId: string }[]> {
  const { rows } = await db.query<{ id: string; card_id: string }>(
    `UPDATE letters SET state = 'withdrawn', withdrawn_at = $2
      WHERE applicant_id = $1 AND kind = 'card_cancelled' AND state = 'queued' RETURNING id, card_id`,
    [applicantId, at.toISOString()],
  );
  return rows.map((r) => ({ id: r.id, cardId: r.card_id }));
}

export async function advanceLetter(
  db: Queryable,
  id: string,
  to: 'printed' | 'sent',
  at: Date,
): Promise<boolean> {
  const sql =
    to === 'printed'
      ? `UPDATE letters SET state = 'printed', printed_at = $2 WHERE id = $1 AND state = 'queued' RETURNING id`
      : `UPDATE letters SET state = 'sent', sent_at = $2, printed_at = coalesce(printed_at, $2)
          WHERE id = $1 AND state IN ('queued', 'printed') RETURNING id`;
  const { rows } = await db.query(sql, [id, at.toISOString()]);
  return rows.length === 1;
}
