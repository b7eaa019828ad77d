// P3: lookups are counted per Swedish day and result and written every minute; a failed write keeps
// the counts for the next one, and a day that ends between two writes keeps its own counts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LookupTally } from '../../src/services/lookup-tally.ts';
import type { Queryable } from '../../src/store/db.ts';

/** A database that records what lookup_counts was given, and fails when told to. */
function countsTable() {
  const written: { day: string; result: string; count: number }[] = [];
  let failNext = false;
  const db = {
    async query(_sql: string, params: unknown[]) {
      if (failNext) {
        failNext = false;
        throw new Error('connection lost');
      }
      const [days, results, counts] = params as [string[], string[], number[]];
      days.forEach((day, i) => {
        written.push({ day, result: results[i] as string, count: counts[i] as number });
      });
      return { rows: [], rowCount: 0 };
    },
  } as unknown as Queryable;
  return { db, written, failNext: () => (failNext = true) };
}

/** A tally on a fresh counts table, given these lookups: `[day, result]` each. */
function tallyOf(...lookups: [day: string, result: Parameters<LookupTally['add']>[1]][]) {
  const table = countsTable();
  const tally = new LookupTally(table.db);
  for (const [day, result] of lookups) tally.add(day, result);
  return { table, tally };
}

const sorted = (rows: { day: string; result: string; count: number }[]) =>
  [...rows].sort((a, b) => `${a.day}${a.result}`.localeCompare(`${b.day}${b.result}`));

describe('LookupTally (P3)', () => {
  it('writes counts per day and result, then nothing until there is more', async () => {
    const { table: t, tally } = tallyOf(
      ['2026-11-23', 'valid'],
      ['2026-11-23', 'valid'],
      ['2026-11-23', 'not_valid'],
      ['2026-11-23', 'specimen'],
    );
    assert.equal(await tally.flush(), 3);
    assert.deepEqual(sorted(t.written), [
      { day: '2026-11-23', result: 'not_valid', count: 1 },
      { day: '2026-11-23', result: 'specimen', count: 1 },
      { day: '2026-11-23', result: 'valid', count: 2 },
    ]);
    assert.equal(await tally.flush(), 0, 'nothing new, nothing written');
  });

  it('a day that ends between two writes keeps its counts apart from the next day', async () => {
    const { table: t, tally } = tallyOf(
      ['2026-11-23', 'valid'],
      ['2026-11-24', 'valid'],
      ['2026-11-24', 'unknown'],
    );
    await tally.flush();
    assert.deepEqual(sorted(t.written), [
      { day: '2026-11-23', result: 'valid', count: 1 },
      { day: '2026-11-24', result: 'unknown', count: 1 },
      { day: '2026-11-24', result: 'valid', count: 1 },
    ]);
  });

  it('a failed write loses nothing: the counts go out with the next write, added to what came since', async () => {
    const { table: t, tally } = tallyOf(['2026-11-23', 'malformed'], ['2026-11-23', 'malformed']);
    t.failNext();
    await assert.rejects(tally.flush(), /connection lost/);
    assert.deepEqual(t.written, []);
    tally.add('2026-11-23', 'malformed');
    await tally.flush();
    assert.deepEqual(t.written, [{ day: '2026-11-23', result: 'malformed', count: 3 }]);
  });
});
