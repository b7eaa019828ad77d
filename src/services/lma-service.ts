// Every change to applicants and cards goes through the services behind this one door, whichever door
// it came in by (officer API, console, CLI, demo loader, letter job): applicants, cards, coverage,
// printing and letters, each on the one write path (write-path.ts). The names here are the ones the
// doors call; each is the aggregate service's own method.

import type { Clock } from '../clock.ts';
import type { CalendarDate } from '../domain/calendar.ts';
import type { CancelReason } from '../domain/card.ts';
import type { Applicant } from '../store/applicant-store.ts';
import type { Db, Queryable } from '../store/db.ts';
import { ApplicantService } from './applicants.ts';
import { type CardCancelled, CardService } from './cards.ts';
import { CoverageService } from './coverage.ts';
import { LetterService } from './letters.ts';
import { PrintingService } from './printing.ts';
import { type Actor, type Idempotency, type ServiceDeps, WritePath } from './write-path.ts';

export type {
  ApplicantRegistered,
  ApplicantView,
  FingerprintsRecorded,
  NewApplicantInput,
  PhotoRecorded,
} from './applicants.ts';
export type { CardCancelled, CardHandedOver, CardProduced, VisitRegistered } from './cards.ts';
export type { AtUndAnswer, DecisionAnswer } from './coverage.ts';
export type { LetterAdvanced } from './letters.ts';
export { toLetterDocument } from './letters.ts';
export type { BatchCreated, PhotoCheck } from './printing.ts';
export type { BatchView, CardStandingView, CardView, LetterView } from './views.ts';
export type { Actor, Idempotency } from './write-path.ts';

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
  cancelCard(cardId: string, reason: CancelReason): Promise<CardCancelled>;
}

export class LmaService {
  private readonly path: WritePath;
  readonly applicants: ApplicantService;
  readonly cards: CardService;
  readonly coverage: CoverageService;
  readonly printing: PrintingService;
  readonly letters: LetterService;

  constructor(deps: ServiceDeps) {
    this.path = new WritePath(deps);
    this.cards = new CardService(this.path);
    this.applicants = new ApplicantService(this.path, this.cards);
    this.coverage = new CoverageService(this.path);
    this.printing = new PrintingService(this.path, this.cards);
    this.letters = new LetterService(this.path);
  }

  /** The same service reading another clock: for loading demo stories that happened in the past. */
  at(clock: Clock): LmaService {
    const { db, readModel, publicBaseUrl, reception } = this.path;
    return new LmaService({ db, readModel, clock, publicBaseUrl, reception });
  }

  today = (): CalendarDate => this.path.today();
  now = (): Date => this.path.now();
  lookupUrl = (code: string): string => this.path.lookupUrl(code);
  lookupBase = (): string => this.path.lookupBase();
  qrPayload = (code: string): Promise<string> => this.path.qrPayload(code);

  /** The database, for the services beside this one (reads; writes go through writeForApplicant). */
  get database(): Db {
    return this.path.db;
  }

  /** {PUBLIC_BASE_URL} itself: what receipts print as the home of the public keys. */
  get baseUrl(): string {
    return this.path.publicBaseUrl;
  }

  /**
   * One write to an applicant by another service, in the same one transaction as every write here:
   * the applicant locked (version + 1), the change recorded, the read model updated after COMMIT.
   */
  writeForApplicant<T>(
    actor: Actor,
    applicantId: string,
    fn: (a: ApplicantWrite) => Promise<T>,
    idempotency?: Idempotency,
  ): Promise<T> {
    return this.path.write(actor, idempotency, async (w) => {
      const applicant = await this.path.lock(w, applicantId);
      return fn({
        tx: w.tx,
        now: w.now,
        today: w.today,
        applicant,
        history: (action, details) => this.path.history(w, action, applicantId, details),
        cancelCard: (cardId, reason) => this.cards.cancelIn(w, cardId, reason),
      });
    });
  }

  // The aggregate services' methods under the names the doors call.
  registerApplicant: ApplicantService['registerApplicant'] = (...a) =>
    this.applicants.registerApplicant(...a);
  recordPhoto: ApplicantService['recordPhoto'] = (...a) => this.applicants.recordPhoto(...a);
  recordFingerprints: ApplicantService['recordFingerprints'] = (...a) =>
    this.applicants.recordFingerprints(...a);
  findApplicantId: ApplicantService['findApplicantId'] = (...a) => this.applicants.findApplicantId(...a);
  findSpecimenApplicantId: ApplicantService['findSpecimenApplicantId'] = (...a) =>
    this.applicants.findSpecimenApplicantId(...a);
  applicantView: ApplicantService['applicantView'] = (...a) => this.applicants.applicantView(...a);
  markCardProduced: CardService['markCardProduced'] = (...a) => this.cards.markCardProduced(...a);
  handOverCard: CardService['handOverCard'] = (...a) => this.cards.handOverCard(...a);
  registerVisit: CardService['registerVisit'] = (...a) => this.cards.registerVisit(...a);
  cancelCard: CardService['cancelCard'] = (...a) => this.cards.cancelCard(...a);
  cardArtwork: CardService['cardArtwork'] = (...a) => this.cards.cardArtwork(...a);
  registerDecision: CoverageService['registerDecision'] = (...a) => this.coverage.registerDecision(...a);
  revokeDecision: CoverageService['revokeDecision'] = (...a) => this.coverage.revokeDecision(...a);
  setAtUnd: CoverageService['setAtUnd'] = (...a) => this.coverage.setAtUnd(...a);
  createPrintBatch: PrintingService['createPrintBatch'] = (...a) => this.printing.createPrintBatch(...a);
  markBatchPrinted: PrintingService['markBatchPrinted'] = (...a) => this.printing.markBatchPrinted(...a);
  printBatch: PrintingService['printBatch'] = (...a) => this.printing.printBatch(...a);
  openPrintBatches: PrintingService['openPrintBatches'] = (...a) => this.printing.openPrintBatches(...a);
  printBatchPages: PrintingService['printBatchPages'] = (...a) => this.printing.printBatchPages(...a);
  printBatchArtwork: PrintingService['printBatchArtwork'] = (...a) => this.printing.printBatchArtwork(...a);
  advanceLetter: LetterService['advanceLetter'] = (...a) => this.letters.advanceLetter(...a);
  letterDocument: LetterService['letterDocument'] = (...a) => this.letters.letterDocument(...a);
  letterDocumentOf: LetterService['letterDocumentOf'] = (...a) => this.letters.letterDocumentOf(...a);
  letterQueue: LetterService['letterQueue'] = (...a) => this.letters.letterQueue(...a);
  letterView: LetterService['letterView'] = (...a) => this.letters.letterView(...a);
}
