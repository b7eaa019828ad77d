// The outbox of committed changes: a row per applicant a write touched, in the write's transaction,
// announced on a channel at COMMIT; other instances read it back with the applicants' projections.

import type { CardState } from '../domain/card.ts';
import { summariseCoverage } from '../domain/coverage.ts';
import type { Queryable } from './db.ts';
import { type ApplicantProjection, entryOf, LEFT_JOIN_ENTRY, SUSPENDED } from './projection-store.ts';

/** The channel every committed change is announced on (payload: its seq), for other instances. */
export const CHANGES_CHANNEL = 'lmakort_changes';

/**
 * Appends to the ordered change table, in the same transaction as the change (the outbox), and
 * announces it on CHANGES_CHANNEL: PostgreSQL delivers the notification at COMMIT, never before, and
 * not at all on ROLLBACK. Returns the change's seq.
 */
export async function recordChange(
  db: Queryable,
  applicantId: string,
  version: number,
  at: Date,
): Promise<number> {
  const { rows } = await db.query<{ seq: number }>(
    `WITH c AS (INSERT INTO changes (applicant_id, version, at) VALUES ($1, $2, $3) RETURNING seq)
     SELECT seq, pg_notify($4, seq::text) FROM c`,
    [applicantId, version, at.toISOString(), CHANGES_CHANNEL],
  );
  return rows[0]?.seq as number;
}

export interface ChangeRow {
  seq: number;
  applicantId: string;
}

/**
 * The follower's catch-up in one statement (one snapshot, one round trip): the changes after `after`
 * plus any of `gaps` that have appeared, by seq, and the projections of the applicants they touch.
 */
export async function readChangesWithProjections(
  db: Queryable,
  after: number,
  gaps: readonly number[],
  limit = 10_000,
): Promise<{ changes: ChangeRow[]; projections: ApplicantProjection[] }> {
  type Json = {
    id: string;
    version: number;
    specimen: boolean;
    purged: boolean;
    cards: [string, string, string | null, number | null, number | null, boolean][];
    decisions: [string, string, string, boolean][];
    atUnd: [boolean, string, number][];
  };
  const { rows } = await db.query<{ changes: [number, string][] | null; projections: Json[] | null }>(
    `WITH ch AS (
       SELECT seq, applicant_id FROM changes WHERE seq > $1 OR seq = ANY($2::bigint[]) ORDER BY seq LIMIT $3)
     SELECT
       (SELECT json_agg(json_build_array(seq, applicant_id) ORDER BY seq) FROM ch) AS changes,
       (SELECT json_agg(json_build_object(
          'id', a.id,
          'version', a.version,
          'specimen', a.specimen,
          'purged', a.purged_at IS NOT NULL,
          'cards', (SELECT coalesce(json_agg(json_build_array(c.code, c.state, c.valid_until, e.list_no, e.idx, ${SUSPENDED})), '[]')
                      FROM cards c ${LEFT_JOIN_ENTRY}
                     WHERE c.applicant_id = a.id),
          'decisions', (SELECT coalesce(json_agg(json_build_array(d.id, d.type, d.effective_date, d.revoked_at IS NOT NULL)), '[]')
                          FROM decisions d WHERE d.applicant_id = a.id),
          'atUnd', (SELECT coalesce(json_agg(json_build_array(u.granted, u.effective_date, u.sequence)), '[]')
                      FROM at_und_changes u WHERE u.applicant_id = a.id)))
          FROM applicants a WHERE a.id IN (SELECT applicant_id FROM ch)) AS projections`,
    [after, [...gaps], limit],
  );
  const row = rows[0];
  return {
    changes: (row?.changes ?? []).map(([seq, applicantId]) => ({ seq: Number(seq), applicantId })),
    projections: (row?.projections ?? []).map((p) => ({
      applicantId: p.id,
      version: Number(p.version),
      specimen: p.specimen === true,
      purged: p.purged === true,
      coverage: summariseCoverage(
        p.decisions.map(([id, type, effectiveDate, revoked]) => ({
          id,
          type: type as never,
          effectiveDate,
          revoked,
        })),
        p.atUnd.map(([granted, effectiveDate, sequence]) => ({
          granted,
          effectiveDate,
          sequence: Number(sequence),
        })),
      ),
      cards: p.cards.map(([code, state, validUntil, list, index, suspended]) => ({
        code,
        state: state as CardState,
        validUntil,
        entry: entryOf(list, index),
        suspended: suspended === true,
      })),
    })),
  };
}

/** Which of the seqs in (from, to] exist: the follower's start-up look at changes still in flight. */
export async function presentSeqs(db: Queryable, from: number, to: number): Promise<Set<number>> {
  const { rows } = await db.query<{ seq: number }>('SELECT seq FROM changes WHERE seq > $1 AND seq <= $2', [
    from,
    to,
  ]);
  return new Set(rows.map((r) => r.seq));
}
