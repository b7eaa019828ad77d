// R16: the holder's own view. The card's code and its personal code open, for one request, what the
// holder may know of their card (its answer, its dates, AT-UND, their letters) and let them report it
// lost or stolen, which stops it at once (R14: suspended) until an officer confirms or lifts the report.
// Guessing is held off per card (claimed before each check, in one statement) and per client (http).

import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { type CalendarDate, stockholmDate } from '../domain/calendar.ts';
import { parseCardCode } from '../domain/card-code.ts';
import { summariseCoverage } from '../domain/coverage.ts';
import { parsePersonalCode } from '../domain/personal-code.ts';
import { type PublicAnswer, publicAnswerOf, standingOn } from '../domain/standing.ts';
import { findCardById } from '../store/card-store.ts';
import type { Db } from '../store/db.ts';
import {
  claimHolderAttempt,
  clearHolderAttempts,
  closeReport,
  findHolderCard,
  findOpenReport,
  type HolderCard,
  type HolderReport,
  listReports,
  openReport,
  type ReportReason,
} from '../store/holder-store.ts';
import type { LetterKind } from '../store/record-store.ts';
import { listAtUndChanges, listDecisions, listLetters } from '../store/record-store.ts';
import { AppError, notFound } from './app-error.ts';
import type { CardCancelled } from './cards.ts';
import type { Actor, Idempotency, LmaService } from './lma-service.ts';
import { personalCodeMatches } from './personal-codes.ts';

/** Wrong personal codes checked per card in a window, and how long the card's page is locked after. */
export interface HolderPolicy {
  maxAttempts: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_HOLDER_POLICY: HolderPolicy = { maxAttempts: 5, windowMs: 3_600_000, lockMs: 3_600_000 };

/** Who the history names for what the holder did themselves (never who they are: that is the card). */
export const HOLDER_ACTOR: Actor = { name: 'holder', correlationId: null };

export interface HolderView {
  /** What the lookup answers for the card now (R11, R14), in its words. */
  answer: PublicAnswer;
  /** The card's last valid day, while it is handed over and not cancelled. */
  validUntil: CalendarDate | null;
  /** The last day a visit keeps the card valid without a gap; null when no visit would. */
  visitBy: CalendarDate | null;
  /** An open report: the card is stopped until an officer confirms or lifts it. */
  report: { reason: ReportReason; reportedAt: string } | null;
  letters: { kind: LetterKind; date: CalendarDate; state: string }[];
  cancelled: boolean;
}

/** An officer's answer to a report; a confirmed one carries the cancelled card and its successor (R10). */
export type ReportClosed = { changed: boolean; cardId: string } & Partial<CardCancelled>;

export class HolderService {
  constructor(
    private readonly db: Db,
    private readonly lma: LmaService,
    private readonly clock: Clock,
    private readonly policy: HolderPolicy = DEFAULT_HOLDER_POLICY,
  ) {}

  /**
   * The card the two codes open, or: 400 naming the field that cannot be a code; 401 for a wrong
   * personal code, a card without one, no such card and a locked card alike (the answer does not tell).
   */
  async open(codeInput: string, personalCodeInput: string): Promise<HolderCard> {
    const parsed = parseCardCode(codeFromScan(codeInput));
    if (!parsed.ok) throw new AppError('validation', 'code is not an LMA card code', 'code');
    const personal = parsePersonalCode(personalCodeInput);
    if (personal === null)
      throw new AppError('validation', 'personalCode is not a personal code (XXXXX-XXXXX)', 'personalCode');
    const card = await findHolderCard(this.db, parsed.code);
    const claimed =
      card?.hash != null &&
      (await claimHolderAttempt(
        this.db,
        card.cardId,
        this.policy.maxAttempts,
        this.policy.windowMs,
        this.policy.lockMs,
        this.clock.now(),
      ));
    // The hash is worked out whether or not there is one to compare with.
    const right = personalCodeMatches(card?.salt ?? null, claimed ? (card?.hash ?? null) : null, personal);
    if (!card || !claimed || !right) throw wrongCodes();
    await clearHolderAttempts(this.db, card.cardId);
    return card;
  }

  /** What the holder sees of their card (P5: personal data leave the officer side only here). */
  async view(card: HolderCard): Promise<HolderView> {
    const today = stockholmDate(this.clock.now());
    const [record, decisions, atUnd, letters, report] = [
      await findCardById(this.db, card.cardId),
      await listDecisions(this.db, card.applicantId),
      await listAtUndChanges(this.db, card.applicantId),
      await listLetters(this.db, card.applicantId),
      await findOpenReport(this.db, card.cardId),
    ];
    if (!record) throw notFound('card');
    const coverage = summariseCoverage(decisions, atUnd);
    const standing = standingOn(record, coverage, today);
    const active = record.state === 'active' ? record.validUntil : null;
    const visitKeepsIt =
      standing.kind === 'valid' &&
      (coverage.coverageEndsOn === null || coverage.coverageEndsOn > standing.until);
    return {
      answer: publicAnswerOf(standing),
      validUntil: active,
      visitBy: visitKeepsIt ? active : null,
      report:
        report && record.state !== 'cancelled'
          ? { reason: report.reason, reportedAt: report.reportedAt }
          : null,
      letters: letters
        .filter((l) => l.cardId === card.cardId)
        .map((l) => ({ kind: l.kind, date: stockholmDate(new Date(l.createdAt)), state: l.state })),
      cancelled: record.state === 'cancelled',
    };
  }

  /**
   * R16: the holder reports the card lost or stolen. It is suspended in the same transaction that
   * records the report, and every lookup answers "not valid" once it commits (the read model before
   * the reply here; other instances through the change table). A second report changes nothing.
   */
  async report(card: HolderCard, reason: ReportReason): Promise<void> {
    await this.lma.writeForApplicant(HOLDER_ACTOR, card.applicantId, async (w) => {
      const current = await findCardById(w.tx, card.cardId);
      if (!current || current.state === 'cancelled') return;
      const opened = await openReport(w.tx, {
        id: randomUUID(),
        cardId: card.cardId,
        applicantId: card.applicantId,
        reason,
        at: w.now,
      });
      if (opened) await w.history('card.reported_by_holder', { cardId: card.cardId, reason });
    });
  }

  /**
   * An officer confirms the report: the card is cancelled with the reported reason and a new card is
   * ordered (R10). Idempotent: with no open report, nothing changes and `changed` is false.
   */
  confirmReport(actor: Actor, cardId: string, idempotency?: Idempotency): Promise<ReportClosed> {
    return this.closeAs(actor, cardId, 'confirmed', idempotency);
  }

  /** An officer lifts a report made by mistake: the card answers as before. Idempotent. */
  liftReport(actor: Actor, cardId: string, idempotency?: Idempotency): Promise<ReportClosed> {
    return this.closeAs(actor, cardId, 'lifted', idempotency);
  }

  private async closeAs(
    actor: Actor,
    cardId: string,
    outcome: 'confirmed' | 'lifted',
    idempotency?: Idempotency,
  ): Promise<ReportClosed> {
    const peek = await findCardById(this.db, cardId);
    if (!peek) throw notFound('card');
    return this.lma.writeForApplicant(
      actor,
      peek.applicantId,
      async (w): Promise<ReportClosed> => {
        const closed = await closeReport(w.tx, cardId, outcome, actor.name, w.now);
        if (!closed) return { changed: false, cardId };
        await w.history(outcome === 'confirmed' ? 'card.report_confirmed' : 'card.report_lifted', {
          cardId,
          reason: closed.reason,
        });
        const card = await findCardById(w.tx, cardId);
        if (outcome === 'confirmed' && card && card.state !== 'cancelled') {
          const cancelled = await w.cancelCard(cardId, closed.reason);
          return { changed: true, cardId, ...cancelled };
        }
        return { changed: true, cardId };
      },
      idempotency,
    );
  }

  reportsOf(applicantId: string): Promise<HolderReport[]> {
    return listReports(this.db, applicantId);
  }
}

/**
 * What a phone's camera gives for the card's QR code (C2: `{PUBLIC_BASE_URL}/K/{CODE}`, maybe with the
 * status-list entry after it) is taken as the code it carries; anything else is read as typed.
 */
export function codeFromScan(input: string): string {
  const m = /^\s*https?:\/\/[^/\s]+(?:\/[^\s]*)?\/k\/([0-9A-Za-z-]{13,20})(?:[/?#][^\s]*)?\s*$/i.exec(input);
  return m ? (m[1] as string) : input;
}

function wrongCodes(): AppError {
  return new AppError(
    'wrong_codes',
    'the card code and personal code do not match; after 5 wrong tries the card is locked for an hour',
  );
}
