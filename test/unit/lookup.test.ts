import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stockholmDate } from '../../src/domain/calendar.ts';
import type { CardState } from '../../src/domain/card.ts';
import { type AtUndChange, type Decision, summariseCoverage } from '../../src/domain/coverage.ts';
import { MALFORMED, UNKNOWN } from '../../src/domain/lookup.ts';
import { publicAnswerOn, type StandingCard } from '../../src/domain/standing.ts';

const TODAY = '2026-06-02';
const VALID = { result: 'valid', atUnd: false } as const;
const VALID_AT_UND = { result: 'valid', atUnd: true } as const;
const NOT_VALID = { result: 'not_valid', atUnd: false } as const;
const NOT_VALID_AT_UND = { result: 'not_valid', atUnd: true } as const;

const NOBODY = summariseCoverage([], []);

function decisions(...list: [string, boolean?][]): Decision[] {
  return list.map(([effectiveDate, revoked = false], i) => ({
    id: `d${i}`,
    type: 'rejected',
    effectiveDate,
    revoked,
  }));
}

function atUndGranted(from: string): AtUndChange[] {
  return [{ granted: true, effectiveDate: from, sequence: 1 }];
}

function activeCard(validUntil: string): StandingCard {
  return { state: 'active', validUntil };
}

describe('R11: fixed answers', () => {
  it('R11: unknown and malformed never show AT-UND and cannot be changed', () => {
    assert.deepEqual(UNKNOWN, { result: 'unknown', atUnd: false });
    assert.deepEqual(MALFORMED, { result: 'malformed', atUnd: false });
    assert.ok(Object.isFrozen(UNKNOWN));
    assert.ok(Object.isFrozen(MALFORMED));
  });
});

describe('R6, R11: a card is valid through the end of its last day, Swedish time', () => {
  const summer = activeCard('2026-06-02');
  const winter = activeCard('2026-12-02');
  const cases: [
    card: StandingCard,
    instant: string,
    expected: typeof VALID | typeof NOT_VALID,
    why: string,
  ][] = [
    [summer, '2026-06-02T00:00:00+02:00', VALID, 'at the first minute of its last day'],
    [summer, '2026-06-02T12:00:00+02:00', VALID, 'at noon of its last day'],
    [summer, '2026-06-02T23:59:00+02:00', VALID, 'at 23:59 Stockholm time on its last day (summer)'],
    [summer, '2026-06-02T23:59:59.999+02:00', VALID, 'in the last millisecond of its last day (summer)'],
    [summer, '2026-06-03T00:00:00+02:00', NOT_VALID, 'at midnight after its last day (summer)'],
    [summer, '2026-06-03T00:01:00+02:00', NOT_VALID, 'at 00:01 Stockholm time the day after (summer)'],
    [summer, '2026-06-02T22:30:00Z', NOT_VALID, 'at 22:30 UTC, when the UTC date is still 2 June'],
    [winter, '2026-12-02T23:59:00+01:00', VALID, 'at 23:59 Stockholm time on its last day (winter)'],
    [winter, '2026-12-02T22:59:59Z', VALID, 'at 22:59:59 UTC on its last day (winter)'],
    [winter, '2026-12-03T00:01:00+01:00', NOT_VALID, 'at 00:01 Stockholm time the day after (winter)'],
    [winter, '2026-12-02T23:30:00Z', NOT_VALID, 'at 23:30 UTC, when the UTC date is still 2 December'],
    [activeCard('2026-03-29'), '2026-03-29T21:59:59Z', VALID, 'late on the spring DST change day'],
    [activeCard('2026-03-29'), '2026-03-29T22:00:00Z', NOT_VALID, 'just after the spring DST change day'],
    [
      activeCard('2026-10-25'),
      '2026-10-25T22:59:59Z',
      VALID,
      'in the 25th hour of the autumn DST change day',
    ],
    [activeCard('2026-10-25'), '2026-10-25T23:00:00Z', NOT_VALID, 'just after the autumn DST change day'],
  ];
  for (const [card, instant, expected, why] of cases) {
    it(`R6: a card valid until ${card.validUntil} is ${expected.result} ${why} (${instant})`, () => {
      const today = stockholmDate(new Date(instant));
      assert.deepEqual(publicAnswerOn(card, NOBODY, today), expected);
    });
  }
});

describe('R11: card states', () => {
  it('R11: an active, covered card within its validity is valid', () => {
    assert.deepEqual(publicAnswerOn(activeCard('2026-09-02'), NOBODY, TODAY), VALID);
  });

  it('R11: an active card is valid on its last day and not the day after it expires', () => {
    assert.deepEqual(publicAnswerOn(activeCard(TODAY), NOBODY, TODAY), VALID);
    assert.deepEqual(publicAnswerOn(activeCard('2026-06-01'), NOBODY, TODAY), NOT_VALID);
  });

  it('R11: a lapsed card is not_valid without AT-UND, even while AT-UND is in effect', () => {
    const coverage = summariseCoverage([], atUndGranted('2026-01-01'));
    assert.deepEqual(publicAnswerOn(activeCard('2026-05-01'), coverage, TODAY), NOT_VALID);
  });

  for (const state of ['ordered', 'produced'] as const satisfies readonly CardState[]) {
    it(`R11: a ${state} card (not yet handed over) is not_valid`, () => {
      assert.deepEqual(publicAnswerOn({ state, validUntil: null }, NOBODY, TODAY), NOT_VALID);
    });

    it(`R11: a ${state} card shows no AT-UND, even while AT-UND is in effect`, () => {
      const coverage = summariseCoverage([], atUndGranted('2026-01-01'));
      assert.deepEqual(publicAnswerOn({ state, validUntil: null }, coverage, TODAY), NOT_VALID);
    });
  }

  it('R11: an active card without a validity date is not_valid', () => {
    assert.deepEqual(publicAnswerOn({ state: 'active', validUntil: null }, NOBODY, TODAY), NOT_VALID);
  });

  it('R10, R11: a cancelled card is not_valid, even within its old validity', () => {
    assert.deepEqual(
      publicAnswerOn({ state: 'cancelled', validUntil: '2026-09-02' }, NOBODY, TODAY),
      NOT_VALID,
    );
  });

  it('R11: a cancelled card reveals nothing: no AT-UND even when AT-UND is in effect', () => {
    const coverage = summariseCoverage([], atUndGranted('2026-01-01'));
    assert.deepEqual(
      publicAnswerOn({ state: 'cancelled', validUntil: '2026-09-02' }, coverage, TODAY),
      NOT_VALID,
    );
    assert.deepEqual(publicAnswerOn({ state: 'cancelled', validUntil: null }, coverage, TODAY), NOT_VALID);
  });

  it('R11: a cancelled card reveals nothing about decisions either: same answer with or without one', () => {
    const card = { state: 'cancelled', validUntil: '2026-09-02' } as const;
    const withDecision = summariseCoverage(decisions(['2026-05-01']), atUndGranted('2026-01-01'));
    assert.deepEqual(publicAnswerOn(card, withDecision, TODAY), publicAnswerOn(card, NOBODY, TODAY));
  });
});

describe('R8, R11: decisions in the lookup', () => {
  const card = activeCard('2026-09-02');

  it('R8: a decision effective today makes the card not_valid', () => {
    assert.deepEqual(publicAnswerOn(card, summariseCoverage(decisions([TODAY]), []), TODAY), NOT_VALID);
  });

  it('R8: a future-dated decision leaves the card valid before its effective date and not from it', () => {
    const coverage = summariseCoverage(decisions(['2026-07-01']), []);
    assert.deepEqual(publicAnswerOn(card, coverage, TODAY), VALID);
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-06-30'), VALID);
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-07-01'), NOT_VALID);
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-08-01'), NOT_VALID);
  });

  it('R8: a revoked decision no longer counts: the card is valid again', () => {
    assert.deepEqual(
      publicAnswerOn(card, summariseCoverage(decisions(['2026-05-01']), []), TODAY),
      NOT_VALID,
    );
    assert.deepEqual(
      publicAnswerOn(card, summariseCoverage(decisions(['2026-05-01', true]), []), TODAY),
      VALID,
    );
  });

  it('R8: the earliest of several decisions that are not revoked counts', () => {
    const coverage = summariseCoverage(decisions(['2026-08-01'], ['2026-06-20'], ['2026-06-10', true]), []);
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-06-19'), VALID);
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-06-20'), NOT_VALID);
  });
});

describe('R9, R11: AT-UND in the lookup', () => {
  const card = activeCard('2026-09-02');

  it('R11: a valid card with AT-UND in effect shows both', () => {
    assert.deepEqual(
      publicAnswerOn(card, summariseCoverage([], atUndGranted('2026-03-01')), TODAY),
      VALID_AT_UND,
    );
  });

  it('R11: grounds changed but AT-UND in effect shows not_valid together with AT-UND', () => {
    const coverage = summariseCoverage(
      [{ id: 'd1', type: 'grounds_changed', effectiveDate: '2026-05-15', revoked: false }],
      atUndGranted('2026-03-01'),
    );
    assert.deepEqual(publicAnswerOn(card, coverage, TODAY), NOT_VALID_AT_UND);
  });

  it('R9: AT-UND with a future effective date is not shown before it and is shown from it', () => {
    const coverage = summariseCoverage([], atUndGranted('2026-07-01'));
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-06-30'), VALID);
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-07-01'), VALID_AT_UND);
  });

  it('R9: AT-UND revoked with a later date is shown until the day before and not from it', () => {
    const coverage = summariseCoverage(
      [],
      [
        { granted: true, effectiveDate: '2026-03-01', sequence: 1 },
        { granted: false, effectiveDate: '2026-07-01', sequence: 2 },
      ],
    );
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-06-30'), VALID_AT_UND);
    assert.deepEqual(publicAnswerOn(card, coverage, '2026-07-01'), VALID);
  });

  it('R9: with the same effective date, the later registration (sequence) wins', () => {
    const revokedLast = summariseCoverage(
      [],
      [
        { granted: false, effectiveDate: TODAY, sequence: 2 },
        { granted: true, effectiveDate: TODAY, sequence: 1 },
      ],
    );
    assert.deepEqual(publicAnswerOn(card, revokedLast, TODAY), VALID);
    const grantedLast = summariseCoverage(
      [],
      [
        { granted: true, effectiveDate: TODAY, sequence: 4 },
        { granted: false, effectiveDate: TODAY, sequence: 3 },
      ],
    );
    assert.deepEqual(publicAnswerOn(card, grantedLast, TODAY), VALID_AT_UND);
  });
});
