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
  t: { id: string; name: string; role: Role; token: string; at: Date },
): Promise<void> {
  await db.query(
    'INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
    [t.id, t.name, t.role, hashToken(t.token), t.at.toISOString()],
  );
}

export async function findTokenPrincipal(db: Queryable, token: string): Promise<TokenPrincipal | null> {
  const { rows } = await db.query<{ id: string; name: string; role: Role }>(
    'SELECT id, name, role FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
    [hashToken(token)],
  );
  return rows[0] ?? null;
}

export async function listTokens(
  db: Queryable,
): Promise<{ id: string; name: string; role: Role; createdAt: string; revokedAt: string | null }[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    role: Role;
    created_at: string;
    revoked_at: string | null;
  }>('SELECT id, name, role, created_at, revoked_at FROM api_tokens ORDER BY created_at');
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeToken(db: Queryable, id: string, at: Date): Promise<boolean> {
  const { rows } = await db.query(
    'UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [id, at.toISOString()],
  );
  return rows.length === 1;
}
