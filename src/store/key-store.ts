// C9: signing keys. Only this file reads or writes the signing_keys table.

import type { Db, Queryable } from './db.ts';

export interface StoredKey {
  kid: string;
  publicJwk: Record<string, string>;
  privateJwk: Record<string, string>;
  createdAt: string;
  retiredAt: string | null;
  revokedAt: string | null;
}

interface KeyRow {
  kid: string;
  public_jwk: Record<string, string>;
  private_jwk: Record<string, string>;
  created_at: string;
  retired_at: string | null;
  revoked_at: string | null;
}

const fromRow = (r: KeyRow): StoredKey => ({
  kid: r.kid,
  publicJwk: r.public_jwk,
  privateJwk: r.private_jwk,
  createdAt: r.created_at,
  retiredAt: r.retired_at,
  revokedAt: r.revoked_at,
});

/** Every key, oldest first. */
export async function listSigningKeys(db: Queryable): Promise<StoredKey[]> {
  const { rows } = await db.query<KeyRow>(
    'SELECT kid, public_jwk, private_jwk, created_at, retired_at, revoked_at FROM signing_keys ORDER BY n',
  );
  return rows.map(fromRow);
}

async function insertKey(tx: Queryable, key: NewKey, at: Date): Promise<void> {
  await tx.query(
    'INSERT INTO signing_keys (kid, public_jwk, private_jwk, created_at) VALUES ($1, $2, $3, $4)',
    [key.kid, JSON.stringify(key.publicJwk), JSON.stringify(key.privateJwk), at.toISOString()],
  );
}

export interface NewKey {
  kid: string;
  publicJwk: Record<string, string>;
  privateJwk: Record<string, string>;
}

// Serialises key changes across instances and CLI runs (harmless on the embedded database).
const KEY_LOCK = 'SELECT pg_advisory_xact_lock(7340164)';
const ACTIVE = 'retired_at IS NULL AND revoked_at IS NULL';

/** Stores `key` when no key is active; two instances starting at once still make only one. */
export async function ensureActiveKey(db: Db, key: NewKey, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query(KEY_LOCK);
    const { rows } = await tx.query(`SELECT 1 FROM signing_keys WHERE ${ACTIVE}`);
    if (rows.length > 0) return false;
    await insertKey(tx, key, at);
    return true;
  });
}

/** A new active key; the one it replaces is retired (still published, no longer signing). */
export async function rotateKey(db: Db, key: NewKey, at: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query(KEY_LOCK);
    const { rows } = await tx.query<{ kid: string }>(
      `UPDATE signing_keys SET retired_at = $1 WHERE ${ACTIVE} RETURNING kid`,
      [at.toISOString()],
    );
    await insertKey(tx, key, at);
    return rows.map((r) => r.kid);
  });
}

/** Withdraws a key from the JWKS (a compromised key); false when there is no such key. */
export async function revokeKey(db: Db, kid: string, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query(KEY_LOCK);
    const { rows } = await tx.query(
      'UPDATE signing_keys SET revoked_at = $2, retired_at = COALESCE(retired_at, $2) WHERE kid = $1 AND revoked_at IS NULL RETURNING kid',
      [kid, at.toISOString()],
    );
    return rows.length > 0;
  });
}
