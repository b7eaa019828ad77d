// LMA coverage: decisions that end it (R8) and AT-UND (R9). Each answer carries what the applicant's
// current card answers a verifier after the change (R14).

import { randomUUID } from 'node:crypto';
import type { CalendarDate } from '../domain/calendar.ts';
import {
  changeAtUnd,
  type DecisionType,
  decide,
  isAtUndInEffect,
  revokeDecision,
} from '../domain/coverage.ts';
import {
  findDecisionById,
  insertAtUndChange,
  insertDecision,
  markDecisionRevoked,
} from '../store/record-store.ts';
import { fromDomain, notFound } from './app-error.ts';
import { type CurrentCardTruth, currentCardTruth, truthOf } from './views.ts';
import type { Actor, Idempotency, WritePath } from './write-path.ts';

export interface DecisionAnswer extends CurrentCardTruth {
  id: string;
  type: DecisionType;
  effectiveDate: CalendarDate;
  revoked: boolean;
}

export interface AtUndAnswer extends CurrentCardTruth {
  id: string;
  granted: boolean;
  effectiveDate: CalendarDate;
  atUndToday: boolean;
}

export class CoverageService {
  constructor(private readonly path: WritePath) {}

  /** R8: a decision ends coverage from its effective date (default today; may be in the future). */
  registerDecision(
    actor: Actor,
    applicantId: string,
    input: { type: DecisionType; effectiveDate?: CalendarDate },
    idempotency?: Idempotency,
  ): Promise<DecisionAnswer> {
    return this.path.write(actor, idempotency, async (w) => {
      await this.path.lock(w, applicantId);
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
      await this.path.history(w, 'decision.registered', applicantId, { decisionId: id, ...d });
      return {
        id,
        type: d.type,
        effectiveDate: d.effectiveDate,
        revoked: false,
        ...(await currentCardTruth(w.tx, applicantId, w.today)),
      };
    });
  }

  /** R8: revoking a decision (e.g. overturned on appeal) resumes coverage. */
  revokeDecision(actor: Actor, decisionId: string, idempotency?: Idempotency): Promise<DecisionAnswer> {
    return this.path.write(actor, idempotency, async (w) => {
      const peek = await findDecisionById(w.tx, decisionId);
      if (!peek) throw notFound('decision');
      await this.path.lock(w, peek.applicantId);
      const decision = (await findDecisionById(w.tx, decisionId)) as NonNullable<typeof peek>;
      const outcome = revokeDecision(decision);
      if (!outcome.ok) throw fromDomain(outcome.error);
      await markDecisionRevoked(w.tx, decisionId, w.now, w.actor.name);
      await this.path.history(w, 'decision.revoked', decision.applicantId, {
        decisionId,
        type: decision.type,
      });
      return {
        id: decisionId,
        type: decision.type,
        effectiveDate: decision.effectiveDate,
        revoked: true,
        ...(await currentCardTruth(w.tx, decision.applicantId, w.today)),
      };
    });
  }

  /** R9: AT-UND granted or revoked with an effective date, independently of coverage. */
  setAtUnd(
    actor: Actor,
    applicantId: string,
    input: { granted: boolean; effectiveDate?: CalendarDate },
    idempotency?: Idempotency,
  ): Promise<AtUndAnswer> {
    return this.path.write(actor, idempotency, async (w) => {
      const applicant = await this.path.lock(w, applicantId);
      const outcome = changeAtUnd(applicant.birthDate, input.granted, input.effectiveDate, w.today);
      if (!outcome.ok) throw fromDomain(outcome.error);
      const id = randomUUID();
      await insertAtUndChange(w.tx, { id, applicantId, ...outcome.change, at: w.now, by: w.actor.name });
      await this.path.history(w, input.granted ? 'at_und.granted' : 'at_und.revoked', applicantId, {
        changeId: id,
        effectiveDate: outcome.change.effectiveDate,
      });
      const { summary } = await truthOf(w.tx, applicantId);
      return {
        id,
        ...outcome.change,
        atUndToday: isAtUndInEffect(summary, w.today),
        ...(await currentCardTruth(w.tx, applicantId, w.today)),
      };
    });
  }
}
