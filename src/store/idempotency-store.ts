// C7: a retried write with the same Idempotency-Key returns the first answer and changes nothing.

import type { Queryable } from './db.ts';

export interface StoredReply {
  requestHash: string;
  status: number;
  body: unknown;
}

/**
 * Claims a key inside the write's transaction. On a PostgreSQL server a concurrent claim of the
 * same key waits on the unique index until the first commits, then fails — so only one runs.
 * Returns the stored reply when the key was used before.
 */
export async function claimIdempotencyKey(
  db: Queryable,
  principal: string,
  key: string,
  requestHash: string,
  at: Date,
): Promise<StoredReply | null> {
  const { rows } = await db.query(
    `INSERT INTO idempotency_keys (principal, key, request_hash, status, body, created_at)
     VALUES ($1, $2, $3, 0, 'null'::jsonb, $4) ON CONFLICT DO NOTHING RETURNING key`,
    [principal, key, requestHash, at.toISOString()],
  );
  if (rows.length === 1) return null;
  return findIdempotentReply(db, principal, key);
}

export async function findIdempotentReply(
  db: Queryable,
  principal: string,
  key: string,
): Promise<StoredReply | null> {
  const { rows } = await db.query<{
    request_hash: string;
    status: number;
    body: unknown;
    body_text: string | null;
  }>('SELECT request_hash, status, body, body_text FROM idempotency_keys WHERE principal = $1 AND key = $2', [
    principal,
    key,
  ]);
  const row = rows[0];
  if (!row) return null;
  // Parsed from the text, the object has its keys in the first answer's order, so it is sent again
  // as the same bytes; rows stored before the text was kept come from the jsonb column.
  const body = row.body_text !== null ? JSON.parse(row.body_text) : row.body;
  return { requestHash: row.request_hash, status: row.status, body };
}

export async function saveIdempotentReply(
  db: Queryable,
  principal: string,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  const text = JSON.stringify(body);
  await db.query(
    'UPDATE idempotency_keys SET status = $3, body = $4, body_text = $5 WHERE principal = $1 AND key = $2',
    [principal, key, status, text, text],
  );
}
