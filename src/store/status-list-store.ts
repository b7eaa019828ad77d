// Status-list entries. Only this file reads or writes status_lists and status_list_entries.
// Indexes are drawn by the caller's CSPRNG (`randomIndex`); the database makes them unique and
// permanent (primary key, and a trigger refusing UPDATE and DELETE).

import { LIST_CAPACITY, LIST_FILL_LIMIT, type StatusEntryRef } from '../domain/status-list.ts';
import type { Db, Queryable } from './db.ts';

export interface ListPolicy {
  capacity: number;
  fillLimit: number;
}

export const DEFAULT_LIST_POLICY: ListPolicy = Object.freeze({
  capacity: LIST_CAPACITY,
  fillLimit: LIST_FILL_LIMIT,
});

/** Draws a whole number in [0, max) — node:crypto's randomInt in production. */
export type RandomIndex = (max: number) => number;

export interface StatusEntry extends StatusEntryRef {
  code: string;
}

interface ListRow {
  list_no: number;
  capacity: number;
  fill_limit: number;
  assigned: number;
}

// Serialises allocation across instances (harmless on the embedded database). Taken after the
// applicant's row lock, and nothing is locked after it, so it cannot deadlock with a write.
const ENTRY_LOCK = 'SELECT pg_advisory_xact_lock(7340166)';

/** The list taking new cards: the first one below its fill limit, or a new one. */
async function openList(tx: Queryable, policy: ListPolicy): Promise<ListRow> {
  const { rows } = await tx.query<ListRow>(
    'SELECT list_no, capacity, fill_limit, assigned FROM status_lists WHERE assigned < fill_limit ORDER BY list_no LIMIT 1',
  );
  if (rows[0]) return rows[0];
  const created = await tx.query<ListRow>(
    `INSERT INTO status_lists (list_no, capacity, fill_limit)
     SELECT COALESCE(max(list_no), 0) + 1, $1, $2 FROM status_lists
     RETURNING list_no, capacity, fill_limit, assigned`,
    [policy.capacity, policy.fillLimit],
  );
  return created.rows[0] as ListRow;
}

/** Gives a new card its entry, inside the transaction that creates the card. */
export async function allocateStatusEntry(
  tx: Queryable,
  cardId: string,
  randomIndex: RandomIndex,
  policy: ListPolicy = DEFAULT_LIST_POLICY,
): Promise<StatusEntryRef> {
  await tx.query(ENTRY_LOCK);
  const list = await openList(tx, policy);
  for (;;) {
    const index = randomIndex(list.capacity);
    const { rows } = await tx.query(
      'INSERT INTO status_list_entries (list_no, idx, card_id) VALUES ($1, $2, $3) ON CONFLICT (list_no, idx) DO NOTHING RETURNING idx',
      [list.list_no, index, cardId],
    );
    if (rows.length > 0) {
      await tx.query('UPDATE status_lists SET assigned = assigned + 1 WHERE list_no = $1', [list.list_no]);
      return { list: list.list_no, index };
    }
  }
}

/**
 * Gives the given cards (just inserted in bulk, without an entry) one each: random free slots,
 * inserted together. `used` remembers the lists' taken slots between calls.
 */
export async function assignStatusEntries(
  tx: Queryable,
  cardIds: readonly string[],
  randomIndex: RandomIndex,
  policy: ListPolicy = DEFAULT_LIST_POLICY,
  used: Map<number, Uint8Array> = new Map(),
): Promise<number> {
  await tx.query(ENTRY_LOCK);
  let inserted = 0;
  const queue = [...cardIds];
  while (queue.length > 0) {
    const list = await openList(tx, policy);
    let taken = used.get(list.list_no);
    if (!taken) {
      taken = new Uint8Array(list.capacity);
      const { rows } = await tx.query<{ idx: number }>(
        'SELECT idx FROM status_list_entries WHERE list_no = $1',
        [list.list_no],
      );
      for (const r of rows) taken[r.idx] = 1;
      used.set(list.list_no, taken);
    }
    const cards = queue.splice(0, list.fill_limit - list.assigned);
    const indexes = cards.map(() => {
      for (;;) {
        const i = randomIndex(list.capacity);
        if (!taken[i]) {
          taken[i] = 1;
          return i;
        }
      }
    });
    // A slot taken meanwhile by another instance is skipped (and marked taken here); its card
    // goes round again unless that instance gave the card an entry itself.
    const { rows } = await tx.query<{ card_id: string }>(
      `INSERT INTO status_list_entries (list_no, idx, card_id)
       SELECT $1, idx, card_id FROM unnest($2::int[], $3::uuid[]) AS t(idx, card_id)
       ON CONFLICT DO NOTHING RETURNING card_id`,
      [list.list_no, indexes, cards],
    );
    await tx.query('UPDATE status_lists SET assigned = assigned + $2 WHERE list_no = $1', [
      list.list_no,
      rows.length,
    ]);
    inserted += rows.length;
    if (rows.length < cards.length) {
      const done = new Set(rows.map((r) => r.card_id));
      const skipped = cards.filter((id) => !done.has(id));
      const { rows: elsewhere } = await tx.query<{ card_id: string }>(
        'SELECT card_id FROM status_list_entries WHERE card_id = ANY($1::uuid[])',
        [skipped],
      );
      const has = new Set(elsewhere.map((r) => r.card_id));
      queue.push(...skipped.filter((id) => !has.has(id)));
    }
  }
  return inserted;
}

/**
 * Gives every card without an entry one (cards made before status lists existed). Runs at
 * start-up; returns how many entries it made.
 */
export async function assignMissingStatusEntries(
  db: Db,
  randomIndex: RandomIndex,
  policy: ListPolicy = DEFAULT_LIST_POLICY,
  batchSize = 20_000,
): Promise<number> {
  // Cards are never deleted and every entry is a card's: equal counts mean nothing is missing,
  // which spares the usual start-up a pass over every card.
  const counts = await db.query<{ cards: number; entries: number }>(
    'SELECT (SELECT count(*) FROM cards)::int AS cards, (SELECT COALESCE(sum(assigned), 0) FROM status_lists)::int AS entries',
  );
  if (counts.rows[0] && counts.rows[0].cards === counts.rows[0].entries) return 0;
  const used = new Map<number, Uint8Array>();
  let made = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // By card id, so each round reads on from the last.
    const missing = await db.query<{ id: string }>(
      `SELECT c.id FROM cards c
        WHERE c.id > $1 AND NOT EXISTS (SELECT 1 FROM status_list_entries e WHERE e.card_id = c.id)
        ORDER BY c.id LIMIT $2`,
      [after, batchSize],
    );
    if (missing.rows.length === 0) return made;
    after = missing.rows.at(-1)?.id as string;
    const ids = missing.rows.map((r) => r.id);
    made += await db.transaction((tx) => assignStatusEntries(tx, ids, randomIndex, policy, used));
  }
}

/** Every list there is, with its number of entries. */
export async function listStatusLists(db: Queryable): Promise<{ list: number; capacity: number }[]> {
  const { rows } = await db.query<{ list_no: number; capacity: number }>(
    'SELECT list_no, capacity FROM status_lists ORDER BY list_no',
  );
  return rows.map((r) => ({ list: r.list_no, capacity: r.capacity }));
}

/** The entries of the given cards (those another instance made, for instance). */
export async function findStatusEntries(db: Queryable, codes: readonly string[]): Promise<StatusEntry[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<{ code: string; list_no: number; idx: number }>(
    `SELECT c.code, e.list_no, e.idx FROM status_list_entries e JOIN cards c ON c.id = e.card_id
      WHERE c.code = ANY($1::text[])`,
    [codes],
  );
  return rows.map((r) => ({ code: r.code, list: r.list_no, index: r.idx }));
}
