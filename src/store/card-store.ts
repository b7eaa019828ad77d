// Cards (R1–R5, R10). Row types stay in this file.

import type { CalendarDate } from '../domain/calendar.ts';
import type { CancelReason, Card, CardState } from '../domain/card.ts';
import type { Queryable } from './db.ts';

export interface CardRecord extends Card {
  orderedAt: string;
  producedAt: string | null;
  handedOverOn: CalendarDate | null;
  cancelledAt: string | null;
  cancelReason: CancelReason | null;
  /** R16: the holder has reported it lost or stolen and no officer has confirmed or lifted that yet. */
  suspended: boolean;
}

interface CardRow {
  id: string;
  applicant_id: string;
  serial: number;
  code: string;
  state: string;
  valid_until: string | null;
  ordered_at: string;
  produced_at: string | null;
  handed_over_on: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  suspended: boolean;
}

const SELECT_CARD = `SELECT id, applicant_id, serial, code, state, valid_until, ordered_at, produced_at,
                            handed_over_on, cancelled_at, cancel_reason,
                            EXISTS (SELECT 1 FROM holder_reports r WHERE r.card_id = cards.id AND r.closed_at IS NULL)
                              AS suspended
                       FROM cards`;

/** R15: a purged applicant's cards are found by no officer action (they answer `unknown`). */
const NOT_PURGED = 'NOT EXISTS (SELECT 1 FROM purges x WHERE x.applicant_id = cards.applicant_id)';

function toCard(row: CardRow): CardRecord {
  return {
    id: row.id,
    applicantId: row.applicant_id,
    serial: row.serial,
    code: row.code,
    state: row.state as CardState,
    validUntil: row.valid_until,
    orderedAt: row.ordered_at,
    producedAt: row.produced_at,
    handedOverOn: row.handed_over_on,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason as CancelReason | null,
    suspended: row.suspended === true,
  };
}

export async function listCards(db: Queryable, applicantId: string): Promise<CardRecord[]> {
  const { rows } = await db.query<CardRow>(`${SELECT_CARD} WHERE applicant_id = $1 ORDER BY serial`, [
    applicantId,
  ]);
  return rows.map(toCard);
}

export async function findCardById(db: Queryable, id: string): Promise<CardRecord | null> {
  const { rows } = await db.query<CardRow>(`${SELECT_CARD} WHERE id = $1 AND ${NOT_PURGED}`, [id]);
  return rows[0] ? toCard(rows[0]) : null;
}

/** The card with this code (C1, canonical form), whatever its state. */
export async function findCardByCode(db: Queryable, code: string): Promise<CardRecord | null> {
  const { rows } = await db.query<CardRow>(`${SELECT_CARD} WHERE code = $1`, [code]);
  return rows[0] ? toCard(rows[0]) : null;
}

export async function isCodeTaken(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM cards WHERE code = $1', [code]);
  return rows.length > 0;
}

export async function insertOrderedCard(
  db: Queryable,
  card: { id: string; applicantId: string; serial: number; code: string },
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO cards (id, applicant_id, serial, code, state, ordered_at) VALUES ($1, $2, $3, $4, 'ordered', $5)`,
    [card.id, card.applicantId, card.serial, card.code, at.toISOString()],
  );
}

export async function markCardProduced(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(`UPDATE cards SET state = 'produced', produced_at = $2 WHERE id = $1`, [
    id,
    at.toISOString(),
  ]);
}

export async function markCardHandedOver(
  db: Queryable,
  id: string,
  handedOverOn: CalendarDate,
  validUntil: CalendarDate,
): Promise<void> {
  await db.query(`UPDATE cards SET state = 'active', handed_over_on = $2, valid_until = $3 WHERE id = $1`, [
    id,
    handedOverOn,
    validUntil,
  ]);
}

export async function setValidUntil(db: Queryable, id: string, validUntil: CalendarDate): Promise<void> {
  await db.query('UPDATE cards SET valid_until = $2 WHERE id = $1', [id, validUntil]);
}

export async function markCardCancelled(
  db: Queryable,
  id: string,
  reason: CancelReason,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE cards SET state = 'cancelled', cancel_reason = $2, cancelled_at = $3 WHERE id = $1`,
    [id, reason, at.toISOString()],
  );
}

export interface QueuedCard {
  id: string;
  applicantId: string;
  serial: number;
  state: 'ordered' | 'produced';
  orderedAt: string;
  producedAt: string | null;
  dossierNumber: string;
  givenName: string;
  familyName: string;
}

/** The card queue: cards ordered or produced and not yet handed over, oldest order first. */
export async function listCardQueue(db: Queryable, limit = 500): Promise<QueuedCard[]> {
  const { rows } = await db.query<{
    id: string;
    applicant_id: string;
    serial: number;
    state: 'ordered' | 'produced';
    ordered_at: string;
    produced_at: string | null;
    dossier_number: string;
    given_name: string;
    family_name: string;
  }>(
    `SELECT c.id, c.applicant_id, c.serial, c.state, c.ordered_at, c.produced_at,
            a.dossier_number, a.given_name, a.family_name
       FROM cards c JOIN applicants a ON a.id = c.applicant_id AND a.purged_at IS NULL
      WHERE c.state IN ('ordered', 'produced')
      ORDER BY c.ordered_at, c.id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    applicantId: r.applicant_id,
    serial: r.serial,
    state: r.state,
    orderedAt: r.ordered_at,
    producedAt: r.produced_at,
    dossierNumber: r.dossier_number,
    givenName: r.given_name,
    familyName: r.family_name,
  }));
}
