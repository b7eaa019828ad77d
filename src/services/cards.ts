// A card's life in the officer's hands: ordered (R2), produced with its card-ready letter (R3),
// handed over (R4), extended by a visit (R5), cancelled and re-ordered (R10); and its artwork.

import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { CardArtwork } from '../documents/card-artwork.ts';
import type { ApplicantFacts } from '../domain/applicant.ts';
import { type CalendarDate, stockholmDate } from '../domain/calendar.ts';
import {
  type CancelReason,
  cancelCard,
  cardNumber,
  cardToOrder,
  extendOnVisit,
  handOverCard,
  produceCard,
  usableCard,
} from '../domain/card.ts';
import { cardCodeFromRandom } from '../domain/card-code.ts';
import type { PublicAnswer } from '../domain/standing.ts';
import { type Applicant, findApplicantById, loadPhoto } from '../store/applicant-store.ts';
import {
  type CardRecord,
  findCardById,
  insertOrderedCard,
  isCodeTaken,
  listCards,
  markCardCancelled,
  markCardHandedOver,
  markCardProduced,
  setValidUntil,
} from '../store/card-store.ts';
import type { Queryable } from '../store/db.ts';
import {
  withdrawQueuedCardCancelledLetters,
  withdrawQueuedCardReadyLetter,
} from '../store/document-store.ts';
import { insertVisit, queueLetter } from '../store/record-store.ts';
import { allocateStatusEntry } from '../store/status-list-store.ts';
import { fromDomain } from './app-error.ts';
import {
  type CardStandingView,
  type CardView,
  type CurrentCardTruth,
  cardStandingView,
  cardView,
  currentCardTruth,
  truthOf,
} from './views.ts';
import type { Actor, Idempotency, Work, WritePath } from './write-path.ts';

export interface CardProduced {
  card: CardView;
  letter: { id: string; kind: 'card_ready' } | null;
}

export interface CardHandedOver {
  card: CardStandingView;
  publicAnswer: PublicAnswer;
}

export interface VisitRegistered extends CurrentCardTruth {
  visitId: string;
  date: CalendarDate;
  cardId: string | null;
  extended: boolean;
  validUntil: CalendarDate | null;
  previousValidUntil: CalendarDate | null;
}

export interface CardCancelled {
  cancelled: CardStandingView;
  reordered: CardStandingView;
  /**
   * The letter telling the holder they have no valid card until the new one, and the language it is
   * written in (null for a specimen).
   */
  letter: { id: string; kind: 'card_cancelled'; language: string } | null;
}

/** C1, C3: a fresh code from the CSPRNG, never derived from personal data; unique across all cards. */
async function newCode(tx: Queryable): Promise<string> {
  for (;;) {
    const code = cardCodeFromRandom(randomBytes(8));
    if (!(await isCodeTaken(tx, code))) return code;
  }
}

export class CardService {
  constructor(private readonly path: WritePath) {}

  /** Orders a card with `serial` and a new code, its status-list entry and its history row. */
  async orderCard(w: Work, applicant: Applicant, serial: number, action: string): Promise<CardRecord> {
    const card = { id: randomUUID(), applicantId: applicant.id, serial, code: await newCode(w.tx) };
    await insertOrderedCard(w.tx, card, w.now);
    // A random, never-reused status-list entry (CSPRNG), in the same transaction; the
    // read model has it from the applicant's projection, read before COMMIT.
    await allocateStatusEntry(w.tx, card.id, randomInt);
    await this.path.history(w, action, applicant.id, {
      cardId: card.id,
      number: cardNumber(applicant.dossierNumber, serial),
    });
    return (await findCardById(w.tx, card.id)) as CardRecord;
  }

  /** R2: orders a card when both biometrics are in and the applicant has no usable card. */
  async orderCardIfDue(w: Work, applicant: Applicant): Promise<CardView | null> {
    const cards = await listCards(w.tx, applicant.id);
    const facts: ApplicantFacts = {
      id: applicant.id,
      birthDate: applicant.birthDate,
      hasPhoto: applicant.hasPhoto,
      hasFingerprints: applicant.fingerprintsTakenAt !== null,
    };
    const order = cardToOrder(facts, cards);
    if (!order) return null;
    const card = await this.orderCard(w, applicant, order.serial, 'card.ordered');
    return cardView(this.path, applicant, card);
  }

  /** R3: a produced card generates the "card ready, come and collect it" letter in the same transaction. */
  markCardProduced(actor: Actor, cardId: string, idempotency?: Idempotency): Promise<CardProduced> {
    return this.path.write(actor, idempotency, async (w) => {
      const { card, applicant, letterId } = await this.produce(w, cardId, null);
      return {
        card: cardView(this.path, applicant, card),
        letter: letterId ? { id: letterId, kind: 'card_ready' } : null,
      };
    });
  }

  /** R3: ordered → produced, and the card-ready letter queued (once per card: a unique index). */
  async produce(
    w: Work,
    cardId: string,
    batchId: string | null,
  ): Promise<{ card: CardRecord; applicant: Applicant; letterId: string | null }> {
    const { card, applicant } = await this.path.lockCard(w, cardId);
    const outcome = produceCard(card);
    if (!outcome.ok) throw fromDomain(outcome.error);
    await markCardProduced(w.tx, card.id, w.now);
    // A specimen card has nobody to write to: no letter.
    const letterId = applicant.specimen ? null : randomUUID();
    if (letterId) {
      await queueLetter(w.tx, {
        id: letterId,
        applicantId: applicant.id,
        cardId: card.id,
        kind: 'card_ready',
        expiry: null,
        language: applicant.language,
        forwarding: applicant.protectedAddress,
        createdAt: w.now,
      });
    }
    await this.path.history(w, 'card.produced', applicant.id, {
      cardId,
      letterId,
      ...(batchId ? { batchId } : {}),
    });
    return { card: (await findCardById(w.tx, card.id)) as CardRecord, applicant, letterId };
  }

  /** R4: handing over activates the card with validity to handover date + 3 months. */
  handOverCard(
    actor: Actor,
    cardId: string,
    input: { date?: CalendarDate },
    idempotency?: Idempotency,
  ): Promise<CardHandedOver> {
    return this.path.write(actor, idempotency, async (w) => {
      const { card, applicant } = await this.path.lockCard(w, cardId);
      const date = input.date ?? w.today;
      const producedOn = card.producedAt ? stockholmDate(new Date(card.producedAt)) : undefined;
      const outcome = handOverCard(card, date, w.today, producedOn);
      if (!outcome.ok) throw fromDomain(outcome.error);
      await markCardHandedOver(w.tx, card.id, date, outcome.card.validUntil as CalendarDate);
      await this.path.history(w, 'card.handed_over', applicant.id, {
        cardId,
        date,
        validUntil: outcome.card.validUntil,
      });
      await this.withdrawCardReadyLetter(w, applicant.id, card.id, 'handed_over');
      // "No valid card until the new one is handed over" is not sent once it has been.
      for (const l of await withdrawQueuedCardCancelledLetters(w.tx, applicant.id, w.now))
        await this.path.history(w, 'letter.withdrawn', applicant.id, {
          letterId: l.id,
          kind: 'card_cancelled',
          cardId: l.cardId,
          because: 'new_card_handed_over',
        });
      const updated = (await findCardById(w.tx, card.id)) as CardRecord;
      const { summary } = await truthOf(w.tx, applicant.id);
      const view = cardStandingView(this.path, applicant, updated, summary, w.today);
      return { card: view, publicAnswer: view.publicAnswer };
    });
  }

  /** R5: a visit, for whatever reason, extends the visitor's own active card. */
  registerVisit(
    actor: Actor,
    applicantId: string,
    input: { date?: CalendarDate; office?: string },
    idempotency?: Idempotency,
  ): Promise<VisitRegistered> {
    return this.path.write(actor, idempotency, async (w) => {
      const applicant = await this.path.lock(w, applicantId);
      const date = input.date ?? w.today;
      const card = usableCard(await listCards(w.tx, applicantId));
      const outcome = extendOnVisit(applicantId, card, date, w.today);
      if (!outcome.ok) throw fromDomain(outcome.error);
      const visitId = randomUUID();
      const after = outcome.card?.state === 'active' ? outcome.card.validUntil : null;
      if (outcome.extended && outcome.card) await setValidUntil(w.tx, outcome.card.id, after as CalendarDate);
      await insertVisit(w.tx, {
        id: visitId,
        applicantId,
        date,
        office: input.office ?? null,
        cardId: card?.id ?? null,
        validUntilBefore: card?.validUntil ?? null,
        validUntilAfter: after,
        recordedAt: w.now,
        recordedBy: w.actor.name,
      });
      await this.path.history(w, 'visit.registered', applicant.id, {
        visitId,
        date,
        office: input.office ?? null,
        cardId: card?.id ?? null,
        validUntil: after,
        extended: outcome.extended,
      });
      return {
        visitId,
        date,
        cardId: card?.id ?? null,
        extended: outcome.extended,
        validUntil: after,
        previousValidUntil: card?.validUntil ?? null,
        ...(await currentCardTruth(w.tx, applicantId, w.today)),
      };
    });
  }

  /** R10: cancelling needs a reason; every reason re-orders a card with the next serial and a new code. */
  cancelCard(
    actor: Actor,
    cardId: string,
    input: { reason: CancelReason },
    idempotency?: Idempotency,
  ): Promise<CardCancelled> {
    return this.path.write(actor, idempotency, (w) => this.cancelIn(w, cardId, input.reason));
  }

  /** R10 inside a write already under way (a holder's confirmed report, R16, too). */
  async cancelIn(w: Work, cardId: string, reason: CancelReason): Promise<CardCancelled> {
    const { card, applicant } = await this.path.lockCard(w, cardId);
    const cards = await listCards(w.tx, applicant.id);
    const outcome = cancelCard(card, cards);
    if (!outcome.ok) throw fromDomain(outcome.error);
    await markCardCancelled(w.tx, card.id, reason, w.now);
    await this.path.history(w, 'card.cancelled', applicant.id, { cardId, reason });
    await this.withdrawCardReadyLetter(w, applicant.id, card.id, 'cancelled');
    const replacement = await this.orderCard(w, applicant, outcome.reorder.serial, 'card.reordered');
    // R10: the holder is told in their language that they have no valid card until the new one is
    // handed over (a specimen has nobody to write to).
    const letterId = applicant.specimen ? null : randomUUID();
    if (letterId)
      await queueLetter(w.tx, {
        id: letterId,
        applicantId: applicant.id,
        cardId: card.id,
        kind: 'card_cancelled',
        expiry: null,
        language: applicant.language,
        forwarding: applicant.protectedAddress,
        createdAt: w.now,
      });
    const cancelled = (await findCardById(w.tx, card.id)) as CardRecord;
    const { summary } = await truthOf(w.tx, applicant.id);
    return {
      cancelled: cardStandingView(this.path, applicant, cancelled, summary, w.today),
      reordered: cardStandingView(this.path, applicant, replacement, summary, w.today),
      letter: letterId ? { id: letterId, kind: 'card_cancelled', language: applicant.language } : null,
    };
  }

  /**
   * "Your card is ready, come and collect it" is not sent once the card is handed over or cancelled:
   * the card's card-ready letter, if still queued, is withdrawn in the same transaction (recorded).
   */
  private async withdrawCardReadyLetter(
    w: Work,
    applicantId: string,
    cardId: string,
    because: 'handed_over' | 'cancelled',
  ): Promise<void> {
    const letterId = await withdrawQueuedCardReadyLetter(w.tx, cardId, w.now);
    if (letterId)
      await this.path.history(w, 'letter.withdrawn', applicantId, {
        letterId,
        kind: 'card_ready',
        cardId,
        because,
      });
  }

  /** The card artwork's content (R1, C1, C2): what the front and back print; null when no such card. */
  async cardArtwork(cardId: string): Promise<CardArtwork | null> {
    const db = this.path.db;
    const card = await findCardById(db, cardId);
    if (!card) return null;
    const applicant = (await findApplicantById(db, card.applicantId)) as Applicant;
    return {
      cardNumber: cardNumber(applicant.dossierNumber, card.serial),
      code: card.code,
      givenName: applicant.givenName,
      familyName: applicant.familyName,
      birthDate: applicant.birthDate,
      nationality: applicant.nationality,
      photo: await loadPhoto(db, applicant.id),
      qrPayload: await this.path.qrPayload(card.code),
      lookupBase: this.path.lookupBase(),
    };
  }
}
