import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays } from '../../src/domain/calendar.ts';
import type { CardState } from '../../src/domain/card.ts';
import { summariseCoverage } from '../../src/domain/coverage.ts';
import { isReminderDue, REMINDER_DAYS_BEFORE, reminderHorizon } from '../../src/domain/reminders.ts';

const EXPIRY = '2026-06-16';
const COVERED = summariseCoverage([], []);

describe('R7: reminderHorizon', () => {
  it('R7: a reminder is due 14 days ahead', () => {
    assert.equal(REMINDER_DAYS_BEFORE, 14);
  });

  const cases: [string, string][] = [
    ['2026-06-02', '2026-06-16'],
    ['2026-12-25', '2027-01-08'],
    ['2028-02-20', '2028-03-05'],
    ['2027-02-20', '2027-03-06'],
    ['2026-03-20', '2026-04-03'],
  ];
  for (const [today, horizon] of cases) {
    it(`R7: on ${today}, cards ending on or before ${horizon} are due`, () => {
      assert.equal(reminderHorizon(today), horizon);
    });
  }
});

describe('R7: isReminderDue', () => {
  const card = { state: 'active', validUntil: EXPIRY } as const;
  const cases: [daysBeforeExpiry: number, due: boolean, why: string][] = [
    [30, false, 'a month before'],
    [15, false, '15 days before'],
    [14, true, 'exactly 14 days before'],
    [13, true, '13 days before'],
    [7, true, 'a week before'],
    [1, true, 'the day before'],
    [0, true, 'on the expiry day itself (still valid through its end, R6)'],
    [-1, false, 'the day after expiry'],
    [-30, false, 'long after expiry'],
  ];
  for (const [before, due, why] of cases) {
    const today = addDays(EXPIRY, -before);
    it(`R7: an active card valid until ${EXPIRY} is ${due ? '' : 'not '}due a reminder on ${today} (${why})`, () => {
      assert.equal(isReminderDue(card, COVERED, today), due);
    });
  }

  it('R7: the 14-day window works across a month and a year boundary', () => {
    assert.equal(isReminderDue({ state: 'active', validUntil: '2027-01-05' }, COVERED, '2026-12-22'), true);
    assert.equal(isReminderDue({ state: 'active', validUntil: '2027-01-05' }, COVERED, '2026-12-21'), false);
    assert.equal(isReminderDue({ state: 'active', validUntil: '2026-03-01' }, COVERED, '2026-02-15'), true);
    assert.equal(isReminderDue({ state: 'active', validUntil: '2026-03-01' }, COVERED, '2026-02-14'), false);
  });

  for (const state of ['ordered', 'produced', 'cancelled'] as const satisfies readonly CardState[]) {
    it(`R7: a ${state} card is never due a reminder, even inside the window`, () => {
      assert.equal(isReminderDue({ state, validUntil: EXPIRY }, COVERED, addDays(EXPIRY, -7)), false);
      assert.equal(isReminderDue({ state, validUntil: EXPIRY }, COVERED, EXPIRY), false);
      assert.equal(isReminderDue({ state, validUntil: null }, COVERED, addDays(EXPIRY, -7)), false);
    });
  }

  it('R7: an active card without a validity date is not due', () => {
    assert.equal(isReminderDue({ state: 'active', validUntil: null }, COVERED, EXPIRY), false);
  });

  it('R5, R7: after an extension the card leaves the window, and a later reminder can come for the new expiry', () => {
    const today = '2026-06-10';
    assert.equal(isReminderDue({ state: 'active', validUntil: EXPIRY }, COVERED, today), true);
    const extended = { state: 'active', validUntil: '2026-09-10' } as const;
    assert.equal(isReminderDue(extended, COVERED, today), false);
    assert.equal(isReminderDue(extended, COVERED, '2026-08-27'), true);
  });

  it('R7, R14: no reminder when a decision ends coverage on or before the card’s last day', () => {
    const card = { state: 'active', validUntil: EXPIRY } as const;
    const today = addDays(EXPIRY, -7);
    const decided = (effectiveDate: string, revoked = false) =>
      summariseCoverage([{ id: 'd', type: 'rejected', effectiveDate, revoked }], []);
    assert.equal(isReminderDue(card, decided(today), today), false, 'coverage already ended');
    assert.equal(isReminderDue(card, decided(EXPIRY), today), false, 'coverage ends on its last day');
    assert.equal(isReminderDue(card, decided(addDays(EXPIRY, 1)), today), true, 'the card lapses first');
    assert.equal(
      isReminderDue(card, decided(today, true), today),
      true,
      'a revoked decision no longer counts',
    );
  });
});
