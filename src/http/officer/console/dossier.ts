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
import { type ApplicantRecords, readApplicantRecords } from '../../../store/applicant-records.ts';
import type { Applicant } from '../../../store/applicant-store.ts';
import type { CardRecord } from '../../../store/card-store.ts';
import type { Queryable } from '../../../store/db.ts';
import { type HolderReport, listReports } from '../../../store/holder-store.ts';

/** R14: a card's standing today, as the officer sees it, and what the public lookup answers for it. */
export interface CardTruth {
  standing: Standing;
  view: StandingView;
  answer: PublicAnswer;
}

export interface Dossier extends ApplicantRecords {
  /** The one card not cancelled (R3), if any. */
  current: CardRecord | undefined;
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
  const records = await readApplicantRecords(db, id);
  if (!records) return null;
  const { cards } = records;
  const summary = summariseCoverage(records.decisions, records.atUndChanges);
  const open = (await listReports(db, id)).filter((r) => r.closedAt === null);
  const truth = new Map<string, CardTruth>();
  for (const card of cards) {
    const standing = standingOn(card, summary, today);
    truth.set(card.id, { standing, view: standingView(standing), answer: publicAnswerOf(standing) });
  }
  const current = usableCard(cards) as CardRecord | undefined;
  const shown = current ?? [...cards].sort((a, b) => b.serial - a.serial)[0];
  return {
    ...records,
    openReport: open.find((r) => r.cardId === current?.id) ?? null,
    current,
    shown,
    truth,
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
