// P3: lookups are counted per Swedish day and result in memory, and added to `lookup_counts` every
// minute and at shutdown. Nothing else about a lookup is kept: no code, no address, no time of day.

import type { Queryable } from '../store/db.ts';
import { addLookupCounts, type LookupCountRow } from '../store/ops-store.ts';

export const LOOKUP_RESULTS = [
  'valid',
  'not_valid',
  'unknown',
  'malformed',
  'rate_limited',
  'unavailable',
  // Any lookup of a specimen (training) card, whatever it demonstrates — never counted as
  // a real valid / not_valid answer.
  'specimen',
] as const;
export type LookupResultLabel = (typeof LOOKUP_RESULTS)[number];

/** A result's place in LOOKUP_RESULTS: where counters kept in arrays (here, LookupMeter) count it. */
export const LOOKUP_RESULT_INDEX = Object.fromEntries(LOOKUP_RESULTS.map((r, i) => [r, i])) as Record<
  LookupResultLabel,
  number
>;

export class LookupTally {
  /** The day being counted now, in an array by result: counting one lookup allocates nothing. */
  private day = '';
  private today = new Float64Array(LOOKUP_RESULTS.length);
  /** Other days' counts not yet written (a day that ended since the last flush, or a failed flush). */
  private held = new Map<string, number>();

  constructor(private readonly db: Queryable) {}

  add(day: string, result: LookupResultLabel): void {
    if (day !== this.day) this.switchTo(day);
    const i = LOOKUP_RESULT_INDEX[result];
    this.today[i] = (this.today[i] ?? 0) + 1;
  }

  private switchTo(day: string): void {
    this.hold(this.day, this.today);
    this.day = day;
    this.today = new Float64Array(LOOKUP_RESULTS.length);
  }

  private hold(day: string, counts: Float64Array): void {
    counts.forEach((n, i) => {
      if (n === 0) return;
      const key = `${day}|${LOOKUP_RESULTS[i]}`;
      this.held.set(key, (this.held.get(key) ?? 0) + n);
    });
  }

  /** Writes what has been counted since the last flush; on failure the counts are kept for the next. */
  async flush(): Promise<number> {
    this.switchTo(this.day);
    if (this.held.size === 0) return 0;
    const taken = this.held;
    this.held = new Map();
    const rows: LookupCountRow[] = [...taken].map(([key, count]) => {
      const [day = '', result = ''] = key.split('|');
      return { day, result, count };
    });
    try {
      await addLookupCounts(this.db, rows);
    } catch (error) {
      for (const [key, n] of taken) this.held.set(key, (this.held.get(key) ?? 0) + n);
      throw error;
    }
    return rows.length;
  }
}
