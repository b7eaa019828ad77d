// The lookup's per-instant caches (src/http/public/time-caches.ts): what they return must be what
// formatting the instant afresh returns, across a Swedish midnight, a DST change and a clock that
// goes back (a pinned or manual clock may).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stockholmDate, stockholmTime } from '../../src/domain/calendar.ts';
import { makeInstantCache, makeSecondCache, makeTodayCache } from '../../src/http/public/time-caches.ts';

describe('lookup caches', () => {
  it('the instant: the same millisecond gives the same text; any other, its own', () => {
    const instantOf = makeInstantCache();
    const t = Date.parse('2026-11-23T16:00:00.123Z');
    assert.equal(instantOf(new Date(t)), '2026-11-23T16:00:00.123Z');
    assert.equal(instantOf(new Date(t)), '2026-11-23T16:00:00.123Z');
    assert.equal(instantOf(new Date(t + 1)), '2026-11-23T16:00:00.124Z');
    assert.equal(instantOf(new Date(t - 1000)), '2026-11-23T15:59:59.123Z', 'a clock set back');
  });

  it('the instant is what toISOString gives, for every millisecond of a second and at the edges', () => {
    const instantOf = makeInstantCache();
    const start = Date.parse('2026-12-31T23:59:59.000Z');
    for (let t = start - 5; t <= start + 1005; t++) {
      assert.equal(instantOf(new Date(t)), new Date(t).toISOString());
    }
    for (const t of [0, -1, -999, -1000, -1001, Date.parse('+010000-01-01T00:00:00.007Z'), 8.64e15]) {
      assert.equal(instantOf(new Date(t)), new Date(t).toISOString(), String(t));
    }
  });

  it('R6: today is the Swedish date, also across midnight and both DST changes in 2026', () => {
    const todayOf = makeTodayCache();
    const instants = [
      '2026-03-28T22:59:59.999Z', // 23:59:59 CET
      '2026-03-28T23:00:00.000Z', // 00:00 on the 29th, a 23-hour day
      '2026-03-29T21:59:59.999Z', // 23:59:59 CEST
      '2026-03-29T22:00:00.000Z',
      '2026-10-24T21:59:59.999Z',
      '2026-10-24T22:00:00.000Z', // 00:00 on the 25th, a 25-hour day
      '2026-10-25T22:59:59.999Z',
      '2026-10-25T23:00:00.000Z',
      '2026-10-24T12:00:00.000Z', // a clock set back
    ];
    for (const iso of instants) assert.equal(todayOf(new Date(iso)), stockholmDate(new Date(iso)), iso);
  });

  it('the time of day is formatted once per second and is still right in the next one', () => {
    let calls = 0;
    const timeOf = makeSecondCache((now) => {
      calls++;
      return stockholmTime(now);
    });
    const t = Date.parse('2026-10-25T00:59:59.000Z'); // 02:59:59 CEST, the hour that repeats
    assert.equal(timeOf(new Date(t)), stockholmTime(new Date(t)));
    assert.equal(timeOf(new Date(t + 999)), stockholmTime(new Date(t)));
    assert.equal(calls, 1);
    assert.equal(timeOf(new Date(t + 1000)), stockholmTime(new Date(t + 1000)));
    assert.equal(calls, 2);
  });
});
