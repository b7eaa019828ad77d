import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  addMonths,
  ageOn,
  daysBetween,
  daysInMonth,
  isCalendarDate,
  maxDate,
  stockholmDate,
  stockholmDayStart,
  stockholmTime,
} from '../../src/domain/calendar.ts';

const HOUR = 3_600_000;

describe('addMonths (R4, R5: calendar months the way a person counts them)', () => {
  const cases: [from: string, months: number, expected: string, why: string][] = [
    ['2026-06-02', 3, '2026-09-02', 'an ordinary day keeps its day number'],
    ['2026-11-30', 3, '2027-02-28', '30 Nov + 3 months ends on the last day of a non-leap February'],
    ['2027-11-30', 3, '2028-02-29', '30 Nov + 3 months ends on 29 Feb in a leap year'],
    ['2027-11-29', 3, '2028-02-29', '29 Nov + 3 months is 29 Feb in a leap year'],
    ['2026-11-29', 3, '2027-02-28', '29 Nov + 3 months is clamped to 28 Feb in a non-leap year'],
    ['2026-01-31', 3, '2026-04-30', '31 Jan + 3 months is clamped to 30 Apr'],
    ['2028-02-29', 3, '2028-05-29', 'the leap day + 3 months keeps day 29'],
    ['2026-08-31', 3, '2026-11-30', '31 Aug + 3 months is clamped to 30 Nov'],
    ['2026-10-15', 3, '2027-01-15', 'the year rolls over from October'],
    ['2026-12-31', 3, '2027-03-31', 'the year rolls over from 31 December'],
    ['2026-12-01', 1, '2027-01-01', 'December + 1 month is January next year'],
    ['2026-11-30', 12, '2027-11-30', 'twelve months is one year'],
    ['2028-02-29', 12, '2029-02-28', 'the leap day + 12 months is clamped to 28 Feb'],
    ['2026-06-02', 0, '2026-06-02', 'zero months changes nothing'],
    ['2026-05-31', -3, '2026-02-28', 'negative months go back and clamp too'],
    ['2026-03-15', -3, '2025-12-15', 'negative months roll the year back'],
    ['2026-01-31', -1, '2025-12-31', '-1 month from January is December of the year before'],
    ['2028-05-31', -3, '2028-02-29', 'negative months land on a leap day'],
    ['2026-02-28', -14, '2024-12-28', 'more than a year back'],
  ];
  for (const [from, months, expected, why] of cases) {
    it(`R4: ${from} + ${months} months is ${expected} (${why})`, () => {
      assert.equal(addMonths(from, months), expected);
    });
  }

  it('throws on something that is not a calendar date', () => {
    assert.throws(() => addMonths('2026-6-2', 3), /not a calendar date/);
    assert.throws(() => addMonths('02/06/2026', 3), /not a calendar date/);
  });
});

describe('addDays, daysBetween, daysInMonth, maxDate', () => {
  const addCases: [string, number, string][] = [
    ['2026-06-02', 14, '2026-06-16'],
    ['2026-12-25', 7, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-06-02', 0, '2026-06-02'],
  ];
  for (const [from, days, expected] of addCases) {
    it(`${from} + ${days} days is ${expected}`, () => {
      assert.equal(addDays(from, days), expected);
    });
  }

  it('counts whole calendar days between two dates, across both DST changes', () => {
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
    assert.equal(daysBetween('2026-10-24', '2026-10-26'), 2);
    assert.equal(daysBetween('2026-01-01', '2027-01-01'), 365);
    assert.equal(daysBetween('2028-01-01', '2029-01-01'), 366);
    assert.equal(daysBetween('2026-06-16', '2026-06-02'), -14);
    assert.equal(daysBetween('2026-06-02', '2026-06-02'), 0);
  });

  it('knows the length of each month, including February in leap and non-leap years', () => {
    const lengths2026 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    lengths2026.forEach((len, i) => {
      assert.equal(daysInMonth(2026, i + 1), len, `month ${i + 1}`);
    });
    assert.equal(daysInMonth(2028, 2), 29);
    assert.equal(daysInMonth(2000, 2), 29);
    assert.equal(daysInMonth(2100, 2), 28);
  });

  it('maxDate returns the later of two ISO dates whichever order they come in', () => {
    assert.equal(maxDate('2026-06-02', '2026-09-02'), '2026-09-02');
    assert.equal(maxDate('2026-09-02', '2026-06-02'), '2026-09-02');
    assert.equal(maxDate('2026-06-02', '2026-06-02'), '2026-06-02');
    assert.equal(maxDate('2026-12-31', '2027-01-01'), '2027-01-01');
  });
});

describe('isCalendarDate', () => {
  const good = ['2026-06-02', '2028-02-29', '2000-02-29', '1900-01-01', '2999-12-31', '2026-04-30'];
  const bad = [
    '2026-02-29',
    '2100-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-06-00',
    '1899-12-31',
    '3000-01-01',
    '2026-6-2',
    '20260602',
    '2026-06-02T00:00:00Z',
    ' 2026-06-02',
    '',
  ];
  for (const value of good) {
    it(`accepts ${value}`, () => assert.equal(isCalendarDate(value), true));
  }
  for (const value of bad) {
    it(`refuses ${JSON.stringify(value)}`, () => assert.equal(isCalendarDate(value), false));
  }
});

describe('ageOn (birthdays count; 29 Feb birthdays turn over on 1 Mar in non-leap years)', () => {
  const cases: [birth: string, day: string, age: number, why: string][] = [
    ['2010-06-02', '2026-06-01', 15, 'the day before the 16th birthday'],
    ['2010-06-02', '2026-06-02', 16, 'on the 16th birthday'],
    ['2010-06-02', '2026-06-03', 16, 'the day after the 16th birthday'],
    ['2010-12-31', '2026-01-01', 15, 'early in the year of a late birthday'],
    ['2010-01-01', '2025-12-31', 15, 'the last day before a New Year birthday'],
    ['2010-01-01', '2026-01-01', 16, 'on a New Year birthday'],
    ['2008-02-29', '2024-02-29', 16, 'a leap-day birthday in a leap year'],
    ['2008-02-29', '2024-02-28', 15, 'the day before a leap-day birthday in a leap year'],
    ['2008-02-29', '2025-02-28', 16, 'a 29 Feb birthday has not turned over on 28 Feb of a non-leap year'],
    ['2008-02-29', '2025-03-01', 17, 'a 29 Feb birthday turns over on 1 Mar of a non-leap year'],
    ['2026-06-02', '2026-06-02', 0, 'the day of birth'],
  ];
  for (const [birth, day, age, why] of cases) {
    it(`someone born ${birth} is ${age} on ${day} (${why})`, () => {
      assert.equal(ageOn(birth, day), age);
    });
  }
});

describe('stockholmDate (R6: calendar dates are Swedish dates)', () => {
  const cases: [instant: string, date: string, time: string, why: string][] = [
    ['2026-01-15T22:59:59Z', '2026-01-15', '23:59:59', 'winter: one second before Swedish midnight'],
    ['2026-01-15T23:00:00Z', '2026-01-16', '00:00:00', 'winter: Swedish midnight is 23:00 UTC'],
    ['2026-06-02T21:59:59Z', '2026-06-02', '23:59:59', 'summer: one second before Swedish midnight'],
    ['2026-06-02T22:00:00Z', '2026-06-03', '00:00:00', 'summer: Swedish midnight is 22:00 UTC'],
    ['2026-06-02T23:30:00Z', '2026-06-03', '01:30:00', 'summer: the UTC date lags the Swedish one'],
    // Spring forward: Sunday 29 March 2026, 02:00 CET → 03:00 CEST (01:00 UTC).
    ['2026-03-28T22:59:59Z', '2026-03-28', '23:59:59', 'the evening before the spring change, still CET'],
    [
      '2026-03-28T23:00:00Z',
      '2026-03-29',
      '00:00:00',
      'midnight on the day of the spring change is 23:00 UTC',
    ],
    ['2026-03-29T00:59:59Z', '2026-03-29', '01:59:59', 'the last CET second of the spring change'],
    ['2026-03-29T01:00:00Z', '2026-03-29', '03:00:00', 'clocks jump from 02:00 to 03:00'],
    ['2026-03-29T21:59:59Z', '2026-03-29', '23:59:59', 'the end of the spring change day, now CEST'],
    ['2026-03-29T22:00:00Z', '2026-03-30', '00:00:00', 'the day after the spring change starts at 22:00 UTC'],
    // Fall back: Sunday 25 October 2026, 03:00 CEST → 02:00 CET (01:00 UTC).
    ['2026-10-24T21:59:59Z', '2026-10-24', '23:59:59', 'the evening before the autumn change, still CEST'],
    [
      '2026-10-24T22:00:00Z',
      '2026-10-25',
      '00:00:00',
      'midnight on the day of the autumn change is 22:00 UTC',
    ],
    ['2026-10-25T00:59:59Z', '2026-10-25', '02:59:59', 'the last CEST second of the autumn change'],
    ['2026-10-25T01:00:00Z', '2026-10-25', '02:00:00', 'clocks go back from 03:00 to 02:00'],
    ['2026-10-25T22:59:59Z', '2026-10-25', '23:59:59', 'the end of the 25-hour autumn change day, now CET'],
    ['2026-10-25T23:00:00Z', '2026-10-26', '00:00:00', 'the day after the autumn change starts at 23:00 UTC'],
    ['2026-12-31T22:59:59Z', '2026-12-31', '23:59:59', 'the last second of the year in Sweden'],
    ['2026-12-31T23:00:00Z', '2027-01-01', '00:00:00', 'New Year in Sweden while it is still 2026 in UTC'],
  ];
  for (const [instant, date, time, why] of cases) {
    it(`R6: ${instant} is ${time} on ${date} in Stockholm (${why})`, () => {
      const at = new Date(instant);
      assert.equal(stockholmDate(at), date);
      assert.equal(stockholmTime(at), time);
    });
  }

  it('R6: an instant written with a Swedish offset reads back as that Swedish date', () => {
    assert.equal(stockholmDate(new Date('2026-06-02T23:59:00+02:00')), '2026-06-02');
    assert.equal(stockholmDate(new Date('2026-06-03T00:01:00+02:00')), '2026-06-03');
    assert.equal(stockholmDate(new Date('2026-12-02T23:59:00+01:00')), '2026-12-02');
    assert.equal(stockholmDate(new Date('2026-12-03T00:01:00+01:00')), '2026-12-03');
  });
});

describe('stockholmDayStart (R6: the first instant of a Swedish day)', () => {
  const cases: [date: string, start: string, why: string][] = [
    ['2026-01-15', '2026-01-14T23:00:00.000Z', 'a winter day starts at 23:00 UTC the day before'],
    ['2026-06-02', '2026-06-01T22:00:00.000Z', 'a summer day starts at 22:00 UTC the day before'],
    ['2026-03-29', '2026-03-28T23:00:00.000Z', 'the spring change day starts in CET'],
    ['2026-03-30', '2026-03-29T22:00:00.000Z', 'the day after the spring change starts in CEST'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z', 'the autumn change day starts in CEST'],
    ['2026-10-26', '2026-10-25T23:00:00.000Z', 'the day after the autumn change starts in CET'],
    ['2027-01-01', '2026-12-31T23:00:00.000Z', 'New Year'],
    ['2028-02-29', '2028-02-28T23:00:00.000Z', 'a leap day'],
  ];
  for (const [date, start, why] of cases) {
    it(`R6: ${date} starts at ${start} (${why})`, () => {
      const ms = stockholmDayStart(date);
      assert.equal(new Date(ms).toISOString(), start);
      assert.equal(stockholmDate(new Date(ms)), date);
      assert.equal(stockholmTime(new Date(ms)), '00:00:00');
      assert.equal(stockholmDate(new Date(ms - 1)), addDays(date, -1));
    });
  }

  const lengths: [date: string, hours: number, why: string][] = [
    ['2026-01-15', 24, 'an ordinary winter day'],
    ['2026-06-02', 24, 'an ordinary summer day'],
    ['2026-03-28', 24, 'the day before the spring change'],
    ['2026-03-29', 23, 'the spring change day loses an hour'],
    ['2026-03-30', 24, 'the day after the spring change'],
    ['2026-10-24', 24, 'the day before the autumn change'],
    ['2026-10-25', 25, 'the autumn change day gains an hour'],
    ['2026-10-26', 24, 'the day after the autumn change'],
  ];
  for (const [date, hours, why] of lengths) {
    it(`R6: ${date} is ${hours} hours long (${why})`, () => {
      assert.equal(stockholmDayStart(addDays(date, 1)) - stockholmDayStart(date), hours * HOUR);
    });
  }

  it('R6: every day of 2026 and 2027 starts exactly at Swedish midnight', () => {
    let day = '2026-01-01';
    while (day < '2028-01-01') {
      const ms = stockholmDayStart(day);
      assert.equal(stockholmDate(new Date(ms)), day);
      assert.equal(stockholmDate(new Date(ms - 1)), addDays(day, -1));
      day = addDays(day, 1);
    }
  });
});
