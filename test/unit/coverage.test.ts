import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AT_UND_MIN_AGE,
  type AtUndChange,
  atUndTimeline,
  changeAtUnd,
  coverageEndsOn,
  DECISION_TYPES,
  type Decision,
  type DecisionType,
  decide,
  isAtUndInEffect,
  isCovered,
  revokeDecision,
  summariseCoverage,
} from '../../src/domain/coverage.ts';

const TODAY = '2026-06-02';

let nextId = 0;
function decision(effectiveDate: string, revoked = false, type: DecisionType = 'rejected'): Decision {
  nextId++;
  return { id: `d${nextId}`, type, effectiveDate, revoked };
}

function covered(decisions: Decision[], day: string): boolean {
  return isCovered(summariseCoverage(decisions, []), day);
}

function atUnd(changes: AtUndChange[], day: string): boolean {
  return isAtUndInEffect(summariseCoverage([], changes), day);
}

describe('R8: decisions end LMA coverage', () => {
  it('R8: the decision types are rejected, permit_granted, grounds_changed, withdrawn and left_country', () => {
    assert.deepEqual(
      [...DECISION_TYPES],
      ['rejected', 'permit_granted', 'grounds_changed', 'withdrawn', 'left_country'],
    );
  });

  it('R8: with no decisions the applicant is covered', () => {
    assert.equal(coverageEndsOn([]), null);
    assert.equal(covered([], TODAY), true);
  });

  for (const type of DECISION_TYPES) {
    it(`R8: a ${type} decision ends coverage from its effective date`, () => {
      const d = [decision('2026-06-02', false, type)];
      assert.equal(coverageEndsOn(d), '2026-06-02');
      assert.equal(covered(d, '2026-06-01'), true);
      assert.equal(covered(d, '2026-06-02'), false);
      assert.equal(covered(d, '2026-06-03'), false);
    });
  }

  it('R8: a future-dated decision leaves coverage until the day before it takes effect', () => {
    const d = [decision('2026-07-01')];
    assert.equal(covered(d, TODAY), true);
    assert.equal(covered(d, '2026-06-30'), true);
    assert.equal(covered(d, '2026-07-01'), false);
  });

  it('R8: a revoked decision ends nothing: coverage resumes', () => {
    const d = [decision('2026-05-01', true)];
    assert.equal(coverageEndsOn(d), null);
    assert.equal(covered(d, TODAY), true);
  });

  it('R8: the earliest of several decisions that are not revoked counts', () => {
    const d = [decision('2026-08-01'), decision('2026-06-15'), decision('2026-07-01')];
    assert.equal(coverageEndsOn(d), '2026-06-15');
    assert.equal(covered(d, '2026-06-14'), true);
    assert.equal(covered(d, '2026-06-15'), false);
  });

  it('R8: a revoked earlier decision does not count; the earliest remaining one does', () => {
    const d = [decision('2026-05-01', true), decision('2026-07-01'), decision('2026-06-10', true)];
    assert.equal(coverageEndsOn(d), '2026-07-01');
    assert.equal(covered(d, TODAY), true);
    assert.equal(covered(d, '2026-07-01'), false);
  });

  it('R8: when every decision is revoked, coverage resumes entirely', () => {
    const d = [decision('2026-05-01', true), decision('2026-06-01', true, 'left_country')];
    assert.equal(coverageEndsOn(d), null);
    assert.equal(covered(d, '2030-01-01'), true);
  });

  it('R8: a decision takes effect today unless dated otherwise', () => {
    assert.deepEqual(decide('withdrawn', undefined, TODAY), { type: 'withdrawn', effectiveDate: TODAY });
    assert.deepEqual(decide('rejected', '2026-07-01', TODAY), {
      type: 'rejected',
      effectiveDate: '2026-07-01',
    });
    assert.deepEqual(decide('left_country', '2026-05-20', TODAY), {
      type: 'left_country',
      effectiveDate: '2026-05-20',
    });
  });

  it('R8: revoking a decision marks it revoked and leaves the original untouched', () => {
    const d = decision('2026-06-01');
    const result = revokeDecision(d);
    assert.ok(result.ok);
    assert.deepEqual(result.decision, { ...d, revoked: true });
    assert.equal(d.revoked, false);
  });

  it('R8: a decision cannot be revoked twice', () => {
    const result = revokeDecision(decision('2026-06-01', true));
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'decision_already_revoked');
  });
});

describe('R9: AT-UND timeline', () => {
  const cases: [name: string, changes: AtUndChange[], inEffect: Record<string, boolean>][] = [
    ['R9: with no changes AT-UND is not in effect', [], { [TODAY]: false }],
    [
      'R9: AT-UND granted today is in effect today and not the day before',
      [{ granted: true, effectiveDate: TODAY, sequence: 1 }],
      { '2026-06-01': false, [TODAY]: true, '2027-01-01': true },
    ],
    [
      'R9: AT-UND granted from a future date is not in effect before it',
      [{ granted: true, effectiveDate: '2026-07-01', sequence: 1 }],
      { [TODAY]: false, '2026-06-30': false, '2026-07-01': true },
    ],
    [
      'R9: AT-UND revoked with a later date stays in effect until the day before the revocation',
      [
        { granted: true, effectiveDate: '2026-03-01', sequence: 1 },
        { granted: false, effectiveDate: '2026-07-01', sequence: 2 },
      ],
      { '2026-02-28': false, [TODAY]: true, '2026-06-30': true, '2026-07-01': false },
    ],
  ];
  for (const [name, changes, inEffect] of cases) {
    it(name, () => {
      for (const [date, expected] of Object.entries(inEffect))
        assert.equal(atUnd(changes, date), expected, date);
    });
  }

  it('R9: changes are ordered by effective date, not by registration', () => {
    // Registered first: revoke from 1 July. Registered later: grant back-dated to 1 March.
    const changes = [
      { granted: false, effectiveDate: '2026-07-01', sequence: 1 },
      { granted: true, effectiveDate: '2026-03-01', sequence: 2 },
    ];
    assert.deepEqual(atUndTimeline(changes), [
      { from: '2026-03-01', granted: true },
      { from: '2026-07-01', granted: false },
    ]);
    assert.equal(atUnd(changes, TODAY), true);
    assert.equal(atUnd(changes, '2026-07-01'), false);
  });

  it('R9: with the same effective date the later registration wins, whatever order they arrive in', () => {
    const grantThenRevoke = [
      { granted: true, effectiveDate: TODAY, sequence: 1 },
      { granted: false, effectiveDate: TODAY, sequence: 2 },
    ];
    assert.equal(atUnd(grantThenRevoke, TODAY), false);
    assert.equal(atUnd([...grantThenRevoke].reverse(), TODAY), false);

    const revokeThenGrant = [
      { granted: false, effectiveDate: TODAY, sequence: 7 },
      { granted: true, effectiveDate: TODAY, sequence: 9 },
    ];
    assert.equal(atUnd(revokeThenGrant, TODAY), true);
    assert.equal(atUnd([...revokeThenGrant].reverse(), TODAY), true);
  });

  it('R9: the timeline does not mutate its input', () => {
    const changes = [
      { granted: false, effectiveDate: '2026-07-01', sequence: 1 },
      { granted: true, effectiveDate: '2026-03-01', sequence: 2 },
    ];
    const copy = structuredClone(changes);
    atUndTimeline(changes);
    assert.deepEqual(changes, copy);
  });

  it('R9: AT-UND is independent of coverage', () => {
    const summary = summariseCoverage(
      [decision('2026-05-01', false, 'grounds_changed')],
      [{ granted: true, effectiveDate: '2026-04-01', sequence: 1 }],
    );
    assert.equal(isCovered(summary, TODAY), false);
    assert.equal(isAtUndInEffect(summary, TODAY), true);
  });
});

describe('R9: changeAtUnd (granted from the 16th birthday; revoked at any age)', () => {
  it('R9: the minimum age is 16', () => {
    assert.equal(AT_UND_MIN_AGE, 16);
  });

  const cases: [
    birth: string,
    granted: boolean,
    effective: string | undefined,
    today: string,
    ok: boolean,
    why: string,
  ][] = [
    ['2010-06-03', true, undefined, '2026-06-02', false, 'granting today, the day before the 16th birthday'],
    ['2010-06-02', true, undefined, '2026-06-02', true, 'granting today, on the 16th birthday'],
    ['2010-06-03', true, '2026-06-02', '2026-06-02', false, 'effective the day before the 16th birthday'],
    [
      '2010-06-03',
      true,
      '2026-06-03',
      '2026-06-02',
      true,
      'effective on the 16th birthday, registered the day before',
    ],
    ['2010-06-02', true, '2026-05-01', '2026-06-02', false, 'back-dated to before the 16th birthday'],
    ['1990-01-01', true, undefined, '2026-06-02', true, 'an adult'],
    [
      '2012-02-29',
      true,
      '2028-02-28',
      '2028-02-28',
      false,
      'born 29 Feb: 28 Feb of the 16th year (a leap year)',
    ],
    ['2012-02-29', true, '2028-02-29', '2028-02-28', true, 'born 29 Feb: on the 16th birthday, 29 Feb 2028'],
    ['2084-02-29', true, '2100-02-28', '2100-01-01', false, 'born 29 Feb: 28 Feb 2100 (not a leap year)'],
    ['2084-02-29', true, '2100-03-01', '2100-01-01', true, 'born 29 Feb: 1 Mar 2100 (not a leap year)'],
    ['2020-01-01', false, undefined, '2026-06-02', true, 'revoking for a child'],
    ['2010-06-03', false, '2026-06-02', '2026-06-02', true, 'revoking the day before the 16th birthday'],
    ['2026-01-01', false, '2026-07-01', '2026-06-02', true, 'revoking for an infant, future-dated'],
  ];
  for (const [birth, granted, effective, today, ok, why] of cases) {
    it(`R9: ${granted ? 'granting' : 'revoking'} AT-UND for someone born ${birth} is ${ok ? 'allowed' : 'refused'} (${why})`, () => {
      const result = changeAtUnd(birth, granted, effective, today);
      if (ok) {
        assert.ok(result.ok);
        assert.deepEqual(result.change, { granted, effectiveDate: effective ?? today });
      } else {
        assert.ok(!result.ok);
        assert.equal(result.error.code, 'at_und_under_16');
        assert.equal(result.error.field, 'effectiveDate');
      }
    });
  }
});
