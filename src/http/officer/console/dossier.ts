// Everything the console shows about one applicant, read through the store's query functions and
// summarised by the domain (coverage R8, AT-UND R9, each card's standing R14) for "today".

import type { CalendarDate } from '../../../domain/calendar.ts';
import { usableCard } from '../../../domain/card.ts';
import { isAtUndInEffect, isCovered, summariseCoverage } from '../../../domain/coverage.ts';
import {
  type PublicAnswer,
  publicAnswerOf,
  type Standing,
  type StandingView,
  standingOn,
  standingView,
} from '../../../domain/standing.ts';
import { type Applicant, findApplicantById } from '../../../store/applicant-store.ts';
import { type CardRecord, listCards } from '../../../store/card-store.ts';
import type { Queryable } from '../../../store/db.ts';
import { type HolderReport, listReports } from '../../../store/holder-store.ts';
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
} from '../../../store/record-store.ts';

/** R14: a card's standing today, as the officer sees it, and what the public lookup answers for it. */
export interface CardTruth {
  standing: Standing;
  view: StandingView;
  answer: PublicAnswer;
}

export interface Dossier {
  applicant: Applicant;
  cards: CardRecord[];
  /** The one card not cancelled (R3), if any. */
  current: CardRecord | undefined;
  decisions: DecisionRecord[];
  atUndChanges: AtUndRecord[];
  visits: VisitRecord[];
  letters: LetterRecord[];
  history: HistoryEntry[];
  covered: boolean;
  atUnd: boolean;
  /** Each card's standing and public answer, by card id. */
  truth: Map<string, CardTruth>;
  /** R16: the holder's report that stops the current card, while no officer has confirmed or lifted it. */
  openReport: HolderReport | null;
  /** The card the banner speaks of: the current one, else the last cancelled one; none without cards. */
  shown: CardRecord | undefined;
  today: CalendarDate;
}

export async function loadDossier(db: Queryable, id: string, today: CalendarDate): Promise<Dossier | null> {
  const applicant = await findApplicantById(db, id);
  if (!applicant) return null;
  const cards = await listCards(db, id);
  const decisions = await listDecisions(db, id);
  const atUndChanges = await listAtUndChanges(db, id);
  const summary = summariseCoverage(decisions, atUndChanges);
  const open = (await listReports(db, id)).filter((r) => r.closedAt === null);
  const truth = new Map<string, CardTruth>();
  for (const card of cards) {
    const standing = standingOn(card, summary, today);
    truth.set(card.id, { standing, view: standingView(standing), answer: publicAnswerOf(standing) });
  }
  const current = usableCard(cards) as CardRecord | undefined;
  const shown = current ?? [...cards].sort((a, b) => b.serial - a.serial)[0];
  return {
    openReport: open.find((r) => r.cardId === current?.id) ?? null,
    applicant,
    cards,
    current,
    shown,
    truth,
    decisions,
    atUndChanges,
    visits: await listVisits(db, id),
    letters: await listLetters(db, id),
    history: await listHistory(db, id),
    covered: isCovered(summary, today),
    atUnd: isAtUndInEffect(summary, today),
    today,
  };
}

/** XXXX-XXXX-XXXX-C, as printed on the card's back (C1). */
export function groupedCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`;
}

export const fullName = (a: Pick<Applicant, 'givenName' | 'familyName'>) => `${a.givenName} ${a.familyName}`;
