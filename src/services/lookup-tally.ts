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
  // Issue 5: any lookup of a specimen (training) card, whatever it demonstrates — never counted as
  // a real valid / not_valid answer.
  'specimen',
] as const;
export type LookupResultLabel = (typeof LOOKUP_RESULTS)[number];

export class LookupTally {
  private counts = new Map<string, number>();

  constructor(private readonly db: Queryable) {}

  add(day: string, result: LookupResultLabel): void {
    const key = `${day}|${result}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Writes what has been counted since the last flush; on failure the counts are kept for the next. */
  async flush(): Promise<number> {
    if (this.counts.size === 0) return 0;
    const taken = this.counts;
    this.counts = new Map();
    const rows: LookupCountRow[] = [...taken].map(([key, count]) => {
      const [day = '', result = ''] = key.split('|');
      return { day, result, count };
    });
    try {
      await addLookupCounts(this.db, rows);
    } catch (error) {
      for (const [key, n] of taken) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
      throw error;
    }
    return rows.length;
  }
}
