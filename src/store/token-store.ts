// API tokens (S2): only a SHA-256 hash is stored; the token itself is shown once, at creation.

import { createHash } from 'node:crypto';
import type { Queryable } from './db.ts';

export type Role = 'officer' | 'admin';

export interface TokenPrincipal {
  id: string;
  name: string;
  role: Role;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function insertToken(
  db: Queryable,
  t: { id: string; name: string; role: Role; token: string; at: Date; expiresAt?: Date | null },
): Promise<void> {
  await db.query(
    'INSERT INTO api_tokens (id, name, role, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [t.id, t.name, t.role, hashToken(t.token), t.at.toISOString(), t.expiresAt?.toISOString() ?? null],
  );
}

/** How often a token's last use is written: at most once a minute per token. */
const LAST_USE_RESOLUTION_MS = 60_000;

/** The token's holder, unless it is unknown, revoked or expired at `now`; its last use is noted. */
export async function findTokenPrincipal(
  db: Queryable,
  token: string,
  now: Date,
): Promise<TokenPrincipal | null> {
  const { rows } = await db.query<{ id: string; name: string; role: Role; last_used_at: string | null }>(
    `SELECT id, name, role, last_used_at FROM api_tokens
      WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
    [hashToken(token), now.toISOString()],
  );
  const row = rows[0];
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= LAST_USE_RESOLUTION_MS) {
    await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [row.id, now.toISOString()]);
  }
  return { id: row.id, name: row.name, role: row.role };
}

/** A token as an admin sees it (never its secret or hash). */
export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export async function listTokens(db: Queryable): Promise<TokenRow[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    role: Role;
    created_at: string;
    revoked_at: string | null;
    expires_at: string | null;
    last_used_at: string | null;
  }>(
    'SELECT id, name, role, created_at, revoked_at, expires_at, last_used_at FROM api_tokens ORDER BY created_at',
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Revokes an active token; its name, or null when no active token has that id. */
export async function revokeToken(db: Queryable, id: string, at: Date): Promise<{ name: string } | null> {
  const { rows } = await db.query<{ name: string }>(
    'UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING name',
    [id, at.toISOString()],
  );
  return rows[0] ?? null;
}
