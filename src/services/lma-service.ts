// The application service: every change to applicants and cards goes through here, whichever door it
// came in by (officer API, CLI, demo loader). Each write is one transaction that asks the domain,
// persists, appends history (P4) and the change row (outbox), stores the idempotent reply (C7) and,
// once committed, updates the lookup read model before the caller hears back (0 stale reads).

import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Clock } from '../clock.ts';
import type { CardArtwork } from '../documents/card-artwork.ts';
import type { LetterDocument } from '../documents/letter.ts';
import { storedPhotoProblem } from '../documents/photo.ts';
import {
  type Address,
  type ApplicantFacts,
  dossierNumberFromRandom,
  type Language,
} from '../domain/applicant.ts';
import { addDays, type CalendarDate, stockholmDate } from '../domain/calendar.ts';
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
import {
  type CoverageSummary,
  changeAtUnd,
  type DecisionType,
  decide,
  isAtUndInEffect,
  isCovered,
  revokeDecision,
  summariseCoverage,
} from '../domain/coverage.ts';
import { formatPersonalCode } from '../domain/personal-code.ts';
import { DEFAULT_RECEPTION, type Reception } from '../domain/reception.ts';
import {
  type PublicAnswer,
  publicAnswerOf,
  type StandingView,
  standingOn,
  standingView,
} from '../domain/standing.ts';
import { buildQrUrl } from '../domain/status-list.ts';
import {
  type Applicant,
  existingApplicantIds,
  findApplicantByDossierNumber,
  findApplicantById,
  findSpecimenApplicantByName,
  insertApplicant,
  insertGuardianships,
  isDossierNumberTaken,
  listGuardianships,
  loadPhoto,
  lockApplicant,
  recordFingerprints,
  savePhoto,
} from '../store/applicant-store.ts';
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
import type { Db, Queryable } from '../store/db.ts';
import {
  advanceLetter,
  claimBatchPrinted,
  findLetter,
  findPrintBatch,
  insertPrintBatch,
  listOpenPrintBatches,
  listPrintCandidates,
  listQueue,
  type PrintBatch,
  type QueuedLetter,
  withdrawQueuedCardCancelledLetters,
  withdrawQueuedCardReadyLetter,
} from '../store/document-store.ts';
import { claimIdempotencyKey, findIdempotentReply, saveIdempotentReply } from '../store/idempotency-store.ts';
import {
  type ApplicantProjection,
  loadProjection,
  type ReadModel,
  recordChange,
} from '../store/read-model.ts';
import {
  appendHistory,
  findDecisionById,
  insertAtUndChange,
  insertDecision,
  insertVisit,
  type LetterState,
  listAtUndChanges,
  listDecisions,
  listHistory,
  listLetters,
  listVisits,
  markDecisionRevoked,
  queueLetter,
} from '../store/record-store.ts';
import { allocateStatusEntry, findStatusEntries } from '../store/status-list-store.ts';
import { AppError, fromDomain, notFound } from './app-error.ts';
import { issuePersonalCode, toGuardian } from './personal-codes.ts';

/** Who is acting, for the history (P4): a token's or officer's name, never a client address. */
export interface Actor {
  name: string;
  correlationId: string | null;
}

/** Who prints a letter when nobody else is named: the letter job. */
const LETTER_PRINTER: Actor = { name: 'job:letters', correlationId: null };

export interface Idempotency {
  principal: string;
  key: string;
  requestHash: string;
}

/** For each stored photo (null: none), null when it can go on a card, else why not. */
export type PhotoCheck = (photos: (Buffer | null)[]) => Promise<(string | null)[]>;

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export interface NewApplicantInput {
  givenName: string;
  familyName: string;
  birthDate: CalendarDate;
  nationality: string;
  language: Language;
  dossierNumber?: string;
  address?: Address;
  protectedAddress?: boolean;
  personalIdentityNumber?: string;
  guardianOf?: string[];
  /**
   * A specimen (training) applicant: its cards answer lookups with their real R11 result
   * marked "specimen", it gets no letters and stays out of the statistics. Only ever set here, at
   * registration, so no real dossier can become one; it carries no real person's identifiers.
   */
  specimen?: boolean;
}

/** One write in progress: the transaction, the instant it happens at, and the applicants it touched. */
/**
 * What a write made by another service gets (the holder's reports, R16): the transaction, the
 * applicant already locked and to be recorded as changed, the history (P4) and a card cancelled the
 * way `cancelCard` does it (R10).
 */
export interface ApplicantWrite {
  tx: Queryable;
  now: Date;
  today: CalendarDate;
  applicant: Applicant;
  history(action: string, details: Record<string, unknown>): Promise<void>;
  cancelCard(cardId: string, reason: CancelReason): Promise<Reply>;
}

interface Work {
  tx: Queryable;
  now: Date;
  today: CalendarDate;
  actor: Actor;
  touched: Map<string, number>;
}

export interface LmaServiceDeps {
  db: Db;
  readModel: ReadModel;
  clock: Clock;
  publicBaseUrl: string;
  /** The reception office the letters name (LMA_RECEPTION_*); the default when not given. */
  reception?: Reception;
}

export class LmaService {
  private readonly db: Db;
  private readonly readModel: ReadModel;
  private readonly clock: Clock;
  private readonly publicBaseUrl: string;
  private readonly reception: Reception;

  constructor(deps: LmaServiceDeps) {
    this.db = deps.db;
    this.readModel = deps.readModel;
    this.clock = deps.clock;
    this.publicBaseUrl = deps.publicBaseUrl;
    this.reception = deps.reception ?? DEFAULT_RECEPTION;
  }

  /** The same service reading another clock: for loading demo stories that happened in the past. */
  at(clock: Clock): LmaService {
    return new LmaService({
      db: this.db,
      readModel: this.readModel,
      clock,
      publicBaseUrl: this.publicBaseUrl,
      reception: this.reception,
    });
  }

  today(): CalendarDate {
    return stockholmDate(this.clock.now());
  }

  now(): Date {
    return this.clock.now();
  }

  lookupUrl(code: string): string {
    return `${this.publicBaseUrl}/k/${code}`;
  }

  /**
   * C2: what the card's QR code encodes: the lookup URL in upper case, followed by the card's
   * status-list entry so a till can check it offline; the server answers it like /k/{code}.
   */
  async qrPayload(code: string): Promise<string> {
    const [entry] = await findStatusEntries(this.db, [code]);
    return buildQrUrl(this.publicBaseUrl, code, entry ?? null);
  }

  /** The address printed on the card's back, for bookmarking; the verifier types the code after it. */
  lookupBase(): string {
    return `${this.publicBaseUrl}/k/`;
  }

  /** The database, for the services beside this one (reads; writes go through writeForApplicant). */
  get database(): Db {
    return this.db;
  }

  /** {PUBLIC_BASE_URL} itself: what receipts print as the home of the public keys. */
  get baseUrl(): string {
    return this.publicBaseUrl;
  }

  // ---- the write path -------------------------------------------------------------------------

  private async write(
    actor: Actor,
    idempotency: Idempotency | undefined,
    fn: (w: Work) => Promise<Reply>,
  ): Promise<Reply> {
    const now = this.clock.now();
    let projections: ApplicantProjection[] = [];
    let reply: Reply;
    try {
      reply = await this.db.transaction(async (tx) => {
        if (idempotency) {
          const prior = await claimIdempotencyKey(
            tx,
            idempotency.principal,
            idempotency.key,
            idempotency.requestHash,
            now,
          );
          if (prior) return replayOrRefuse(prior, idempotency);
        }
        const w: Work = { tx, now, today: stockholmDate(now), actor, touched: new Map() };
        const result = await fn(w);
        projections = [];
        for (const [applicantId, version] of w.touched) {
          await recordChange(tx, applicantId, version, now);
          projections.push(await loadProjection(tx, applicantId));
        }
        if (idempotency) {
          await saveIdempotentReply(tx, idempotency.principal, idempotency.key, result.status, result.body);
        }
        return result;
      });
    } catch (error) {
      // Two concurrent requests with one key on a PostgreSQL server: the loser's insert fails on the
      // unique index once the winner commits; answer it with the winner's reply.
      if (idempotency && isUniqueViolation(error)) {
        const prior = await findIdempotentReply(this.db, idempotency.principal, idempotency.key);
        if (prior && prior.status !== 0) return replayOrRefuse(prior, idempotency);
      }
      throw error;
    }
    for (const p of projections) this.readModel.apply(p);
    return reply;
  }

  /** Locks the applicant row for this write and marks it touched; 404 when there is none. */
  private async lock(w: Work, applicantId: string): Promise<Applicant> {
    if (!w.touched.has(applicantId)) {
      const version = await lockApplicant(w.tx, applicantId);
      if (version === null) throw notFound('applicant');
      w.touched.set(applicantId, version);
    }
    const applicant = await findApplicantById(w.tx, applicantId);
    if (!applicant) throw notFound('applicant');
    return applicant;
  }

  /** Locks the card's applicant first, then reads the card, so the card cannot change under us. */
  private async lockCard(w: Work, cardId: string): Promise<{ card: CardRecord; applicant: Applicant }> {
    const peek = await findCardById(w.tx, cardId);
    if (!peek) throw notFound('card');
    const applicant = await this.lock(w, peek.applicantId);
    const card = await findCardById(w.tx, cardId);
    if (!card) throw notFound('card');
    return { card, applicant };
  }

  private history(w: Work, action: string, applicantId: string | null, details: Record<string, unknown>) {
    return appendHistory(w.tx, {
      at: w.now,
      actor: w.actor.name,
      action,
      applicantId,
      details,
      correlationId: w.actor.correlationId,
    });
  }

  /** C1, C3: a fresh code from the CSPRNG, never derived from personal data; unique across all cards. */
  private async newCode(tx: Queryable): Promise<string> {
    for (;;) {
      const code = cardCodeFromRandom(randomBytes(8));
      if (!(await isCodeTaken(tx, code))) return code;
    }
  }

  /** R2: orders a card when both biometrics are in and the applicant has no usable card. */
  private async orderCardIfDue(w: Work, applicant: Applicant): Promise<CardRecord | null> {
    const cards = await listCards(w.tx, applicant.id);
    const facts: ApplicantFacts = {
      id: applicant.id,
      birthDate: applicant.birthDate,
      hasPhoto: applicant.hasPhoto,
      hasFingerprints: applicant.fingerprintsTakenAt !== null,
    };
    const order = cardToOrder(facts, cards);
    if (!order) return null;
    return this.orderCard(w, applicant, order.serial, 'card.ordered');
  }

  private async orderCard(
    w: Work,
    applicant: Applicant,
    serial: number,
    action: string,
  ): Promise<CardRecord> {
    const card = { id: randomUUID(), applicantId: applicant.id, serial, code: await this.newCode(w.tx) };
    await insertOrderedCard(w.tx, card, w.now);
    // A random, never-reused status-list entry (CSPRNG), in the same transaction; the
    // read model has it from the applicant's projection, read before COMMIT.
    await allocateStatusEntry(w.tx, card.id, randomInt);
    await this.history(w, action, applicant.id, {
      cardId: card.id,
      number: cardNumber(applicant.dossierNumber, serial),
    });
    return (await findCardById(w.tx, card.id)) as CardRecord;
  }

  // ---- commands -------------------------------------------------------------------------------

  /** R1, R12: registers an applicant, assigning a dossier number when none is given. */
  registerApplicant(actor: Actor, input: NewApplicantInput, idempotency?: Idempotency): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      if (input.specimen) refuseRealIdentifiers(input);
      const guardianOf = [...new Set(input.guardianOf ?? [])];
      if (guardianOf.length > 0) {
        const found = await existingApplicantIds(w.tx, guardianOf);
        const missing = guardianOf.find((id) => !found.has(id));
        if (missing)
          throw new AppError('guardian_of_unknown', `no applicant with id ${missing}`, 'guardianOf');
      }
      let dossierNumber = input.dossierNumber;
      if (dossierNumber === undefined) {
        do dossierNumber = dossierNumberFromRandom((max) => randomInt(max));
        while (await isDossierNumberTaken(w.tx, dossierNumber));
      }
      const id = randomUUID();
      const inserted = await insertApplicant(w.tx, {
        id,
        dossierNumber,
        givenName: input.givenName,
        familyName: input.familyName,
        birthDate: input.birthDate,
        nationality: input.nationality,
        language: input.language,
        address: input.address ?? null,
        protectedAddress: input.protectedAddress ?? false,
        personalIdentityNumber: input.personalIdentityNumber ?? null,
        specimen: input.specimen ?? false,
        createdAt: w.now,
      });
      if (!inserted) {
        throw new AppError(
          'dossier_number_taken',
          `dossier number ${dossierNumber} is taken`,
          'dossierNumber',
        );
      }
      w.touched.set(id, 1);
      await insertGuardianships(w.tx, id, guardianOf);
      // P4 records what was done and on whom; the personal data themselves stay in their own table.
      await this.history(w, 'applicant.registered', id, {
        dossierNumber,
        guardianOf,
        ...(input.specimen ? { specimen: true } : {}),
      });
      return { status: 201, body: { id, dossierNumber } };
    });
  }

  /** Stores the photo; R2 orders the card when fingerprints are in too. */
  recordPhoto(
    actor: Actor,
    applicantId: string,
    photo: { contentType: 'image/jpeg' | 'image/png'; bytes: Buffer },
    idempotency?: Idempotency,
  ): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      await this.lock(w, applicantId);
      await savePhoto(w.tx, applicantId, photo.contentType, photo.bytes, w.now);
      await this.history(w, 'photo.recorded', applicantId, {
        contentType: photo.contentType,
        bytes: photo.bytes.length,
      });
      const applicant = (await findApplicantById(w.tx, applicantId)) as Applicant;
      const ordered = await this.orderCardIfDue(w, applicant);
      return {
        status: 200,
        body: { photo: true, cardOrdered: ordered ? this.cardView(applicant, ordered) : null },
      };
    });
  }

  /** Records that fingerprints were taken (in the biometric system); R2 orders the card when the photo is in too. */
  recordFingerprints(actor: Actor, applicantId: string, idempotency?: Idempotency): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      await this.lock(w, applicantId);
      await recordFingerprints(w.tx, applicantId, w.now);
      await this.history(w, 'fingerprints.recorded', applicantId, {});
      const applicant = (await findApplicantById(w.tx, applicantId)) as Applicant;
      const ordered = await this.orderCardIfDue(w, applicant);
      return {
        status: 200,
        body: { fingerprints: true, cardOrdered: ordered ? this.cardView(applicant, ordered) : null },
      };
    });
  }

  /** R3: a produced card generates the "card ready, come and collect it" letter in the same transaction. */
  markCardProduced(actor: Actor, cardId: string, idempotency?: Idempotency): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      const { card, applicant, letterId } = await this.produce(w, cardId, null);
      return {
        status: 200,
        body: {
          card: this.cardView(applicant, card),
          letter: letterId ? { id: letterId, kind: 'card_ready' } : null,
        },
      };
    });
  }

  /** R3: ordered → produced, and the card-ready letter queued (once per card: a unique index). */
  private async produce(
    w: Work,
    cardId: string,
    batchId: string | null,
  ): Promise<{ card: CardRecord; applicant: Applicant; letterId: string | null }> {
    const { card, applicant } = await this.lockCard(w, cardId);
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
    await this.history(w, 'card.produced', applicant.id, {
      cardId,
      letterId,
      ...(batchId ? { batchId } : {}),
    });
    return { card: (await findCardById(w.tx, card.id)) as CardRecord, applicant, letterId };
  }

  /**
   * A production batch: every ordered card not yet in a batch, for the card printer (409 when none).
   * A card whose stored photo cannot go on a card (stored before uploads were decoded) is left out
   * and stays in the queue; the answer names it under `leftOut`, with why, so the photo is taken again.
   * `checkPhotos` says, for each photo, null or what is wrong (the worker pool, on the server).
   */
  async createPrintBatch(
    actor: Actor,
    idempotency?: Idempotency,
    checkPhotos: PhotoCheck = async (photos) => photos.map((p) => (p ? storedPhotoProblem(p) : null)),
  ): Promise<Reply> {
    const leftOut: { id: string; problem: string }[] = [];
    if (!idempotency || !(await findIdempotentReply(this.db, idempotency.principal, idempotency.key))) {
      let after: string | null = null;
      for (;;) {
        const page = await listPrintCandidates(this.db, after, 200);
        if (page.length === 0) break;
        const problems = await checkPhotos(page.map((c) => c.photo));
        page.forEach((c, i) => {
          const problem = problems[i];
          if (problem) leftOut.push({ id: c.cardId, problem });
        });
        after = page[page.length - 1]?.cardId ?? null;
      }
    }
    return this.write(actor, idempotency, async (w) => {
      const id = randomUUID();
      const leave = leftOut.map((c) => c.id);
      const count = await insertPrintBatch(w.tx, id, w.now, w.actor.name, leave);
      if (count === 0) {
        throw new AppError(
          'nothing_to_print',
          leftOut.length > 0
            ? `no card can be printed: ${leftOut.length} waiting with a photo that cannot be used (take it again)`
            : 'no ordered card is waiting for a print batch',
        );
      }
      await this.history(w, 'print_batch.created', null, { batchId: id, cards: count, leftOut: leave });
      const numbers = await this.cardNumbers(w.tx, leave);
      return {
        status: 201,
        body: {
          ...(await this.batchView(w.tx, id)),
          leftOut: leftOut.map((c) => ({ id: c.id, number: numbers.get(c.id), problem: c.problem })),
        },
      };
    });
  }

  private async cardNumbers(db: Queryable, cardIds: readonly string[]): Promise<Map<string, string>> {
    const numbers = new Map<string, string>();
    for (const cardId of cardIds) {
      const card = await findCardById(db, cardId);
      if (!card) continue;
      const applicant = (await findApplicantById(db, card.applicantId)) as Applicant;
      numbers.set(cardId, cardNumber(applicant.dossierNumber, card.serial));
    }
    return numbers;
  }

  /**
   * The printer has printed the batch: each of its cards still ordered becomes produced and gets its
   * card-ready letter (R3), in one transaction. Marking it again changes nothing and answers the same.
   */
  markBatchPrinted(actor: Actor, batchId: string, idempotency?: Idempotency): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      const batch = await findPrintBatch(w.tx, batchId);
      if (!batch) throw notFound('print batch');
      if (await claimBatchPrinted(w.tx, batchId, w.now, w.actor.name)) {
        for (const cardId of batch.cardIds) {
          // Locked before it is looked at: a card cancelled (R10: never valid again) or produced by
          // hand since the batch was made is skipped, never refused halfway through the batch; so is
          // the card of an applicant purged since (R15).
          if (!(await findCardById(w.tx, cardId))) continue;
          const { card } = await this.lockCard(w, cardId);
          if (card.state === 'ordered') await this.produce(w, cardId, batchId);
        }
        await this.history(w, 'print_batch.printed', null, { batchId });
      }
      return { status: 200, body: await this.batchView(w.tx, batchId) };
    });
  }

  /** Letter queue: queued → printed → sent (an atomic conditional update; a repeat changes nothing). */
  advanceLetter(
    actor: Actor,
    letterId: string,
    to: 'printed' | 'sent',
    idempotency?: Idempotency,
  ): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      const letter = await findLetter(w.tx, letterId);
      if (!letter) throw notFound('letter');
      const moved = await advanceLetter(w.tx, letterId, to, w.now);
      const now = (await findLetter(w.tx, letterId)) as QueuedLetter;
      // Already there (or past it: a sent letter was printed) is a harmless repeat, not an error.
      const reached = now.state === to || (to === 'printed' && now.state === 'sent');
      if (!moved && !reached) {
        throw new AppError('letter_state', `the letter is ${now.state}; it cannot become ${to}`);
      }
      if (moved) await this.history(w, `letter.${to}`, letter.applicantId, { letterId, kind: letter.kind });
      return { status: 200, body: { ...this.letterView(now), changed: moved } };
    });
  }

  /** R4: handing over activates the card with validity to handover date + 3 months. */
  handOverCard(
    actor: Actor,
    cardId: string,
    input: { date?: CalendarDate },
    idempotency?: Idempotency,
  ): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      const { card, applicant } = await this.lockCard(w, cardId);
      const date = input.date ?? w.today;
      const producedOn = card.producedAt ? stockholmDate(new Date(card.producedAt)) : undefined;
      const outcome = handOverCard(card, date, w.today, producedOn);
      if (!outcome.ok) throw fromDomain(outcome.error);
      await markCardHandedOver(w.tx, card.id, date, outcome.card.validUntil as CalendarDate);
      await this.history(w, 'card.handed_over', applicant.id, {
        cardId,
        date,
        validUntil: outcome.card.validUntil,
      });
      await this.withdrawCardReadyLetter(w, applicant.id, card.id, 'handed_over');
      // "No valid card until the new one is handed over" is not sent once it has been.
      for (const l of await withdrawQueuedCardCancelledLetters(w.tx, applicant.id, w.now))
        await this.history(w, 'letter.withdrawn', applicant.id, {
          letterId: l.id,
          kind: 'card_cancelled',
          cardId: l.cardId,
          because: 'new_card_handed_over',
        });
      const updated = (await findCardById(w.tx, card.id)) as CardRecord;
      const { summary } = await this.truthOf(w.tx, applicant.id);
      const view = this.cardView(applicant, updated, summary, w.today);
      return { status: 200, body: { card: view, publicAnswer: view.publicAnswer } };
    });
  }

  /** R5: a visit, for whatever reason, extends the visitor's own active card. */
  registerVisit(
    actor: Actor,
    applicantId: string,
    input: { date?: CalendarDate; office?: string },
    idempotency?: Idempotency,
  ): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      const applicant = await this.lock(w, applicantId);
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
      await this.history(w, 'visit.registered', applicant.id, {
        visitId,
        date,
        office: input.office ?? null,
        cardId: card?.id ?? null,
        validUntil: after,
        extended: outcome.extended,
      });
      return {
        status: 201,
        body: {
          visitId,
          date,
          cardId: card?.id ?? null,
          extended: outcome.extended,
          validUntil: after,
          previousValidUntil: card?.validUntil ?? null,
          ...(await this.currentCardTruth(w, applicantId)),
        },
      };
    });
  }

  /** R8: a decision ends coverage from its effective date (default today; may be in the future). */
  registerDecision(
    actor: Actor,
    applicantId: string,
    input: { type: DecisionType; effectiveDate?: CalendarDate },
    idempotency?: Idempotency,
  ): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      await this.lock(w, applicantId);
      const d = decide(input.type, input.effectiveDate, w.today);
      const id = randomUUID();
      await insertDecision(w.tx, {
        id,
        applicantId,
        type: d.type,
        effectiveDate: d.effectiveDate,
        at: w.now,
        by: w.actor.name,
      });
      await this.history(w, 'decision.registered', applicantId, { decisionId: id, ...d });
      return {
        status: 201,
        body: {
          id,
          type: d.type,
          effectiveDate: d.effectiveDate,
          revoked: false,
          ...(await this.currentCardTruth(w, applicantId)),
        },
      };
    });
  }

  /** R8: revoking a decision (e.g. overturned on appeal) resumes coverage. */
  revokeDecision(actor: Actor, decisionId: string, idempotency?: Idempotency): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      const peek = await findDecisionById(w.tx, decisionId);
      if (!peek) throw notFound('decision');
      await this.lock(w, peek.applicantId);
      const decision = (await findDecisionById(w.tx, decisionId)) as NonNullable<typeof peek>;
      const outcome = revokeDecision(decision);
      if (!outcome.ok) throw fromDomain(outcome.error);
      await markDecisionRevoked(w.tx, decisionId, w.now, w.actor.name);
      await this.history(w, 'decision.revoked', decision.applicantId, { decisionId, type: decision.type });
      return {
        status: 200,
        body: {
          id: decisionId,
          type: decision.type,
          effectiveDate: decision.effectiveDate,
          revoked: true,
          ...(await this.currentCardTruth(w, decision.applicantId)),
        },
      };
    });
  }

  /** R9: AT-UND granted or revoked with an effective date, independently of coverage. */
  setAtUnd(
    actor: Actor,
    applicantId: string,
    input: { granted: boolean; effectiveDate?: CalendarDate },
    idempotency?: Idempotency,
  ): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      const applicant = await this.lock(w, applicantId);
      const outcome = changeAtUnd(applicant.birthDate, input.granted, input.effectiveDate, w.today);
      if (!outcome.ok) throw fromDomain(outcome.error);
      const id = randomUUID();
      await insertAtUndChange(w.tx, { id, applicantId, ...outcome.change, at: w.now, by: w.actor.name });
      await this.history(w, input.granted ? 'at_und.granted' : 'at_und.revoked', applicantId, {
        changeId: id,
        effectiveDate: outcome.change.effectiveDate,
      });
      const { summary } = await this.truthOf(w.tx, applicantId);
      return {
        status: 200,
        body: {
          id,
          ...outcome.change,
          atUndToday: isAtUndInEffect(summary, w.today),
          ...(await this.currentCardTruth(w, applicantId)),
        },
      };
    });
  }

  /**
   * One write to an applicant by another service, in the same one transaction as every write here:
   * the applicant locked (version + 1), the change recorded, the read model updated after COMMIT.
   */
  writeForApplicant(
    actor: Actor,
    applicantId: string,
    fn: (a: ApplicantWrite) => Promise<Reply>,
    idempotency?: Idempotency,
  ): Promise<Reply> {
    return this.write(actor, idempotency, async (w) => {
      const applicant = await this.lock(w, applicantId);
      return fn({
        tx: w.tx,
        now: w.now,
        today: w.today,
        applicant,
        history: (action, details) => this.history(w, action, applicantId, details),
        cancelCard: (cardId, reason) => this.cancelIn(w, cardId, reason),
      });
    });
  }

  /** R10: cancelling needs a reason; every reason re-orders a card with the next serial and a new code. */
  cancelCard(
    actor: Actor,
    cardId: string,
    input: { reason: CancelReason },
    idempotency?: Idempotency,
  ): Promise<Reply> {
    return this.write(actor, idempotency, (w) => this.cancelIn(w, cardId, input.reason));
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
      await this.history(w, 'letter.withdrawn', applicantId, {
        letterId,
        kind: 'card_ready',
        cardId,
        because,
      });
  }

  private async cancelIn(w: Work, cardId: string, reason: CancelReason): Promise<Reply> {
    const { card, applicant } = await this.lockCard(w, cardId);
    const cards = await listCards(w.tx, applicant.id);
    const outcome = cancelCard(card, cards);
    if (!outcome.ok) throw fromDomain(outcome.error);
    await markCardCancelled(w.tx, card.id, reason, w.now);
    await this.history(w, 'card.cancelled', applicant.id, { cardId, reason });
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
    const { summary } = await this.truthOf(w.tx, applicant.id);
    return {
      status: 200,
      body: {
        cancelled: this.cardView(applicant, cancelled, summary, w.today),
        reordered: this.cardView(applicant, replacement, summary, w.today),
        letter: letterId ? { id: letterId, kind: 'card_cancelled' } : null,
      },
    };
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** What R14 needs to know about an applicant: its decisions and AT-UND, summarised, and its cards. */
  private async truthOf(
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
  private async currentCardTruth(
    w: Work,
    applicantId: string,
  ): Promise<{ publicAnswer: PublicAnswer | null; standing: StandingView | null }> {
    const { summary, cards } = await this.truthOf(w.tx, applicantId);
    const card = usableCard(cards);
    if (!card) return { publicAnswer: null, standing: null };
    const standing = standingOn(card, summary, w.today);
    return { publicAnswer: publicAnswerOf(standing), standing: standingView(standing) };
  }

  /**
   * A card as the officer API shows it. With the applicant's coverage it also says the card's
   * standing today and what the public lookup answers for it (R14).
   */
  cardView(
    applicant: Pick<Applicant, 'dossierNumber'>,
    card: CardRecord,
    summary?: CoverageSummary,
    today?: CalendarDate,
  ): Record<string, unknown> {
    const truth =
      summary && today
        ? (() => {
            const standing = standingOn(card, summary, today);
            return { standing: standingView(standing), publicAnswer: publicAnswerOf(standing) };
          })()
        : {};
    return {
      id: card.id,
      number: cardNumber(applicant.dossierNumber, card.serial),
      serial: card.serial,
      code: card.code,
      lookupUrl: this.lookupUrl(card.code),
      state: card.state,
      validUntil: card.validUntil,
      orderedAt: card.orderedAt,
      producedAt: card.producedAt,
      handedOverOn: card.handedOverOn,
      cancelledAt: card.cancelledAt,
      cancelReason: card.cancelReason,
      ...truth,
    };
  }

  async batchView(db: Queryable, batchId: string): Promise<Record<string, unknown>> {
    const batch = (await findPrintBatch(db, batchId)) as PrintBatch;
    const cards = [];
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

  async printBatch(batchId: string): Promise<Record<string, unknown> | null> {
    if (!(await findPrintBatch(this.db, batchId))) return null;
    return this.batchView(this.db, batchId);
  }

  /** The card artwork's content (R1, C1, C2): what the front and back print; null when no such card. */
  /** Batches waiting for the card printer (the console's card queue). */
  openPrintBatches() {
    return listOpenPrintBatches(this.db);
  }

  /** The artwork of every card in a batch, in print order; null when there is no such batch. */
  /**
   * The artwork of a batch's cards in print order, `size` cards at a time, each page read only when
   * asked for (a batch PDF streamed to the printer holds one page in memory); null when no such batch.
   */
  async printBatchPages(batchId: string, size = 25): Promise<AsyncGenerator<CardArtwork[]> | null> {
    const batch = await findPrintBatch(this.db, batchId);
    if (!batch) return null;
    const ids = batch.cardIds;
    const artwork = (id: string) => this.cardArtwork(id);
    return (async function* pages() {
      for (let i = 0; i < ids.length; i += size) {
        const page: CardArtwork[] = [];
        for (const id of ids.slice(i, i + size)) {
          // R15: a purged applicant's card is not printed again.
          const card = await artwork(id);
          if (card) page.push(card);
          // The embedded database answers in microtasks: without this turn of the event loop a
          // page of cards would be read in one stretch that holds every lookup up (~100 ms).
          await yieldToEventLoop();
        }
        yield page;
      }
    })();
  }

  async printBatchArtwork(batchId: string): Promise<CardArtwork[] | null> {
    const batch = await findPrintBatch(this.db, batchId);
    if (!batch) return null;
    const cards: CardArtwork[] = [];
    for (const id of batch.cardIds) {
      const card = await this.cardArtwork(id);
      if (card) cards.push(card);
    }
    return cards;
  }

  async cardArtwork(cardId: string): Promise<CardArtwork | null> {
    const card = await findCardById(this.db, cardId);
    if (!card) return null;
    const applicant = (await findApplicantById(this.db, card.applicantId)) as Applicant;
    return {
      cardNumber: cardNumber(applicant.dossierNumber, card.serial),
      code: card.code,
      givenName: applicant.givenName,
      familyName: applicant.familyName,
      birthDate: applicant.birthDate,
      nationality: applicant.nationality,
      photo: await loadPhoto(this.db, applicant.id),
      qrPayload: await this.qrPayload(card.code),
      lookupBase: this.lookupBase(),
    };
  }

  /** What a letter says (R3, R7, R12, R13); null when no such letter. Printing it again is a reprint (R16). */
  async letterDocument(letterId: string, actor: Actor = LETTER_PRINTER): Promise<LetterDocument | null> {
    const l = await findLetter(this.db, letterId);
    return l ? this.letterDocumentOf(l, actor) : null;
  }

  /**
   * What a queued letter says. A reminder tells a holder whose AT-UND outlasts the card that the
   * check then shows the card's standing the day it would lapse: "EJ giltigt", without AT-UND (R11, R14).
   */
  async letterDocumentOf(l: QueuedLetter, actor: Actor = LETTER_PRINTER): Promise<LetterDocument> {
    const doc = { ...toLetterDocument(l), reception: this.reception };
    if (l.kind === 'card_ready') {
      // R16: every printing of a card-ready letter makes the card a new personal code, voiding the old.
      const code = await issuePersonalCode(this, actor, l.cardId, 'holder.code_issued');
      if (!code) return doc;
      const withCode = {
        ...(await toGuardian(this.db, doc, l)),
        personalCode: formatPersonalCode(code),
        holderPage: `${this.publicBaseUrl}/mitt-kort`,
      };
      return withCode;
    }
    if (l.kind !== 'reminder' || !l.expiry) return doc;
    const { summary } = await this.truthOf(this.db, l.applicantId);
    const then = standingOn({ state: 'active', validUntil: l.expiry }, summary, addDays(l.expiry, 1));
    return { ...doc, atUndAfterExpiry: then.kind === 'lapsed' && then.atUnd };
  }

  async letterQueue(filter: {
    state?: LetterState;
    forwarding?: boolean;
    limit: number;
    after?: string;
  }): Promise<QueuedLetter[]> {
    return listQueue(this.db, filter);
  }

  letterView(l: QueuedLetter): Record<string, unknown> {
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

  async findApplicantId(dossierNumber: string): Promise<string | null> {
    return (await findApplicantByDossierNumber(this.db, dossierNumber))?.id ?? null;
  }

  /** A specimen applicant by its (made-up) name: how the demo finds the specimen cards it made. */
  findSpecimenApplicantId(givenName: string, familyName: string): Promise<string | null> {
    return findSpecimenApplicantByName(this.db, givenName, familyName);
  }

  /** The officer view (C7): data, cards, decisions, AT-UND, visits, letters and history. */
  async applicantView(id: string): Promise<Record<string, unknown> | null> {
    const applicant = await findApplicantById(this.db, id);
    if (!applicant) return null;
    const [cards, decisions, atUndChanges, visits, letters, history, family] = [
      await listCards(this.db, id),
      await listDecisions(this.db, id),
      await listAtUndChanges(this.db, id),
      await listVisits(this.db, id),
      await listLetters(this.db, id),
      await listHistory(this.db, id),
      await listGuardianships(this.db, id),
    ];
    const today = this.today();
    const summary = summariseCoverage(decisions, atUndChanges);
    return {
      id: applicant.id,
      dossierNumber: applicant.dossierNumber,
      givenName: applicant.givenName,
      familyName: applicant.familyName,
      birthDate: applicant.birthDate,
      nationality: applicant.nationality,
      language: applicant.language,
      address: applicant.address,
      protectedAddress: applicant.protectedAddress,
      personalIdentityNumber: applicant.personalIdentityNumber,
      specimen: applicant.specimen,
      guardianOf: family.guardianOf,
      guardians: family.guardians,
      photo: { taken: applicant.hasPhoto, takenAt: applicant.photoTakenAt },
      fingerprints: { taken: applicant.fingerprintsTakenAt !== null, takenAt: applicant.fingerprintsTakenAt },
      covered: isCovered(summary, today),
      atUnd: isAtUndInEffect(summary, today),
      cards: cards.map((c) => this.cardView(applicant, c, summary, today)),
      decisions: decisions.map((d) => ({
        id: d.id,
        type: d.type,
        effectiveDate: d.effectiveDate,
        revoked: d.revoked,
        registeredAt: d.registeredAt,
        registeredBy: d.registeredBy,
        revokedAt: d.revokedAt,
        revokedBy: d.revokedBy,
      })),
      atUndChanges: atUndChanges.map((c) => ({
        id: c.id,
        granted: c.granted,
        effectiveDate: c.effectiveDate,
        registeredAt: c.registeredAt,
        registeredBy: c.registeredBy,
      })),
      visits,
      letters,
      history,
      createdAt: applicant.createdAt,
    };
  }
}

/** R13: a forwarded letter has no address; R12: a letter has no personal identity number. */
export function toLetterDocument(l: QueuedLetter): LetterDocument {
  return {
    id: l.id,
    kind: l.kind,
    language: l.language,
    forwarding: l.forwarding,
    date: stockholmDate(new Date(l.createdAt)),
    name: `${l.givenName} ${l.familyName}`,
    dossierNumber: l.dossierNumber,
    cardNumber: cardNumber(l.dossierNumber, l.serial),
    validUntil: l.expiry,
    address: l.forwarding ? null : l.address,
  };
}

/** A specimen is nobody: it may not carry a real dossier number, identity number or family tie. */
function refuseRealIdentifiers(input: NewApplicantInput): void {
  const real: [keyof NewApplicantInput, boolean][] = [
    ['dossierNumber', input.dossierNumber !== undefined],
    ['personalIdentityNumber', input.personalIdentityNumber !== undefined],
    ['guardianOf', (input.guardianOf ?? []).length > 0],
  ];
  const field = real.find(([, given]) => given)?.[0];
  if (field) {
    throw new AppError(
      'validation',
      `a specimen applicant gets a dossier number from the system and has no ${field}`,
      field,
    );
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

function replayOrRefuse(
  prior: { requestHash: string; status: number; body: unknown },
  idempotency: Idempotency,
): Reply {
  if (prior.requestHash !== idempotency.requestHash) {
    throw new AppError(
      'idempotency_key_reused',
      'this Idempotency-Key was already used for a different request',
      'Idempotency-Key',
    );
  }
  return { status: prior.status, body: prior.body as Record<string, unknown> };
}
