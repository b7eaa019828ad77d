// R16: the SQL of the holder's own view — personal codes (salted hashes and the count of checks
// claimed against them) and the holder's reports of a lost or stolen card.

import type { CalendarDate } from '../domain/calendar.ts';
import type { CardState } from '../domain/card.ts';
import type { Queryable } from './db.ts';

export type ReportReason = 'lost' | 'stolen';
export type ReportOutcome = 'confirmed' | 'lifted';

/** A card found by its code, with its personal code's salt and hash (null when it has none). */
export interface HolderCard {
  cardId: string;
  applicantId: string;
  state: CardState;
  validUntil: CalendarDate | null;
  salt: Buffer | null;
  hash: Buffer | null;
}

export async function findHolderCard(db: Queryable, code: string): Promise<HolderCard | null> {
  const { rows } = await db.query<{
    id: string;
    applicant_id: string;
    state: string;
    valid_until: string | null;
    salt: Buffer | null;
    hash: Buffer | null;
  }>(
    `SELECT c.id, c.applicant_id, c.state, c.valid_until, h.salt, h.hash
       FROM cards c LEFT JOIN holder_codes h ON h.card_id = c.id
      WHERE c.code = $1`,
    [code],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    cardId: r.id,
    applicantId: r.applicant_id,
    state: r.state as CardState,
    validUntil: r.valid_until,
    salt: r.salt ? Buffer.from(r.salt) : null,
    hash: r.hash ? Buffer.from(r.hash) : null,
  };
}

/** A new personal code for the card: the old one no longer opens anything, and its count starts again. */
export async function replaceHolderCode(
  db: Queryable,
  cardId: string,
  salt: Buffer,
  hash: Buffer,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO holder_codes (card_id, salt, hash, issued_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (card_id) DO UPDATE
       SET salt = EXCLUDED.salt, hash = EXCLUDED.hash, issued_at = EXCLUDED.issued_at,
           attempts = 0, window_started_at = NULL, locked_until = NULL`,
    [cardId, salt, hash, at.toISOString()],
  );
}

/**
 * Claims one check of the card's personal code, before it is checked, in one statement: however
 * many checks run at once, at most `max` are let through per window of `windowMs`; the one that
 * reaches `max` locks the card's holder page until `now + lockMs`. Returns false (nothing claimed)
 * while it is locked or when the card has no personal code.
 */
export async function claimHolderAttempt(
  db: Queryable,
  cardId: string,
  max: number,
  windowMs: number,
  lockMs: number,
  now: Date,
): Promise<boolean> {
  const windowOpenedAfter = new Date(now.getTime() - windowMs).toISOString();
  const fresh = 'window_started_at IS NULL OR window_started_at <= $3::timestamptz';
  const next = `CASE WHEN ${fresh} THEN 1 ELSE attempts + 1 END`;
  const { rows } = await db.query(
    `UPDATE holder_codes
        SET attempts = ${next},
            window_started_at = CASE WHEN ${fresh} THEN $4::timestamptz ELSE window_started_at END,
            locked_until = CASE WHEN ${next} >= $2 THEN $5::timestamptz ELSE locked_until END
      WHERE card_id = $1 AND (locked_until IS NULL OR locked_until <= $4::timestamptz)
      RETURNING attempts`,
    [cardId, max, windowOpenedAfter, now.toISOString(), new Date(now.getTime() + lockMs).toISOString()],
  );
  return rows.length === 1;
}

/** The right code was given: the count starts again. */
export async function clearHolderAttempts(db: Queryable, cardId: string): Promise<void> {
  await db.query(
    'UPDATE holder_codes SET attempts = 0, window_started_at = NULL, locked_until = NULL WHERE card_id = $1',
    [cardId],
  );
}

export interface HolderReport {
  id: string;
  cardId: string;
  reason: ReportReason;
  reportedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  outcome: ReportOutcome | null;
}

interface ReportRow {
  id: string;
  card_id: string;
  reason: string;
  reported_at: string;
  closed_at: string | null;
  closed_by: string | null;
  outcome: string | null;
}

const SELECT_REPORT =
  'SELECT id, card_id, reason, reported_at, closed_at, closed_by, outcome FROM holder_reports';

function toReport(r: ReportRow): HolderReport {
  return {
    id: r.id,
    cardId: r.card_id,
    reason: r.reason as ReportReason,
    reportedAt: new Date(r.reported_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    closedBy: r.closed_by,
    outcome: r.outcome as ReportOutcome | null,
  };
}

/** Opens a report unless the card has one open already; true when this one was opened. */
export async function openReport(
  db: Queryable,
  r: { id: string; cardId: string; applicantId: string; reason: ReportReason; at: Date },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO holder_reports (id, card_id, applicant_id, reason, reported_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (card_id) WHERE closed_at IS NULL DO NOTHING RETURNING id`,
    [r.id, r.cardId, r.applicantId, r.reason, r.at.toISOString()],
  );
  return rows.length === 1;
}

export async function findOpenReport(db: Queryable, cardId: string): Promise<HolderReport | null> {
  const { rows } = await db.query<ReportRow>(`${SELECT_REPORT} WHERE card_id = $1 AND closed_at IS NULL`, [
    cardId,
  ]);
  return rows[0] ? toReport(rows[0]) : null;
}

/** Closes the card's open report; the report closed, or null when none was open. */
export async function closeReport(
  db: Queryable,
  cardId: string,
  outcome: ReportOutcome,
  by: string,
  at: Date,
): Promise<HolderReport | null> {
  const { rows } = await db.query<ReportRow>(
    `UPDATE holder_reports SET closed_at = $2, closed_by = $3, outcome = $4
      WHERE card_id = $1 AND closed_at IS NULL
      RETURNING id, card_id, reason, reported_at, closed_at, closed_by, outcome`,
    [cardId, at.toISOString(), by, outcome],
  );
  return rows[0] ? toReport(rows[0]) : null;
}

export async function listReports(db: Queryable, applicantId: string): Promise<HolderReport[]> {
  const { rows } = await db.query<ReportRow>(
    `${SELECT_REPORT} WHERE applicant_id = $1 ORDER BY reported_at, id`,
    [applicantId],
  );
  return rows.map(toReport);
}
