// The admin statistics: per Swedish day or month, what happened to cards, letters and lookups, and
// what extending cards instead of making new ones saved (R5: a visit extends the card it is on).

import { addDays, addMonths } from '../domain/calendar.ts';
import { CANCEL_REASONS } from '../domain/card.ts';
import type { Queryable } from '../store/db.ts';
import { type Granularity, queryStatistics } from '../store/ops-store.ts';
import { LOOKUP_RESULTS } from './lookup-tally.ts';

export interface PeriodStatistics {
  period: string;
  cardsOrdered: number;
  cardsProduced: number;
  cardsHandedOver: number;
  cardsCancelled: Record<string, number>;
  extensions: number;
  reminders: number;
  letters: Record<string, number>;
  lookups: Record<string, number>;
  savedSek: number;
}

export interface Statistics {
  from: string;
  to: string;
  by: Granularity;
  cardCostSek: number;
  periods: PeriodStatistics[];
  totals: Omit<PeriodStatistics, 'period'>;
}

const LETTER_KINDS = ['card_ready', 'reminder', 'card_cancelled'] as const;

function emptyPeriod(period: string): PeriodStatistics {
  const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
  return {
    period,
    cardsOrdered: 0,
    cardsProduced: 0,
    cardsHandedOver: 0,
    cardsCancelled: zeros(CANCEL_REASONS),
    extensions: 0,
    reminders: 0,
    letters: zeros(LETTER_KINDS),
    lookups: zeros(LOOKUP_RESULTS),
    savedSek: 0,
  };
}

/** The periods from..to inclusive: days `YYYY-MM-DD` or months `YYYY-MM`. */
export function periodsBetween(from: string, to: string, by: Granularity): string[] {
  const out: string[] = [];
  if (by === 'day') {
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  } else {
    for (let m = `${from.slice(0, 7)}-01`; m.slice(0, 7) <= to.slice(0, 7); m = addMonths(m, 1))
      out.push(m.slice(0, 7));
  }
  return out;
}

export async function buildStatistics(
  db: Queryable,
  query: { from: string; to: string; by: Granularity },
  cardCostSek: number,
): Promise<Statistics> {
  const periods = new Map(periodsBetween(query.from, query.to, query.by).map((p) => [p, emptyPeriod(p)]));
  for (const row of await queryStatistics(db, query.from, query.to, query.by)) {
    const p = periods.get(row.period);
    if (!p) continue;
    const n = Number(row.count);
    if (row.measure === 'ordered') p.cardsOrdered += n;
    else if (row.measure === 'produced') p.cardsProduced += n;
    else if (row.measure === 'handed_over') p.cardsHandedOver += n;
    else if (row.measure === 'cancelled')
      p.cardsCancelled[row.detail] = (p.cardsCancelled[row.detail] ?? 0) + n;
    else if (row.measure === 'extensions') p.extensions += n;
    else if (row.measure === 'letters') p.letters[row.detail] = (p.letters[row.detail] ?? 0) + n;
    else if (row.measure === 'lookups') p.lookups[row.detail] = (p.lookups[row.detail] ?? 0) + n;
  }
  const totals = emptyPeriod('');
  for (const p of periods.values()) {
    p.reminders = p.letters.reminder ?? 0;
    // Every extension kept a card in use that the paper system would have replaced.
    p.savedSek = p.extensions * cardCostSek;
    totals.cardsOrdered += p.cardsOrdered;
    totals.cardsProduced += p.cardsProduced;
    totals.cardsHandedOver += p.cardsHandedOver;
    totals.extensions += p.extensions;
    totals.reminders += p.reminders;
    totals.savedSek += p.savedSek;
    for (const [k, v] of Object.entries(p.cardsCancelled))
      totals.cardsCancelled[k] = (totals.cardsCancelled[k] ?? 0) + v;
    for (const [k, v] of Object.entries(p.letters)) totals.letters[k] = (totals.letters[k] ?? 0) + v;
    for (const [k, v] of Object.entries(p.lookups)) totals.lookups[k] = (totals.lookups[k] ?? 0) + v;
  }
  const { period: _unused, ...totalsWithoutPeriod } = totals;
  return { ...query, cardCostSek, periods: [...periods.values()], totals: totalsWithoutPeriod };
}
