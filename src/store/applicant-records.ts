// Everything recorded about one applicant, as the officer's views read it: the applicant, their cards,
// decisions, AT-UND changes, visits, letters and history.

import { type Applicant, findApplicantById } from './applicant-store.ts';
import { type CardRecord, listCards } from './card-store.ts';
import type { Queryable } from './db.ts';
import {
  type AtUndRecord,
  type DecisionRecord,
  type HistoryEntry,
  type LetterRecord,
  listAtUndChanges,
  listDecisions,
  listHistory,
  listLetters,
  listVisits,
  type VisitRecord,
} from './record-store.ts';

export interface ApplicantRecords {
  applicant: Applicant;
  cards: CardRecord[];
  decisions: DecisionRecord[];
  atUndChanges: AtUndRecord[];
  visits: VisitRecord[];
  letters: LetterRecord[];
  history: HistoryEntry[];
}

/** The applicant's records, each list in its store's order; null when there is no such applicant. */
export async function readApplicantRecords(db: Queryable, id: string): Promise<ApplicantRecords | null> {
  const applicant = await findApplicantById(db, id);
  if (!applicant) return null;
  return {
    applicant,
    cards: await listCards(db, id),
    decisions: await listDecisions(db, id),
    atUndChanges: await listAtUndChanges(db, id),
    visits: await listVisits(db, id),
    letters: await listLetters(db, id),
    history: await listHistory(db, id),
  };
}
