// Officers of the console and their sessions. Row types stay in this file; session ids
// arrive here already hashed (the id itself lives only in the officer's cookie).

import type { Queryable } from './db.ts';

export type OfficerRole = 'officer' | 'admin' | 'auditor';
export const OFFICER_ROLES: readonly OfficerRole[] = ['officer', 'admin', 'auditor'];

export interface Officer {
  id: string;
  username: string;
  role: OfficerRole;
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: string | null;
  disabledAt: string | null;
  createdAt: string;
}

interface OfficerRow {
  id: string;
  username: string;
  role: string;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
}

const SELECT_OFFICER = `SELECT id, username, role, password_hash, failed_attempts, locked_until, disabled_at,
                               created_at FROM officers`;

function toOfficer(r: OfficerRow): Officer {
  return {
    id: r.id,
    username: r.username,
    role: r.role as OfficerRole,
    passwordHash: r.password_hash,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
  };
}

/** Inserts an officer; false when the username is taken. */
export async function insertOfficer(
  db: Queryable,
  o: { id: string; username: string; role: OfficerRole; passwordHash: string; at: Date },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO officers (id, username, role, password_hash, created_at, password_changed_at)
     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (username) DO NOTHING RETURNING id`,
    [o.id, o.username, o.role, o.passwordHash, o.at.toISOString()],
  );
  return rows.length === 1;
}

export async function findOfficerByUsername(db: Queryable, username: string): Promise<Officer | null> {
  const { rows } = await db.query<OfficerRow>(`${SELECT_OFFICER} WHERE username = $1`, [username]);
  return rows[0] ? toOfficer(rows[0]) : null;
}

export async function findOfficerById(db: Queryable, id: string): Promise<Officer | null> {
  const { rows } = await db.query<OfficerRow>(`${SELECT_OFFICER} WHERE id = $1`, [id]);
  return rows[0] ? toOfficer(rows[0]) : null;
}

export async function listOfficers(db: Queryable): Promise<Officer[]> {
  const { rows } = await db.query<OfficerRow>(`${SELECT_OFFICER} ORDER BY username`);
  return rows.map(toOfficer);
}

/**
 * Claims one password check for a sign-in, before the password is checked: counted as a failure
 * at once (a right password clears the count afterwards), in one statement, so that however many
 * sign-ins run at the same time at most `maxFailures` of them are let through per lock. The one that
 * reaches `maxFailures` locks the account until `lockUntil` and starts the count again. Returns null
 * when the account is locked at `now` (nothing claimed), else the lock after this claim.
 */
export async function claimSignInAttempt(
  db: Queryable,
  id: string,
  maxFailures: number,
  lockUntil: Date,
  now: Date,
): Promise<{ lockedUntil: string | null } | null> {
  const { rows } = await db.query<{ locked_until: string | null }>(
    `UPDATE officers
        SET failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
            locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
      WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $4::timestamptz)
      RETURNING locked_until`,
    [id, maxFailures, lockUntil.toISOString(), now.toISOString()],
  );
  const r = rows[0];
  return r ? { lockedUntil: r.locked_until } : null;
}

export async function clearFailedSignIns(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE officers SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [id]);
}

export async function setOfficerDisabled(db: Queryable, id: string, at: Date | null): Promise<boolean> {
  const { rows } = await db.query('UPDATE officers SET disabled_at = $2 WHERE id = $1 RETURNING id', [
    id,
    at?.toISOString() ?? null,
  ]);
  return rows.length === 1;
}

export async function setOfficerPassword(
  db: Queryable,
  id: string,
  passwordHash: string,
  at: Date,
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE officers SET password_hash = $2, password_changed_at = $3, failed_attempts = 0, locked_until = NULL
      WHERE id = $1 RETURNING id`,
    [id, passwordHash, at.toISOString()],
  );
  return rows.length === 1;
}

// ---- sessions ---------------------------------------------------------------------------------

export interface OfficerSession {
  idHash: string;
  officerId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  flash: unknown;
}

export async function insertSession(
  db: Queryable,
  s: { idHash: string; officerId: string; csrfToken: string; at: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO officer_sessions (id_hash, officer_id, csrf_token, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $4, $5)`,
    [s.idHash, s.officerId, s.csrfToken, s.at.toISOString(), s.expiresAt.toISOString()],
  );
}

/**
 * Finds a session still alive at `now` (seen within the idle timeout, before its absolute end) and
 * marks it seen; returns it with its officer's name and role. Expired sessions are not returned.
 */
export async function touchSession(
  db: Queryable,
  idHash: string,
  now: Date,
  idleSince: Date,
): Promise<(OfficerSession & { username: string; role: OfficerRole }) | null> {
  const { rows } = await db.query<{
    id_hash: string;
    officer_id: string;
    csrf_token: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    flash: unknown;
    username: string;
    role: string;
  }>(
    `UPDATE officer_sessions s SET last_seen_at = $2
       FROM officers o
      WHERE s.id_hash = $1 AND o.id = s.officer_id AND o.disabled_at IS NULL
        AND s.last_seen_at > $3 AND s.expires_at > $2
      RETURNING s.id_hash, s.officer_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.flash,
                o.username, o.role`,
    [idHash, now.toISOString(), idleSince.toISOString()],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    idHash: r.id_hash,
    officerId: r.officer_id,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    flash: r.flash,
    username: r.username,
    role: r.role as OfficerRole,
  };
}

export async function setSessionFlash(db: Queryable, idHash: string, flash: unknown): Promise<void> {
  await db.query('UPDATE officer_sessions SET flash = $2 WHERE id_hash = $1', [
    idHash,
    flash === null ? null : JSON.stringify(flash),
  ]);
}

export async function deleteSession(db: Queryable, idHash: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM officer_sessions WHERE id_hash = $1 RETURNING officer_id', [
    idHash,
  ]);
  return rows.length === 1;
}

/** Ends every session of an officer (disabled, password reset). */
export async function deleteOfficerSessions(db: Queryable, officerId: string): Promise<void> {
  await db.query('DELETE FROM officer_sessions WHERE officer_id = $1', [officerId]);
}

/** Removes sessions that can no longer be used, so the table does not grow. */
export async function deleteDeadSessions(db: Queryable, now: Date, idleSince: Date): Promise<number> {
  const { rows } = await db.query(
    'DELETE FROM officer_sessions WHERE expires_at <= $1 OR last_seen_at <= $2 RETURNING 1',
    [now.toISOString(), idleSince.toISOString()],
  );
  return rows.length;
}

export async function countSessions(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM officer_sessions');
  return rows[0]?.n ?? 0;
}
