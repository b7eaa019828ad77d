// What happens to an applicant over time: visits (R5), decisions (R8), AT-UND changes (R9),
// letters (R3, R7, R13) and the officer history (P4). Row types stay in this file.

import type { CalendarDate } from '../domain/calendar.ts';
import type { AtUndChange, Decision, DecisionType } from '../domain/coverage.ts';
import type { Queryable } from './db.ts';

export interface VisitRecord {
  id: string;
  date: CalendarDate;
  office: string | null;
  cardId: string | null;
  validUntilBefore: CalendarDate | null;
  validUntilAfter: CalendarDate | null;
  recordedAt: string;
  recordedBy: string;
}

export async function insertVisit(
  db: Queryable,
  v: Omit<VisitRecord, 'recordedAt'> & { applicantId: string; recordedAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO visits (id, applicant_id, visit_date, office, card_id, valid_until_before, valid_until_after,
                         recorded_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      v.id,
      v.applicantId,
      v.date,
      v.office,
      v.cardId,
      v.validUntilBefore,
      v.validUntilAfter,
      v.recordedAt.toISOString(),
      v.recordedBy,
    ],
  );
}

export async function listVisits(db: Queryable, applicantId: string): Promise<VisitRecord[]> {
  const { rows } = await db.query<{
    id: string;
    visit_date: string;
    office: string | null;
    card_id: string | null;
    valid_until_before: string | null;
    valid_until_after: string | null;
    recorded_at: string;
    recorded_by: string;
  }>(
    `SELECT id, visit_date, office, card_id, valid_until_before, valid_until_after, recorded_at, recorded_by
       FROM visits WHERE applicant_id = $1 ORDER BY visit_date, recorded_at`,
    [applicantId],
  );
  return rows.map((r) => ({
    id: r.id,
    date: r.visit_date,
    office: r.office,
    cardId: r.card_id,
    validUntilBefore: r.valid_until_before,
    validUntilAfter: r.valid_until_after,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  }));
}

export interface DecisionRecord extends Decision {
  applicantId: string;
  registeredAt: string;
  registeredBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

interface DecisionRow {
  id: string;
  applicant_id: string;
  type: string;
  effective_date: string;
  registered_at: string;
  registered_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

const SELECT_DECISION = `SELECT id, applicant_id, type, effective_date, registered_at, registered_by, revoked_at,
                                revoked_by FROM decisions`;

function toDecision(r: DecisionRow): DecisionRecord {
  return {
    id: r.id,
    applicantId: r.applicant_id,
    type: r.type as DecisionType,
    effectiveDate: r.effective_date,
    revoked: r.revoked_at !== null,
    registeredAt: r.registered_at,
    registeredBy: r.registered_by,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  };
}

export async function insertDecision(
  db: Queryable,
  d: {
    id: string;
    applicantId: string;
    type: DecisionType;
    effectiveDate: CalendarDate;
    at: Date;
    by: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO decisions (id, applicant_id, type, effective_date, registered_at, registered_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [d.id, d.applicantId, d.type, d.effectiveDate, d.at.toISOString(), d.by],
  );
}

export async function findDecisionById(db: Queryable, id: string): Promise<DecisionRecord | null> {
  const { rows } = await db.query<DecisionRow>(`${SELECT_DECISION} WHERE id = $1`, [id]);
  return rows[0] ? toDecision(rows[0]) : null;
}

export async function listDecisions(db: Queryable, applicantId: string): Promise<DecisionRecord[]> {
  const { rows } = await db.query<DecisionRow>(
    `${SELECT_DECISION} WHERE applicant_id = $1 ORDER BY registered_at, id`,
    [applicantId],
  );
  return rows.map(toDecision);
}

export async function markDecisionRevoked(db: Queryable, id: string, at: Date, by: string): Promise<void> {
  await db.query('UPDATE decisions SET revoked_at = $2, revoked_by = $3 WHERE id = $1', [
    id,
    at.toISOString(),
    by,
  ]);
}

export interface AtUndRecord extends AtUndChange {
  id: string;
  registeredAt: string;
  registeredBy: string;
}

export async function insertAtUndChange(
  db: Queryable,
  c: { id: string; applicantId: string; granted: boolean; effectiveDate: CalendarDate; at: Date; by: string },
): Promise<void> {
  await db.query(
    `INSERT INTO at_und_changes (id, applicant_id, granted, effective_date, registered_at, registered_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.id, c.applicantId, c.granted, c.effectiveDate, c.at.toISOString(), c.by],
  );
}

export async function listAtUndChanges(db: Queryable, applicantId: string): Promise<AtUndRecord[]> {
  const { rows } = await db.query<{
    id: string;
    sequence: number;
    granted: boolean;
    effective_date: string;
    registered_at: string;
    registered_by: string;
  }>(
    `SELECT id, sequence, granted, effective_date, registered_at, registered_by
       FROM at_und_changes WHERE applicant_id = $1 ORDER BY sequence`,
    [applicantId],
  );
  return rows.map((r) => ({
    id: r.id,
    sequence: r.sequence,
    granted: r.granted,
    effectiveDate: r.effective_date,
    registeredAt: r.registered_at,
    registeredBy: r.registered_by,
  }));
}

/** Card ready (R3), reminder (R7), card cancelled: no valid card until the new one is handed over (R10). */
export type LetterKind = 'card_ready' | 'reminder' | 'card_cancelled';
/** A card-ready letter still queued when its card is handed over or cancelled is withdrawn, never sent. */
export type LetterState = 'queued' | 'printed' | 'sent' | 'withdrawn';

export interface LetterRecord {
  id: string;
  applicantId: string;
  cardId: string;
  kind: LetterKind;
  expiry: CalendarDate | null;
  language: string;
  forwarding: boolean;
  state: LetterState;
  createdAt: string;
}

/**
 * Queues a letter unless its twin exists (one card-ready letter per card, one reminder per card and
 * expiry — unique indexes, so two concurrent runs cannot both write it). Returns whether it was made.
 */
export async function queueLetter(
  db: Queryable,
  l: Omit<LetterRecord, 'state' | 'createdAt'> & { createdAt: Date },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO letters (id, applicant_id, card_id, kind, expiry, language, forwarding, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
    [l.id, l.applicantId, l.cardId, l.kind, l.expiry, l.language, l.forwarding, l.createdAt.toISOString()],
  );
  return rows.length === 1;
}

/**
 * R7: queues a reminder for every active card whose validity ends from `from` to `to`, both
 * included (the sweep asks for one day at a time, from today to the horizon), in the holder's
 * language and routed to forwarding for a protected address (R13). One INSERT … SELECT on the
 * unique index of (card, expiry): a second run, a concurrent run on another instance, or a rerun
 * after a crash writes nothing twice. Returns how many were made.
 */
export async function queueDueReminders(
  db: Queryable,
  from: CalendarDate,
  to: CalendarDate,
  at: Date,
): Promise<number> {
  const { rows } = await db.query<{ created: number }>(
    `WITH made AS (
       INSERT INTO letters (id, applicant_id, card_id, kind, expiry, language, forwarding, created_at)
       SELECT gen_random_uuid(), c.applicant_id, c.id, 'reminder', c.valid_until, a.language, a.protected_address, $3
         FROM cards c JOIN applicants a ON a.id = c.applicant_id
        WHERE c.state = 'active' AND c.valid_until >= $1 AND c.valid_until <= $2 AND NOT a.specimen
          AND a.purged_at IS NULL
          -- isReminderDue (domain/reminders.ts): no decision that is not revoked ends coverage on
          -- or before the card's last day, so a visit would keep the card valid (R14).
          AND NOT EXISTS (SELECT 1 FROM decisions d
                           WHERE d.applicant_id = c.applicant_id AND d.revoked_at IS NULL
                             AND d.effective_date <= c.valid_until)
       ON CONFLICT DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS created FROM made`,
    [from, to, at.toISOString()],
  );
  return rows[0]?.created ?? 0;
}

/** A letter's columns as every letter query selects them (document-store.ts adds the rest). */
export interface LetterRow {
  id: string;
  applicant_id: string;
  card_id: string;
  kind: string;
  expiry: string | null;
  language: string;
  forwarding: boolean;
  state: string;
  created_at: string;
}

export async function listLetters(db: Queryable, applicantId: string): Promise<LetterRecord[]> {
  const { rows } = await db.query<LetterRow>(
    `SELECT id, applicant_id, card_id, kind, expiry, language, forwarding, state, created_at
       FROM letters WHERE applicant_id = $1 ORDER BY created_at, id`,
    [applicantId],
  );
  return rows.map(toLetterRecord);
}

export function toLetterRecord(r: LetterRow): LetterRecord {
  return {
    id: r.id,
    applicantId: r.applicant_id,
    cardId: r.card_id,
    kind: r.kind as LetterKind,
    expiry: r.expiry,
    language: r.language,
    forwarding: r.forwarding,
    state: r.state as LetterState,
    createdAt: r.created_at,
  };
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
  correlationId: string | null;
}

/** P4: appends one officer action; the table refuses updates and deletes. */
export async function appendHistory(
  db: Queryable,
  e: {
    at: Date;
    actor: string;
    action: string;
    applicantId: string | null;
    details: Record<string, unknown>;
    correlationId: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO history (at, actor, action, applicant_id, details, correlation_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.at.toISOString(), e.actor, e.action, e.applicantId, JSON.stringify(e.details), e.correlationId],
  );
}

export async function listHistory(db: Queryable, applicantId: string): Promise<HistoryEntry[]> {
  const { rows } = await db.query<{
    at: string;
    actor: string;
    action: string;
    details: Record<string, unknown>;
    correlation_id: string | null;
  }>('SELECT at, actor, action, details, correlation_id FROM history WHERE applicant_id = $1 ORDER BY id', [
    applicantId,
  ]);
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    action: r.action,
    details: r.details,
    correlationId: r.correlation_id,
  }));
}

/** P4 entries that concern no applicant (officer sign-ins, account changes), newest first. */
export async function listOfficerEvents(
  db: Queryable,
  limit = 200,
): Promise<(HistoryEntry & { id: number })[]> {
  const { rows } = await db.query<{
    id: number;
    at: string;
    actor: string;
    action: string;
    details: Record<string, unknown>;
    correlation_id: string | null;
  }>(
    `SELECT id, at, actor, action, details, correlation_id FROM history
      WHERE applicant_id IS NULL ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    details: r.details,
    correlationId: r.correlation_id,
  }));
}
