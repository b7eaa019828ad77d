// The lookup read model: what R11 needs for every card, in memory, so a lookup never waits on SQL.
// Built at start-up; updated by the same code path that commits each change (services/), ordered by
// the applicant's version so an older projection never overwrites a newer one.

import type { CalendarDate } from '../domain/calendar.ts';
import type { CardState } from '../domain/card.ts';
import { type CoverageSummary, summariseCoverage } from '../domain/coverage.ts';
import { decideLookup, type LookupAnswer, UNKNOWN } from '../domain/lookup.ts';
import type { Queryable } from './db.ts';

interface ApplicantEntry {
  version: number;
  coverage: CoverageSummary;
}

interface CardEntry {
  state: CardState;
  validUntil: CalendarDate | null;
  // Shared by all of an applicant's cards: a decision updates them all at once.
  applicant: ApplicantEntry;
}

export interface ApplicantProjection {
  applicantId: string;
  version: number;
  coverage: CoverageSummary;
  cards: { code: string; state: CardState; validUntil: CalendarDate | null }[];
}

const NO_COVERAGE_CHANGES: CoverageSummary = Object.freeze({
  coverageEndsOn: null,
  atUnd: Object.freeze([]),
});

export class ReadModel {
  private readonly cards = new Map<string, CardEntry>();
  private readonly applicants = new Map<string, ApplicantEntry>();
  private loaded = false;
  /** The last change (outbox seq) this model is known to include. */
  lastSeq = 0;

  get isReady(): boolean {
    return this.loaded;
  }

  get cardCount(): number {
    return this.cards.size;
  }

  markReady(): void {
    this.loaded = true;
  }

  /** R11 for a canonical code; `unknown` when no card has it. */
  lookup(code: string, today: CalendarDate): LookupAnswer {
    const card = this.cards.get(code);
    return card ? decideLookup(card, card.applicant.coverage, today) : UNKNOWN;
  }

  /** Applies an applicant's projection unless the model already has this version or a newer one. */
  apply(p: ApplicantProjection): boolean {
    let applicant = this.applicants.get(p.applicantId);
    if (applicant && applicant.version >= p.version) return false;
    if (!applicant) {
      applicant = { version: p.version, coverage: p.coverage };
      this.applicants.set(p.applicantId, applicant);
    } else {
      applicant.version = p.version;
      applicant.coverage = p.coverage;
    }
    for (const c of p.cards) {
      const existing = this.cards.get(c.code);
      if (existing) {
        existing.state = c.state;
        existing.validUntil = c.validUntil;
      } else {
        this.cards.set(c.code, { state: c.state, validUntil: c.validUntil, applicant });
      }
    }
    return true;
  }

  /** Builds the whole model from the database, page by page (1M cards fit in a few hundred MB). */
  async load(db: Queryable, pageSize = 50_000): Promise<void> {
    const seq = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM changes');
    const startSeq = seq.rows[0]?.seq ?? 0;

    const coverage = new Map<
      string,
      { coverageEndsOn: CalendarDate | null; atUnd: { from: string; granted: boolean }[] }
    >();
    const ends = await db.query<{ applicant_id: string; ends: string }>(
      'SELECT applicant_id, min(effective_date) AS ends FROM decisions WHERE revoked_at IS NULL GROUP BY applicant_id',
    );
    for (const r of ends.rows) coverage.set(r.applicant_id, { coverageEndsOn: r.ends, atUnd: [] });
    const atUnd = await db.query<{
      applicant_id: string;
      granted: boolean;
      effective_date: string;
      sequence: number;
    }>('SELECT applicant_id, granted, effective_date, sequence FROM at_und_changes ORDER BY applicant_id');
    const changesByApplicant = new Map<
      string,
      { granted: boolean; effectiveDate: string; sequence: number }[]
    >();
    for (const r of atUnd.rows) {
      let list = changesByApplicant.get(r.applicant_id);
      if (!list) {
        list = [];
        changesByApplicant.set(r.applicant_id, list);
      }
      list.push({ granted: r.granted, effectiveDate: r.effective_date, sequence: r.sequence });
    }
    for (const [id, changes] of changesByApplicant) {
      const summary = summariseCoverage([], changes);
      const entry = coverage.get(id);
      if (entry) entry.atUnd = summary.atUnd as { from: string; granted: boolean }[];
      else
        coverage.set(id, {
          coverageEndsOn: null,
          atUnd: summary.atUnd as { from: string; granted: boolean }[],
        });
    }

    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await db.query<{
        id: string;
        version: number;
        code: string | null;
        state: string | null;
        valid_until: string | null;
      }>(
        `SELECT a.id, a.version, c.code, c.state, c.valid_until
           FROM (SELECT id, version FROM applicants WHERE id > $1 ORDER BY id LIMIT $2) a
           LEFT JOIN cards c ON c.applicant_id = a.id
          ORDER BY a.id`,
        [after, pageSize],
      );
      if (page.rows.length === 0) break;
      for (const r of page.rows) {
        let applicant = this.applicants.get(r.id);
        if (!applicant) {
          applicant = { version: r.version, coverage: coverage.get(r.id) ?? NO_COVERAGE_CHANGES };
          this.applicants.set(r.id, applicant);
        }
        if (r.code !== null) {
          this.cards.set(r.code, { state: r.state as CardState, validUntil: r.valid_until, applicant });
        }
        after = r.id;
      }
    }
    this.lastSeq = startSeq;
    this.loaded = true;
  }
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
    await db.query<{ id: string; version: number }>(
      'SELECT id, version FROM applicants WHERE id = ANY($1::uuid[])',
      [ids],
    ),
    await db.query<{ applicant_id: string; code: string; state: string; valid_until: string | null }>(
      'SELECT applicant_id, code, state, valid_until FROM cards WHERE applicant_id = ANY($1::uuid[])',
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
  const cardsBy = group(cards.rows);
  const decisionsBy = group(decisions.rows);
  const atUndBy = group(atUnd.rows);
  return ids.map((applicantId) => ({
    applicantId,
    version: versions.get(applicantId) ?? 0,
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
    })),
  }));
}

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

/** Changes after `after`, plus any of `gaps` (seqs skipped earlier that may have committed since), by seq. */
export async function readChanges(
  db: Queryable,
  after: number,
  gaps: readonly number[],
  limit = 10_000,
): Promise<ChangeRow[]> {
  const { rows } = await db.query<{ seq: number; applicant_id: string }>(
    `SELECT seq, applicant_id FROM changes WHERE seq > $1 OR seq = ANY($2::bigint[]) ORDER BY seq LIMIT $3`,
    [after, [...gaps], limit],
  );
  return rows.map((r) => ({ seq: r.seq, applicantId: r.applicant_id }));
}

/** Which of the seqs in (from, to] exist: the follower's start-up look at changes still in flight. */
export async function presentSeqs(db: Queryable, from: number, to: number): Promise<Set<number>> {
  const { rows } = await db.query<{ seq: number }>('SELECT seq FROM changes WHERE seq > $1 AND seq <= $2', [
    from,
    to,
  ]);
  return new Set(rows.map((r) => r.seq));
}
