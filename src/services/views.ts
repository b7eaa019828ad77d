// What the services answer about a card, a print batch and a letter, and the standing (R14) a card
// has after a change: the shapes the officer API sends as they are.

import type { CalendarDate } from '../domain/calendar.ts';
import { type CancelReason, type CardState, cardNumber, usableCard } from '../domain/card.ts';
import { type CoverageSummary, summariseCoverage } from '../domain/coverage.ts';
import {
  type PublicAnswer,
  publicAnswerOf,
  type StandingView,
  standingOn,
  standingView,
} from '../domain/standing.ts';
import { type Applicant, findApplicantById } from '../store/applicant-store.ts';
import { type CardRecord, findCardById, listCards } from '../store/card-store.ts';
import type { Queryable } from '../store/db.ts';
import { findPrintBatch, type PrintBatch, type QueuedLetter } from '../store/document-store.ts';
import { listAtUndChanges, listDecisions } from '../store/record-store.ts';

/** Where a card's lookup page is (the service's public base address). */
export interface Links {
  lookupUrl(code: string): string;
}

/** A card as the officer API shows it. */
export interface CardView {
  id: string;
  number: string;
  serial: number;
  code: string;
  lookupUrl: string;
  state: CardState;
  validUntil: CalendarDate | null;
  orderedAt: string;
  producedAt: string | null;
  handedOverOn: CalendarDate | null;
  cancelledAt: string | null;
  cancelReason: CancelReason | null;
}

/** A card with its standing today and what the public lookup answers for it (R14). */
export interface CardStandingView extends CardView {
  standing: StandingView;
  publicAnswer: PublicAnswer;
}

/** R14 after a change: what a verifier scanning the applicant's current card is answered now. */
export interface CurrentCardTruth {
  publicAnswer: PublicAnswer | null;
  standing: StandingView | null;
}

export type BatchCardView =
  | { id: string; state: 'purged' }
  | { id: string; number: string; state: CardState };

export interface BatchView {
  id: string;
  createdAt: string;
  createdBy: string;
  printed: boolean;
  printedAt: string | null;
  printedBy: string | null;
  cards: BatchCardView[];
}

export interface LetterView
  extends Omit<QueuedLetter, 'forwarding' | 'serial' | 'givenName' | 'familyName' | 'address'> {
  queue: 'forwarding' | 'post';
  cardNumber: string;
}

export function cardView(
  links: Links,
  applicant: Pick<Applicant, 'dossierNumber'>,
  card: CardRecord,
): CardView {
  return {
    id: card.id,
    number: cardNumber(applicant.dossierNumber, card.serial),
    serial: card.serial,
    code: card.code,
    lookupUrl: links.lookupUrl(card.code),
    state: card.state,
    validUntil: card.validUntil,
    orderedAt: card.orderedAt,
    producedAt: card.producedAt,
    handedOverOn: card.handedOverOn,
    cancelledAt: card.cancelledAt,
    cancelReason: card.cancelReason,
  };
}

/** The card with its standing on `today` under the applicant's coverage (R14). */
export function cardStandingView(
  links: Links,
  applicant: Pick<Applicant, 'dossierNumber'>,
  card: CardRecord,
  summary: CoverageSummary,
  today: CalendarDate,
): CardStandingView {
  const standing = standingOn(card, summary, today);
  return {
    ...cardView(links, applicant, card),
    standing: standingView(standing),
    publicAnswer: publicAnswerOf(standing),
  };
}

/** What R14 needs to know about an applicant: its decisions and AT-UND, summarised, and its cards. */
export async function truthOf(
  db: Queryable,
  applicantId: string,
): Promise<{ summary: CoverageSummary; cards: CardRecord[] }> {
  const [decisions, changes, cards] = [
    await listDecisions(db, applicantId),
    await listAtUndChanges(db, applicantId),
    await listCards(db, applicantId),
  ];
  return { summary: summariseCoverage(decisions, changes), cards };
}

/**
 * R14 after a change: the applicant's current card (the one not cancelled) and what a verifier
 * scanning it is answered now — what the officer's client shows next to "saved".
 */
export async function currentCardTruth(
  db: Queryable,
  applicantId: string,
  today: CalendarDate,
): Promise<CurrentCardTruth> {
  const { summary, cards } = await truthOf(db, applicantId);
  const card = usableCard(cards);
  if (!card) return { publicAnswer: null, standing: null };
  const standing = standingOn(card, summary, today);
  return { publicAnswer: publicAnswerOf(standing), standing: standingView(standing) };
}

export async function batchView(db: Queryable, batchId: string): Promise<BatchView> {
  const batch = (await findPrintBatch(db, batchId)) as PrintBatch;
  const cards: BatchCardView[] = [];
  for (const cardId of batch.cardIds) {
    const card = await findCardById(db, cardId);
    // R15: the card of an applicant purged since the batch was made has nothing left to show.
    if (!card) {
      cards.push({ id: cardId, state: 'purged' });
      continue;
    }
    const applicant = (await findApplicantById(db, card.applicantId)) as Applicant;
    cards.push({
      id: card.id,
      number: cardNumber(applicant.dossierNumber, card.serial),
      state: card.state,
    });
  }
  return {
    id: batch.id,
    createdAt: batch.createdAt,
    createdBy: batch.createdBy,
    printed: batch.printedAt !== null,
    printedAt: batch.printedAt,
    printedBy: batch.printedBy,
    cards,
  };
}

export function letterView(l: QueuedLetter): LetterView {
  return {
    id: l.id,
    applicantId: l.applicantId,
    cardId: l.cardId,
    kind: l.kind,
    expiry: l.expiry,
    language: l.language,
    queue: l.forwarding ? 'forwarding' : 'post',
    dossierNumber: l.dossierNumber,
    cardNumber: cardNumber(l.dossierNumber, l.serial),
    state: l.state,
    createdAt: l.createdAt,
    printedAt: l.printedAt,
    sentAt: l.sentAt,
  };
}
