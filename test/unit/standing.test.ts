import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stockholmDate } from '../../src/domain/calendar.ts';
import {
  type AtUndChange,
  DECISION_TYPES,
  type Decision,
  type DecisionType,
  summariseCoverage,
} from '../../src/domain/coverage.ts';
import { publicAnswerOf, publicAnswerOn, type StandingCard, standingOn } from '../../src/domain/standing.ts';

const TODAY = '2026-06-02';
const VALID = { result: 'valid', atUnd: false } as const;
const VALID_AT_UND = { result: 'valid', atUnd: true } as const;
const NOT_VALID = { result: 'not_valid', atUnd: false } as const;
const NOT_VALID_AT_UND = { result: 'not_valid', atUnd: true } as const;

const active = (validUntil: string): StandingCard => ({ state: 'active', validUntil });
const decision = (type: DecisionType, effectiveDate: string, revoked = false, id = 'd1'): Decision => ({
  id,
  type,
  effectiveDate,
  revoked,
});
const granted = (from: string, sequence = 1): AtUndChange => ({
  granted: true,
  effectiveDate: from,
  sequence,
});
const revoked = (from: string, sequence = 2): AtUndChange => ({
  granted: false,
  effectiveDate: from,
  sequence,
});

/** Both ways to the answer agree: the lookup's hot path and the officer's standing. */
function answer(card: StandingCard, decisions: Decision[], atUnd: AtUndChange[], today = TODAY) {
  const coverage = summariseCoverage(decisions, atUnd);
  const viaStanding = publicAnswerOf(standingOn(card, coverage, today));
  assert.deepEqual(publicAnswerOn(card, coverage, today), viaStanding);
  return viaStanding;
}

describe('R11, R14: every row of the table', () => {
  it('R11 row "valid": active, covered, today ≤ valid-until → valid, AT-UND as in effect', () => {
    assert.deepEqual(answer(active('2026-09-02'), [], []), VALID);
    assert.deepEqual(answer(active('2026-09-02'), [], [granted('2026-01-01')]), VALID_AT_UND);
    assert.deepEqual(standingOn(active('2026-09-02'), summariseCoverage([], []), TODAY), {
      kind: 'valid',
      atUnd: false,
      until: '2026-09-02',
    });
  });

  it('R11 row "lapsed": not renewed in time → not_valid, AT-UND false even while it is in effect', () => {
    assert.deepEqual(answer(active('2026-05-31'), [], []), NOT_VALID);
    assert.deepEqual(answer(active('2026-05-31'), [], [granted('2026-01-01')]), NOT_VALID);
    assert.deepEqual(
      standingOn(active('2026-05-31'), summariseCoverage([], [granted('2026-01-01')]), TODAY),
      {
        kind: 'lapsed',
        atUnd: true,
        since: '2026-06-01',
      },
    );
  });

  it('R11 row "grounds_changed while AT-UND is in effect" → not_valid with AT-UND', () => {
    const card = active('2026-09-02');
    assert.deepEqual(
      answer(card, [decision('grounds_changed', '2026-05-15')], [granted('2026-01-01')]),
      NOT_VALID_AT_UND,
    );
    assert.deepEqual(
      standingOn(
        card,
        summariseCoverage([decision('grounds_changed', '2026-05-15')], [granted('2026-01-01')]),
        TODAY,
      ),
      { kind: 'ended', atUnd: true, since: '2026-05-15', decisionType: 'grounds_changed' },
    );
  });

  it('R11: grounds_changed without AT-UND in effect → not_valid without AT-UND', () => {
    assert.deepEqual(
      answer(active('2026-09-02'), [decision('grounds_changed', '2026-05-15')], []),
      NOT_VALID,
    );
    assert.deepEqual(
      answer(
        active('2026-09-02'),
        [decision('grounds_changed', '2026-05-15')],
        [granted('2026-01-01'), revoked('2026-05-20')],
      ),
      NOT_VALID,
    );
  });

  for (const type of DECISION_TYPES.filter((t) => t !== 'grounds_changed')) {
    it(`R11 row "ended by another decision": ${type} → not_valid, AT-UND false even while it is in effect`, () => {
      assert.deepEqual(answer(active('2026-09-02'), [decision(type, '2026-05-15')], []), NOT_VALID);
      assert.deepEqual(
        answer(active('2026-09-02'), [decision(type, '2026-05-15')], [granted('2026-01-01')]),
        NOT_VALID,
      );
      assert.deepEqual(
        standingOn(active('2026-09-02'), summariseCoverage([decision(type, TODAY)], []), TODAY),
        {
          kind: 'ended',
          atUnd: false,
          since: TODAY,
          decisionType: type,
        },
      );
    });
  }

  for (const state of ['ordered', 'produced'] as const) {
    it(`R11 row "not yet handed over": ${state} → not_valid, AT-UND false even while it is in effect`, () => {
      const card = { state, validUntil: null };
      assert.deepEqual(answer(card, [], [granted('2026-01-01')]), NOT_VALID);
      assert.deepEqual(
        answer(card, [decision('grounds_changed', '2026-05-15')], [granted('2026-01-01')]),
        NOT_VALID,
      );
      assert.deepEqual(standingOn(card, summariseCoverage([], []), TODAY), {
        kind: 'not_yet_active',
        atUnd: false,
      });
    });
  }

  for (const reason of ['lost', 'stolen', 'damaged', 'biodata_changed'] as const) {
    it(`R11 row "cancelled" (${reason}) → not_valid, nothing more, whatever else is true`, () => {
      const card: StandingCard = { state: 'cancelled', validUntil: '2026-09-02', cancelReason: reason };
      assert.deepEqual(answer(card, [], [granted('2026-01-01')]), NOT_VALID);
      assert.deepEqual(
        answer(card, [decision('grounds_changed', '2026-05-15')], [granted('2026-01-01')]),
        NOT_VALID,
      );
      assert.equal(standingOn(card, summariseCoverage([], []), TODAY).kind, 'cancelled');
      assert.deepEqual(standingOn(card, summariseCoverage([], []), TODAY), {
        kind: 'cancelled',
        atUnd: false,
        reason,
      });
    });
  }
});

describe('R16: a card its holder reported lost or stolen', () => {
  it('is suspended → not_valid without AT-UND, whatever else is true, until the report is closed', () => {
    const card: StandingCard = { state: 'active', validUntil: '2026-09-02', suspended: true };
    assert.deepEqual(answer(card, [], []), NOT_VALID);
    assert.deepEqual(answer(card, [], [granted('2026-01-01')]), NOT_VALID);
    assert.deepEqual(
      answer(card, [decision('grounds_changed', '2026-05-15')], [granted('2026-01-01')]),
      NOT_VALID,
    );
    assert.deepEqual(standingOn(card, summariseCoverage([], [granted('2026-01-01')]), TODAY), {
      kind: 'suspended',
      atUnd: true,
    });
    assert.deepEqual(answer({ ...card, suspended: false }, [], [granted('2026-01-01')]), VALID_AT_UND);
  });

  it('a cancelled card stays cancelled when it was also reported', () => {
    const card: StandingCard = {
      state: 'cancelled',
      validUntil: '2026-09-02',
      cancelReason: 'stolen',
      suspended: true,
    };
    assert.equal(standingOn(card, summariseCoverage([], []), TODAY).kind, 'cancelled');
  });
});

describe('R14: which standing wins', () => {
  it('a decision in effect wins over a lapse: grounds_changed with AT-UND still shows AT-UND', () => {
    const card = active('2026-05-01');
    const decisions = [decision('grounds_changed', '2026-05-20')];
    assert.deepEqual(answer(card, decisions, [granted('2026-01-01')]), NOT_VALID_AT_UND);
    assert.deepEqual(answer(card, decisions, [granted('2026-01-01')], '2026-05-19'), NOT_VALID);
    assert.equal(standingOn(card, summariseCoverage(decisions, []), '2026-05-19').kind, 'lapsed');
  });

  it('two decisions from the same day: the one that shows less wins (no AT-UND)', () => {
    const both = [
      decision('grounds_changed', '2026-05-15', false, 'a'),
      decision('rejected', '2026-05-15', false, 'b'),
    ];
    assert.deepEqual(answer(active('2026-09-02'), both, [granted('2026-01-01')]), NOT_VALID);
    assert.deepEqual(answer(active('2026-09-02'), [...both].reverse(), [granted('2026-01-01')]), NOT_VALID);
  });

  it('the earliest decision decides the type: grounds_changed before a later rejection', () => {
    const decisions = [
      decision('rejected', '2026-07-01', false, 'b'),
      decision('grounds_changed', '2026-05-15', false, 'a'),
    ];
    assert.deepEqual(answer(active('2026-09-02'), decisions, [granted('2026-01-01')]), NOT_VALID_AT_UND);
    assert.deepEqual(
      answer(active('2026-09-02'), decisions, [granted('2026-01-01')], '2026-07-02'),
      NOT_VALID_AT_UND,
    );
  });
});

describe('R8: future-dated and revoked decisions', () => {
  it('a future-dated decision leaves the card valid (with AT-UND) until its effective date', () => {
    const decisions = [decision('rejected', '2026-07-01')];
    assert.deepEqual(answer(active('2026-09-02'), decisions, [granted('2026-01-01')]), VALID_AT_UND);
    assert.deepEqual(
      answer(active('2026-09-02'), decisions, [granted('2026-01-01')], '2026-06-30'),
      VALID_AT_UND,
    );
    assert.deepEqual(
      answer(active('2026-09-02'), decisions, [granted('2026-01-01')], '2026-07-01'),
      NOT_VALID,
    );
  });

  it('a revoked (deleted) decision no longer ends coverage: valid again, AT-UND shows again', () => {
    const live = [decision('rejected', '2026-05-15')];
    const gone = [decision('rejected', '2026-05-15', true)];
    assert.deepEqual(answer(active('2026-09-02'), live, [granted('2026-01-01')]), NOT_VALID);
    assert.deepEqual(answer(active('2026-09-02'), gone, [granted('2026-01-01')]), VALID_AT_UND);
    assert.equal(standingOn(active('2026-09-02'), summariseCoverage(gone, []), TODAY).kind, 'valid');
  });

  it('a revoked grounds_changed leaves a later rejection to end coverage without AT-UND', () => {
    const decisions = [
      decision('grounds_changed', '2026-05-15', true, 'a'),
      decision('rejected', '2026-05-20', false, 'b'),
    ];
    assert.deepEqual(answer(active('2026-09-02'), decisions, [granted('2026-01-01')]), NOT_VALID);
    assert.deepEqual(standingOn(active('2026-09-02'), summariseCoverage(decisions, []), TODAY), {
      kind: 'ended',
      atUnd: false,
      since: '2026-05-20',
      decisionType: 'rejected',
    });
  });
});

describe('R9: AT-UND granted or revoked on the day', () => {
  const ended = [decision('grounds_changed', '2026-05-15')];

  it('granted today: shows from today, not yesterday', () => {
    assert.deepEqual(answer(active('2026-09-02'), [], [granted(TODAY)]), VALID_AT_UND);
    assert.deepEqual(answer(active('2026-09-02'), [], [granted(TODAY)], '2026-06-01'), VALID);
    assert.deepEqual(answer(active('2026-09-02'), ended, [granted(TODAY)]), NOT_VALID_AT_UND);
    assert.deepEqual(answer(active('2026-09-02'), ended, [granted(TODAY)], '2026-06-01'), NOT_VALID);
  });

  it('revoked today: gone from today, shown yesterday', () => {
    const changes = [granted('2026-01-01', 1), revoked(TODAY, 2)];
    assert.deepEqual(answer(active('2026-09-02'), ended, changes), NOT_VALID);
    assert.deepEqual(answer(active('2026-09-02'), ended, changes, '2026-06-01'), NOT_VALID_AT_UND);
  });

  it('granted and revoked on the same day: the later registration wins', () => {
    assert.deepEqual(answer(active('2026-09-02'), ended, [granted(TODAY, 1), revoked(TODAY, 2)]), NOT_VALID);
    assert.deepEqual(
      answer(active('2026-09-02'), ended, [revoked(TODAY, 1), granted(TODAY, 2)]),
      NOT_VALID_AT_UND,
    );
  });
});

describe('R6, R14: the day turns at midnight in Stockholm', () => {
  const cases: [validUntil: string, instant: string, kind: 'valid' | 'lapsed'][] = [
    ['2026-06-02', '2026-06-02T23:59:59.999+02:00', 'valid'],
    ['2026-06-02', '2026-06-02T22:00:00Z', 'lapsed'],
    ['2026-12-02', '2026-12-02T22:59:59Z', 'valid'],
    ['2026-12-02', '2026-12-02T23:00:00Z', 'lapsed'],
    ['2026-03-29', '2026-03-29T21:59:59Z', 'valid'],
    ['2026-03-29', '2026-03-29T22:00:00Z', 'lapsed'],
    ['2026-10-25', '2026-10-25T22:59:59Z', 'valid'],
    ['2026-10-25', '2026-10-25T23:00:00Z', 'lapsed'],
  ];
  for (const [validUntil, instant, kind] of cases) {
    it(`a card valid until ${validUntil} is ${kind} at ${instant}`, () => {
      const today = stockholmDate(new Date(instant));
      const s = standingOn(active(validUntil), summariseCoverage([], [granted('2026-01-01')]), today);
      assert.equal(s.kind, kind);
      assert.deepEqual(publicAnswerOf(s), kind === 'valid' ? VALID_AT_UND : NOT_VALID);
    });
  }

  it('a decision effective on a day ends coverage at that midnight, Stockholm time (DST day)', () => {
    const decisions = [decision('grounds_changed', '2026-10-26')];
    const before = stockholmDate(new Date('2026-10-25T22:59:59Z'));
    const after = stockholmDate(new Date('2026-10-25T23:00:00Z'));
    assert.deepEqual(answer(active('2026-12-01'), decisions, [], before), VALID);
    assert.deepEqual(
      answer(active('2026-12-01'), decisions, [granted('2026-01-01')], after),
      NOT_VALID_AT_UND,
    );
  });
});

describe('R14: the hot path and the standing never disagree', () => {
  it('over every state, validity, decision, AT-UND timeline and day', () => {
    const days = ['2026-05-14', '2026-05-15', '2026-06-01', '2026-06-02', '2026-06-03', '2026-07-01'];
    const cards: StandingCard[] = [
      { state: 'ordered', validUntil: null },
      { state: 'produced', validUntil: null },
      { state: 'active', validUntil: null },
      active('2026-06-01'),
      active('2026-06-02'),
      { state: 'cancelled', validUntil: '2026-09-02', cancelReason: 'lost' },
      { state: 'active', validUntil: '2026-06-02', suspended: true },
      { state: 'produced', validUntil: null, suspended: true },
    ];
    const decisionSets: Decision[][] = [[]];
    for (const type of DECISION_TYPES)
      for (const date of ['2026-05-15', '2026-06-02', '2026-07-01'])
        for (const rev of [false, true]) decisionSets.push([decision(type, date, rev)]);
    const atUndSets: AtUndChange[][] = [
      [],
      [granted('2026-05-15')],
      [granted('2026-01-01'), revoked('2026-06-02')],
      [granted('2026-06-02', 1), revoked('2026-06-02', 2)],
    ];
    let seen = 0;
    for (const card of cards)
      for (const ds of decisionSets)
        for (const us of atUndSets)
          for (const day of days) {
            const result = answer(card, ds, us, day);
            if (result.result === 'not_valid' && result.atUnd) {
              const s = standingOn(card, summariseCoverage(ds, us), day);
              assert.equal(s.kind === 'ended' && s.decisionType, 'grounds_changed');
              seen++;
            }
          }
    assert.ok(seen > 0);
  });
});
