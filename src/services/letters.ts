// The letter queue: what a letter says (R3, R7, R12, R13, R16) and its way queued → printed → sent.

import type { LetterDocument } from '../documents/letter.ts';
import { addDays, stockholmDate } from '../domain/calendar.ts';
import { cardNumber } from '../domain/card.ts';
import { formatPersonalCode } from '../domain/personal-code.ts';
import { standingOn } from '../domain/standing.ts';
import { advanceLetter, findLetter, listQueue, type QueuedLetter } from '../store/document-store.ts';
import type { LetterState } from '../store/record-store.ts';
import { AppError, notFound } from './app-error.ts';
import { issuePersonalCode, toGuardian } from './personal-codes.ts';
import { type LetterView, letterView, truthOf } from './views.ts';
import type { Actor, Idempotency, WritePath } from './write-path.ts';

/** Who prints a letter when nobody else is named: the letter job. */
const LETTER_PRINTER: Actor = { name: 'job:letters', correlationId: null };

/** A letter after a move along the queue; `changed` is false for a harmless repeat. */
export interface LetterAdvanced extends LetterView {
  changed: boolean;
}

export class LetterService {
  constructor(private readonly path: WritePath) {}

  /** Letter queue: queued → printed → sent (an atomic conditional update; a repeat changes nothing). */
  advanceLetter(
    actor: Actor,
    letterId: string,
    to: 'printed' | 'sent',
    idempotency?: Idempotency,
  ): Promise<LetterAdvanced> {
    return this.path.write(actor, idempotency, async (w) => {
      const letter = await findLetter(w.tx, letterId);
      if (!letter) throw notFound('letter');
      const moved = await advanceLetter(w.tx, letterId, to, w.now);
      const now = (await findLetter(w.tx, letterId)) as QueuedLetter;
      // Already there (or past it: a sent letter was printed) is a harmless repeat, not an error.
      const reached = now.state === to || (to === 'printed' && now.state === 'sent');
      if (!moved && !reached) {
        throw new AppError('letter_state', `the letter is ${now.state}; it cannot become ${to}`);
      }
      if (moved) {
        await this.path.history(w, `letter.${to}`, letter.applicantId, { letterId, kind: letter.kind });
      }
      return { ...letterView(now), changed: moved };
    });
  }

  /** What a letter says (R3, R7, R12, R13); null when no such letter. Printing it again is a reprint (R16). */
  async letterDocument(letterId: string, actor: Actor = LETTER_PRINTER): Promise<LetterDocument | null> {
    const l = await findLetter(this.path.db, letterId);
    return l ? this.letterDocumentOf(l, actor) : null;
  }

  /**
   * What a queued letter says. A reminder tells a holder whose AT-UND outlasts the card that the
   * check then shows the card's standing the day it would lapse: "EJ giltigt", without AT-UND (R11, R14).
   */
  async letterDocumentOf(l: QueuedLetter, actor: Actor = LETTER_PRINTER): Promise<LetterDocument> {
    const doc = { ...toLetterDocument(l), reception: this.path.reception };
    if (l.kind === 'card_ready') {
      // R16: every printing of a card-ready letter makes the card a new personal code, voiding the old.
      const code = await issuePersonalCode(this.path, actor, l.cardId, 'holder.code_issued');
      if (!code) return doc;
      return {
        ...(await toGuardian(this.path.db, doc, l)),
        personalCode: formatPersonalCode(code),
        holderPage: `${this.path.publicBaseUrl}/mitt-kort`,
      };
    }
    if (l.kind !== 'reminder' || !l.expiry) return doc;
    const { summary } = await truthOf(this.path.db, l.applicantId);
    const then = standingOn({ state: 'active', validUntil: l.expiry }, summary, addDays(l.expiry, 1));
    return { ...doc, atUndAfterExpiry: then.kind === 'lapsed' && then.atUnd };
  }

  letterQueue(filter: {
    state?: LetterState;
    forwarding?: boolean;
    limit: number;
    after?: string;
  }): Promise<QueuedLetter[]> {
    return listQueue(this.path.db, filter);
  }

  letterView(l: QueuedLetter): LetterView {
    return letterView(l);
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
