// R15: purges the personal data of every applicant whose retention period has run out. One
// transaction per applicant, under its row lock: it asks the domain whether the purge is due, empties
// the personal data (store/retention-store.ts), records the tombstone and the history entry (P4),
// appends the change (the outbox, so other instances drop the cards too) and, after COMMIT, drops
// the cards from this instance's read model — they answer `unknown` and read 0x2 in the status lists.

import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../clock.ts';
import { addDays, type CalendarDate, stockholmDate, stockholmDayStart } from '../domain/calendar.ts';
import { summariseCoverage } from '../domain/coverage.ts';
import { isPurgeDue, purgeCutoff, type RetentionFacts, retentionStartOf } from '../domain/retention.ts';
import { listCards } from '../store/card-store.ts';
import { recordChange } from '../store/change-store.ts';
import type { Db, Queryable } from '../store/db.ts';
import { type ApplicantProjection, loadProjection } from '../store/projection-store.ts';
import type { ReadModel } from '../store/read-model.ts';
import { appendHistory, type LetterKind, listAtUndChanges, listDecisions } from '../store/record-store.ts';
import {
  eraseFreedSpace,
  findTombstone,
  listLetterFiles,
  listPurgeCandidates,
  lockPurgeTarget,
  purgeApplicant,
  type Tombstone,
} from '../store/retention-store.ts';
import type { Actor } from './lma-service.ts';

/** The letters of a purged applicant whose files (the letter outbox) are to be removed. */
export type LetterFileRemover = (
  letters: { id: string; kind: LetterKind; forwarding: boolean; dossierNumber: string }[],
) => Promise<void>;

export interface RetentionDeps {
  db: Db;
  readModel: ReadModel;
  clock: Clock;
  /** LMA_RETENTION_MONTHS. */
  months: number;
  /** Removes the applicant's letter files, before the purge commits (the letter job's outbox). */
  removeLetterFiles?: LetterFileRemover;
}

export interface RetentionRunResult {
  today: CalendarDate;
  /** Applicants whose retention period started on or before this day were due. */
  cutoff: CalendarDate;
  purged: number;
}

/** The tombstone's name for a dossier: SHA-256 of its number, hex. */
export function dossierHash(dossierNumber: string): string {
  return createHash('sha256').update(dossierNumber, 'utf8').digest('hex');
}

/** The retention facts of one applicant, read inside the purge's transaction. */
async function retentionFacts(tx: Queryable, applicantId: string): Promise<RetentionFacts> {
  const [decisions, atUnd, cards] = [
    await listDecisions(tx, applicantId),
    await listAtUndChanges(tx, applicantId),
    await listCards(tx, applicantId),
  ];
  return {
    coverageEndsOn: summariseCoverage(decisions, atUnd).coverageEndsOn,
    cards: cards.map((c) => ({
      state: c.state,
      cancelledOn: c.cancelledAt ? stockholmDate(new Date(c.cancelledAt)) : null,
    })),
  };
}

export class Retention {
  constructor(private readonly deps: RetentionDeps) {}

  /** Purges every applicant due today; safe to run again, and on several instances at once. */
  async run(actor: Actor): Promise<RetentionRunResult> {
    const now = this.deps.clock.now();
    const today = stockholmDate(now);
    const cutoff = purgeCutoff(today, this.deps.months);
    const cancelledBefore = new Date(stockholmDayStart(addDays(cutoff, 1)));
    let purged = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await listPurgeCandidates(this.deps.db, cutoff, cancelledBefore, after, 100);
      if (ids.length === 0) break;
      for (const id of ids) {
        if (await this.purgeIfDue(id, now, today, actor)) purged++;
        // The embedded database answers on this thread: let lookups in between applicants.
        await nextTurn();
      }
      after = ids[ids.length - 1] as string;
    }
    if (purged > 0 && this.deps.db.kind === 'embedded') await eraseFreedSpace(this.deps.db);
    return { today, cutoff, purged };
  }

  /** The tombstone of a dossier number, when it was purged. */
  tombstoneOf(dossierNumber: string): Promise<Tombstone | null> {
    return findTombstone(this.deps.db, dossierHash(dossierNumber));
  }

  /** One applicant, in one transaction; false when not due, a specimen, or purged already. */
  private async purgeIfDue(id: string, now: Date, today: CalendarDate, actor: Actor): Promise<boolean> {
    const { db, months, readModel, removeLetterFiles } = this.deps;
    const projection = await db.transaction(async (tx): Promise<ApplicantProjection | null> => {
      const target = await lockPurgeTarget(tx, id);
      if (!target || target.specimen) return null;
      const facts = await retentionFacts(tx, id);
      const endedOn = retentionStartOf(facts);
      if (endedOn === null || !isPurgeDue(facts, today, months)) return null;
      if (removeLetterFiles) {
        const letters = await listLetterFiles(tx, id);
        await removeLetterFiles(letters.map((l) => ({ ...l, dossierNumber: target.dossierNumber })));
      }
      const needles = {
        id: target.id,
        dossierNumber: target.dossierNumber,
        personalIdentityNumber: target.personalIdentityNumber,
        name: target.name,
      };
      const version = await purgeApplicant(
        tx,
        {
          applicantId: id,
          dossierHash: dossierHash(target.dossierNumber),
          purgedAt: now,
          purgedBy: actor.name,
          endedOn,
          retentionMonths: months,
        },
        needles,
      );
      await appendHistory(tx, {
        at: now,
        actor: actor.name,
        action: 'applicant.purged',
        applicantId: id,
        details: { endedOn, retentionMonths: months },
        correlationId: actor.correlationId,
      });
      await recordChange(tx, id, version, now);
      return loadProjection(tx, id);
    });
    if (!projection) return false;
    readModel.apply(projection);
    return true;
  }
}
