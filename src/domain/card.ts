// R2–R5, R10: a card's life. Pure: every function takes the facts and "today" and returns a decision.

import type { ApplicantFacts } from './applicant.ts';
import { addMonths, type CalendarDate, maxDate } from './calendar.ts';
import { type Outcome, refuse } from './errors.ts';

export type CardState = 'ordered' | 'produced' | 'active' | 'cancelled';
export const CANCEL_REASONS = ['lost', 'stolen', 'damaged', 'biodata_changed'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const VALIDITY_MONTHS = 3;

export interface Card {
  id: string;
  applicantId: string;
  serial: number;
  code: string;
  state: CardState;
  validUntil: CalendarDate | null;
}

/** R1: the number printed under the photo, `NN-NNNNNN/S`. */
export function cardNumber(dossierNumber: string, serial: number): string {
  return `${dossierNumber}/${serial}`;
}

/** A card the holder has or will have: anything not cancelled. R3 allows one per applicant. */
export function usableCard(cards: readonly Card[]): Card | undefined {
  return cards.find((c) => c.state !== 'cancelled');
}

export function nextSerial(cards: readonly Card[]): number {
  return cards.reduce((max, c) => Math.max(max, c.serial), 0) + 1;
}

/**
 * R2: the moment both photo and fingerprints are registered for an applicant with no usable card,
 * a card is ordered. Returns the serial to order, or null when nothing is to be ordered.
 */
export function cardToOrder(applicant: ApplicantFacts, cards: readonly Card[]): { serial: number } | null {
  if (!applicant.hasPhoto || !applicant.hasFingerprints) return null;
  if (usableCard(cards)) return null;
  return { serial: nextSerial(cards) };
}

/** R3: ordered → produced. Producing is what triggers the "card ready" letter. */
export function produceCard(card: Card): Outcome<{ card: Card }> {
  if (card.state !== 'ordered') {
    return refuse('card_not_ordered', `the card is ${card.state}; only an ordered card can be produced`);
  }
  return { ok: true, card: { ...card, state: 'produced' } };
}

/**
 * R4: handing over activates the card, valid to the handover date + 3 calendar months. A handover
 * may be registered late (dated back), but not in the future nor before the card was produced.
 */
export function handOverCard(
  card: Card,
  handoverDate: CalendarDate,
  today: CalendarDate,
  producedOn?: CalendarDate,
): Outcome<{ card: Card }> {
  if (handoverDate > today)
    return refuse('handover_in_future', 'a handover cannot be dated in the future', 'date');
  if (card.state !== 'produced') {
    return refuse('card_not_produced', `the card is ${card.state}; only a produced card can be handed over`);
  }
  if (producedOn !== undefined && handoverDate < producedOn) {
    return refuse('handover_before_production', `the card was produced on ${producedOn}`, 'date');
  }
  return {
    ok: true,
    card: { ...card, state: 'active', validUntil: addMonths(handoverDate, VALIDITY_MONTHS) },
  };
}

/**
 * R5: a visit extends the visitor's own active card to visit date + 3 calendar months, never
 * shortening a later expiry. A visit cannot be dated in the future. The card must belong to the
 * visitor: a parent's visit never extends a child's card.
 */
export function extendOnVisit(
  visitorId: string,
  card: Card | undefined,
  visitDate: CalendarDate,
  today: CalendarDate,
): Outcome<{ card: Card | undefined; extended: boolean }> {
  if (visitDate > today) return refuse('visit_in_future', 'a visit cannot be dated in the future', 'date');
  if (!card || card.applicantId !== visitorId || card.state !== 'active' || card.validUntil === null) {
    return { ok: true, card, extended: false };
  }
  const validUntil = maxDate(card.validUntil, addMonths(visitDate, VALIDITY_MONTHS));
  return { ok: true, card: { ...card, validUntil }, extended: validUntil !== card.validUntil };
}

/** R10: cancelling needs a reason; each of the four reasons re-orders a card with the next serial. */
export function cancelCard(
  card: Card,
  cards: readonly Card[],
): Outcome<{ card: Card; reorder: { serial: number } }> {
  if (card.state === 'cancelled') return refuse('card_already_cancelled', 'the card is already cancelled');
  return { ok: true, card: { ...card, state: 'cancelled' }, reorder: { serial: nextSerial(cards) } };
}
