// An applicant's projection: what the read model holds of it (version, coverage, specimen, purged,
// each card with its status-list entry and whether its holder reported it), read from the database
// inside the transaction that changed it, or for many applicants at once.

import type { CalendarDate } from '../domain/calendar.ts';
import type { CardState } from '../domain/card.ts';
import { type CoverageSummary, summariseCoverage } from '../domain/coverage.ts';
import type { StatusEntryRef } from '../domain/status-list.ts';
import type { Queryable } from './db.ts';

/** A card as a projection carries it: with its status-list entry, null while it has none. */
export interface ProjectedCard {
  code: string;
  state: CardState;
  validUntil: CalendarDate | null;
  entry: StatusEntryRef | null;
  /** R16: an open report by the holder; absent means none. */
  suspended?: boolean;
}

export interface ApplicantProjection {
  applicantId: string;
  version: number;
  coverage: CoverageSummary;
  specimen: boolean;
  /** R15: the applicant's personal data were purged: their cards answer `unknown` from now on. */
  purged: boolean;
  cards: ProjectedCard[];
}

/**
 * Applicants whose cards need more than the bulk read: several cards (only ever after a cancellation,
 * R3, R10), a decision (R8), AT-UND (R9), an open report by the holder (R16), or a specimen
 * (training) applicant.
 */
export async function listApplicantsWithHistory(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ applicant_id: string }>(
    `SELECT applicant_id FROM cards WHERE state = 'cancelled'
     UNION SELECT applicant_id FROM decisions
     UNION SELECT applicant_id FROM at_und_changes
     UNION SELECT applicant_id FROM holder_reports WHERE closed_at IS NULL
     UNION SELECT id FROM applicants WHERE specimen
     EXCEPT SELECT applicant_id FROM purges`,
  );
  return rows.map((r) => r.applicant_id);
}

/** Reads one applicant's projection (inside the transaction that changed it, so it sees the change). */
export async function loadProjection(db: Queryable, applicantId: string): Promise<ApplicantProjection> {
  return (await loadProjections(db, [applicantId]))[0] as ApplicantProjection;
}

/** Reads several applicants' projections with four queries in all (a follower catching up). */
export async function loadProjections(
  db: Queryable,
  applicantIds: readonly string[],
): Promise<ApplicantProjection[]> {
  const ids = [...applicantIds];
  const [applicants, cards, decisions, atUnd] = [
    await db.query<{ id: string; version: number; specimen: boolean; purged: boolean }>(
      'SELECT id, version, specimen, purged_at IS NOT NULL AS purged FROM applicants WHERE id = ANY($1::uuid[])',
      [ids],
    ),
    await db.query<{
      applicant_id: string;
      code: string;
      state: string;
      valid_until: string | null;
      list_no: number | null;
      idx: number | null;
      suspended: boolean;
    }>(
      `SELECT c.applicant_id, c.code, c.state, c.valid_until, e.list_no, e.idx, ${SUSPENDED} AS suspended
         FROM cards c ${LEFT_JOIN_ENTRY}
        WHERE c.applicant_id = ANY($1::uuid[])`,
      [ids],
    ),
    await db.query<{
      applicant_id: string;
      id: string;
      type: string;
      effective_date: string;
      revoked: boolean;
    }>(
      `SELECT applicant_id, id, type, effective_date, revoked_at IS NOT NULL AS revoked
         FROM decisions WHERE applicant_id = ANY($1::uuid[])`,
      [ids],
    ),
    await db.query<{ applicant_id: string; granted: boolean; effective_date: string; sequence: number }>(
      'SELECT applicant_id, granted, effective_date, sequence FROM at_und_changes WHERE applicant_id = ANY($1::uuid[])',
      [ids],
    ),
  ];
  const group = <R extends { applicant_id: string }>(rows: R[]) => {
    const by = new Map<string, R[]>();
    for (const r of rows) {
      const list = by.get(r.applicant_id);
      if (list) list.push(r);
      else by.set(r.applicant_id, [r]);
    }
    return by;
  };
  const versions = new Map(applicants.rows.map((r) => [r.id, r.version]));
  const specimens = new Set(applicants.rows.filter((r) => r.specimen).map((r) => r.id));
  const purged = new Set(applicants.rows.filter((r) => r.purged).map((r) => r.id));
  const cardsBy = group(cards.rows);
  const decisionsBy = group(decisions.rows);
  const atUndBy = group(atUnd.rows);
  return ids.map((applicantId) => ({
    applicantId,
    version: versions.get(applicantId) ?? 0,
    specimen: specimens.has(applicantId),
    purged: purged.has(applicantId),
    coverage: summariseCoverage(
      (decisionsBy.get(applicantId) ?? []).map((d) => ({
        id: d.id,
        type: d.type as never,
        effectiveDate: d.effective_date,
        revoked: d.revoked,
      })),
      (atUndBy.get(applicantId) ?? []).map((c) => ({
        granted: c.granted,
        effectiveDate: c.effective_date,
        sequence: c.sequence,
      })),
    ),
    cards: (cardsBy.get(applicantId) ?? []).map((c) => ({
      code: c.code,
      state: c.state as CardState,
      validUntil: c.valid_until,
      entry: entryOf(c.list_no, c.idx),
      suspended: c.suspended === true,
    })),
  }));
}

/**
 * A few cards' entries, each looked up by the unique index on card_id whatever the planner's
 * statistics say: after a bulk insert (PGlite has no autovacuum) a plain LEFT JOIN was planned as a
 * hash join over every entry, 11-53 ms a write with 100k cards. OFFSET 0 keeps the planner from
 * turning the LATERAL subquery back into that join.
 */
export const LEFT_JOIN_ENTRY =
  'LEFT JOIN LATERAL (SELECT list_no, idx FROM status_list_entries WHERE card_id = c.id OFFSET 0) e ON true';

/** R16: whether card `c` has an open report by its holder (one probe of a partial unique index). */
export const SUSPENDED =
  'EXISTS (SELECT 1 FROM holder_reports r WHERE r.card_id = c.id AND r.closed_at IS NULL)';

export function entryOf(list: number | null, index: number | null): StatusEntryRef | null {
  return list === null || index === null ? null : { list: Number(list), index: Number(index) };
}
