// The first-run setup links (only their tokens' hashes) and whether an administrator exists yet.

import type { Queryable } from './db.ts';

export interface SetupLink {
  expiresAt: string;
  usedAt: string | null;
}

/** An administrator who can sign in (not disabled). */
export async function adminExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM officers WHERE role = 'admin' AND disabled_at IS NULL",
  );
  return (rows[0]?.n ?? 0) > 0;
}

export async function insertSetupLink(
  db: Queryable,
  tokenHash: string,
  at: Date,
  expiresAt: Date,
): Promise<void> {
  await db.query('INSERT INTO setup_links (token_hash, created_at, expires_at) VALUES ($1, $2, $3)', [
    tokenHash,
    at.toISOString(),
    expiresAt.toISOString(),
  ]);
}

export async function findSetupLink(db: Queryable, tokenHash: string): Promise<SetupLink | null> {
  const { rows } = await db.query<{ expires_at: Date | string; used_at: Date | string | null }>(
    'SELECT expires_at, used_at FROM setup_links WHERE token_hash = $1',
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  const iso = (v: Date | string) => new Date(v).toISOString();
  return { expiresAt: iso(r.expires_at), usedAt: r.used_at === null ? null : iso(r.used_at) };
}

/** Marks the link used if it is unused and unexpired at `at`; false otherwise (atomic). */
export async function claimSetupLink(db: Queryable, tokenHash: string, at: Date): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE setup_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
      RETURNING token_hash`,
    [tokenHash, at.toISOString()],
  );
  return rows.length === 1;
}
