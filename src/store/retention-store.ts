// R15: the SQL of the purge. One applicant at a time, under the applicant's row lock, so however many
// instances run the job at once each applicant is purged once: the second finds `purged_at` set (and
// the tombstone's primary key would refuse a second row anyway).

import type { CalendarDate } from '../domain/calendar.ts';
import type { Queryable } from './db.ts';
import type { LetterKind } from './record-store.ts';

/**
 * Applicants that may be due: not purged, not a specimen, with a decision not revoked from on or
 * before `cutoff`, or a card cancelled before `cancelledBefore` (the first instant after the cutoff
 * day in Stockholm). The domain decides for each (isPurgeDue); this only narrows the search.
 * Ordered by id, `limit` at a time after `after`.
 */
export async function listPurgeCandidates(
  db: Queryable,
  cutoff: CalendarDate,
  cancelledBefore: Date,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH candidates AS (
       SELECT applicant_id FROM decisions WHERE revoked_at IS NULL AND effective_date <= $1
       UNION
       SELECT applicant_id FROM cards WHERE state = 'cancelled' AND cancelled_at < $2)
     SELECT a.id FROM applicants a JOIN candidates c ON c.applicant_id = a.id
      WHERE a.purged_at IS NULL AND NOT a.specimen AND ($3::uuid IS NULL OR a.id > $3::uuid)
      ORDER BY a.id LIMIT $4`,
    [cutoff, cancelledBefore.toISOString(), after, limit],
  );
  return rows.map((r) => r.id);
}

/** What the purge must find elsewhere before the row is emptied; null when purged already or none. */
export interface PurgeTarget {
  id: string;
  dossierNumber: string;
  personalIdentityNumber: string | null;
  /** Looked for in console notices, which may name the applicant ("… is registered"). */
  name: string;
  specimen: boolean;
}

/** Locks the applicant's row for the purge (FOR UPDATE); null when there is none or it is purged. */
export async function lockPurgeTarget(db: Queryable, id: string): Promise<PurgeTarget | null> {
  const { rows } = await db.query<{
    id: string;
    dossier_number: string;
    personal_identity_number: string | null;
    name: string;
    specimen: boolean;
  }>(
    `SELECT id, dossier_number, personal_identity_number, given_name || ' ' || family_name AS name, specimen
       FROM applicants
      WHERE id = $1 AND purged_at IS NULL FOR UPDATE`,
    [id],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        dossierNumber: r.dossier_number,
        personalIdentityNumber: r.personal_identity_number,
        name: r.name,
        specimen: r.specimen,
      }
    : null;
}

export interface Tombstone {
  applicantId: string;
  dossierHash: string;
  purgedAt: Date;
  purgedBy: string;
  endedOn: CalendarDate;
  retentionMonths: number;
}

/**
 * Removes the applicant's personal data and records the tombstone; returns the applicant's new
 * version (for the read model). Kept: the row's id, language and version, cards, visits,
 * decisions, AT-UND and letters as rows without personal data (the statistics count them), and the
 * history's who, what and when. Removed: name, birth date, nationality, address, identity number,
 * dossier number, photo, family ties, the history's free text, and stored replies and console
 * notices that name the applicant in their key or body (`needles`: the id, dossier number and
 * identity number).
 */
export async function purgeApplicant(
  db: Queryable,
  t: Tombstone,
  needles: { id: string; dossierNumber: string; personalIdentityNumber: string | null; name: string },
): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `UPDATE applicants
        SET dossier_number = NULL, given_name = NULL, family_name = NULL, birth_date = NULL,
            nationality = NULL, address = NULL, personal_identity_number = NULL,
            protected_address = false, purged_at = $2, version = version + 1
      WHERE id = $1 AND purged_at IS NULL
      RETURNING version`,
    [t.applicantId, t.purgedAt.toISOString()],
  );
  const version = rows[0]?.version;
  if (version === undefined) throw new Error('purge: the applicant is not there to purge');
  await db.query(
    `INSERT INTO purges (applicant_id, dossier_hash, purged_at, purged_by, ended_on, retention_months)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [t.applicantId, t.dossierHash, t.purgedAt.toISOString(), t.purgedBy, t.endedOn, t.retentionMonths],
  );
  await db.query('DELETE FROM photos WHERE applicant_id = $1', [t.applicantId]);
  await db.query('DELETE FROM guardianships WHERE guardian_id = $1 OR child_id = $1', [t.applicantId]);
  // R16: the holder's personal codes open nothing any more (their reports stay, as rows without data).
  await db.query('DELETE FROM holder_codes WHERE card_id IN (SELECT id FROM cards WHERE applicant_id = $1)', [
    t.applicantId,
  ]);
  // The trigger lets exactly this through, and only now that the applicant is purged (P4).
  await db.query(
    `UPDATE history SET details = '{}'::jsonb WHERE applicant_id = $1 AND details <> '{}'::jsonb`,
    [t.applicantId],
  );
  // A whole scan of the stored replies, written flat: about 0.27 s for 200 000 of them on the
  // embedded database, where a subquery per row took ten times as long (docs/operations.md).
  const n = [needles.id, needles.dossierNumber, needles.personalIdentityNumber ?? needles.id];
  await db.query(
    `DELETE FROM idempotency_keys
      WHERE strpos(key || ' ' || coalesce(body_text, body::text), $1) > 0
         OR strpos(key || ' ' || coalesce(body_text, body::text), $2) > 0
         OR strpos(key || ' ' || coalesce(body_text, body::text), $3) > 0`,
    n,
  );
  // A console notice waiting for its next page may name the applicant; one of a session that has
  // ended is never shown again, so it goes too.
  await db.query(
    `UPDATE officer_sessions SET flash = NULL
      WHERE flash IS NOT NULL
        AND (expires_at < $5 OR strpos(flash::text, $1) > 0 OR strpos(flash::text, $2) > 0
             OR strpos(flash::text, $3) > 0 OR strpos(flash::text, $4) > 0)`,
    [...n, needles.name, t.purgedAt.toISOString()],
  );
  return version;
}

/**
 * The embedded database keeps a purged row's old bytes in the table's files (dead tuples, and the
 * free space a plain VACUUM leaves them in) and in the write-ahead log until overwritten. After a
 * run that purged someone, the tables that held personal data are rewritten into new files (VACUUM
 * FULL; the old files are deleted) and the log is moved to a new segment and checkpointed twice, so
 * the segments holding the old rows are deleted (`wal_recycle=off`, pglite.ts). Held for the rewrite's
 * length: seconds with a million applicants, once a day and only when someone was purged.
 * PostgreSQL servers are left to autovacuum; their WAL archives and backups are the operator's
 * (docs/operations.md).
 */
export async function eraseFreedSpace(db: Queryable): Promise<void> {
  await db.query(
    'VACUUM FULL applicants, photos, guardianships, history, idempotency_keys, officer_sessions',
  );
  await db.query('CHECKPOINT');
  await db.query('SELECT pg_switch_wal()');
  await db.query('CHECKPOINT');
}

/** The applicant's letters, to find their files in the letter outbox. */
export async function listLetterFiles(
  db: Queryable,
  applicantId: string,
): Promise<{ id: string; kind: LetterKind; forwarding: boolean }[]> {
  const { rows } = await db.query<{ id: string; kind: LetterKind; forwarding: boolean }>(
    'SELECT id, kind, forwarding FROM letters WHERE applicant_id = $1',
    [applicantId],
  );
  return rows;
}

/** The tombstone of a dossier, by the SHA-256 of its number; null when it was never purged. */
export async function findTombstone(db: Queryable, dossierHash: string): Promise<Tombstone | null> {
  const { rows } = await db.query<{
    applicant_id: string;
    dossier_hash: string;
    purged_at: string;
    purged_by: string;
    ended_on: string;
    retention_months: number;
  }>('SELECT * FROM purges WHERE dossier_hash = $1', [dossierHash]);
  const r = rows[0];
  return r
    ? {
        applicantId: r.applicant_id,
        dossierHash: r.dossier_hash,
        purgedAt: new Date(r.purged_at),
        purgedBy: r.purged_by,
        endedOn: r.ended_on,
        retentionMonths: r.retention_months,
      }
    : null;
}
