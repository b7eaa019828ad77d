// The daily jobs run at 04:00 Swedish time (R6, R7), whatever the season.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextDailyRun } from '../../src/jobs/scheduler.ts';

describe('nextDailyRun', () => {
  const cases: [string, string, string][] = [
    ['before 04:00, the same day', '2026-06-02T03:59:00+02:00', '2026-06-02T02:00:00.000Z'],
    ['at 04:00, the next day', '2026-06-02T04:00:00+02:00', '2026-06-03T02:00:00.000Z'],
    ['in winter (UTC+1)', '2026-01-15T12:00:00+01:00', '2026-01-16T03:00:00.000Z'],
    ['across the spring DST change (29 March 2026)', '2026-03-28T12:00:00+01:00', '2026-03-29T02:00:00.000Z'],
    [
      'across the autumn DST change (25 October 2026)',
      '2026-10-24T12:00:00+02:00',
      '2026-10-25T03:00:00.000Z',
    ],
  ];
  for (const [name, now, expected] of cases) {
    it(name, () => assert.equal(nextDailyRun(new Date(now)).toISOString(), expected));
  }
});
