// R15: when a purge is due — counted from the end of coverage or the last cancellation, in whole
// calendar months, month ends included.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays } from '../../src/domain/calendar.ts';
import {
  isPurgeDue,
  purgeCutoff,
  purgeDueOn,
  type RetentionFacts,
  retentionStartOf,
} from '../../src/domain/retention.ts';

const active = { state: 'active' as const, cancelledOn: null };
const cancelled = (on: string) => ({ state: 'cancelled' as const, cancelledOn: on });

describe('R15 retention start and due day', () => {
  it('nothing is due while covered with a usable card, or before any card was made', () => {
    assert.equal(retentionStartOf({ coverageEndsOn: null, cards: [active] }), null);
    assert.equal(retentionStartOf({ coverageEndsOn: null, cards: [] }), null);
    assert.equal(
      isPurgeDue({ coverageEndsOn: null, cards: [cancelled('2020-01-01'), active] }, '2030-01-01', 24),
      false,
    );
  });

  it('counts from the first day without coverage, month end to month end', () => {
    const facts: RetentionFacts = { coverageEndsOn: '2026-08-31', cards: [active] };
    assert.equal(purgeDueOn(facts, 24), '2028-08-31');
    assert.equal(purgeDueOn(facts, 6), '2027-02-28');
    assert.equal(purgeDueOn({ coverageEndsOn: '2028-02-29', cards: [] }, 12), '2029-02-28');
    assert.equal(isPurgeDue(facts, '2028-08-30', 24), false);
    assert.equal(isPurgeDue(facts, '2028-08-31', 24), true);
    assert.equal(isPurgeDue(facts, '2029-01-01', 24), true);
  });

  it('counts from the last cancellation when every card is cancelled and none replaced it', () => {
    const facts = { coverageEndsOn: null, cards: [cancelled('2025-03-02'), cancelled('2026-01-15')] };
    assert.equal(retentionStartOf(facts), '2026-01-15');
    assert.equal(purgeDueOn(facts, 24), '2028-01-15');
  });

  it('takes the later of the two when coverage ended and the last card was cancelled', () => {
    assert.equal(
      retentionStartOf({ coverageEndsOn: '2026-05-01', cards: [cancelled('2026-07-10')] }),
      '2026-07-10',
    );
    assert.equal(
      retentionStartOf({ coverageEndsOn: '2026-09-01', cards: [cancelled('2026-07-10')] }),
      '2026-09-01',
    );
  });

  it('a decision dated in the future keeps the data until that date plus the period', () => {
    const facts = { coverageEndsOn: '2031-01-01', cards: [cancelled('2026-01-01')] };
    assert.equal(isPurgeDue(facts, '2029-06-01', 24), false);
    assert.equal(isPurgeDue(facts, '2033-01-01', 24), true);
  });
});

describe('R15 purge cutoff', () => {
  it('every start on or before the cutoff is due, and the day after it is not', () => {
    for (const months of [1, 6, 12, 24, 25]) {
      for (let today = '2027-01-01'; today <= '2028-12-31'; today = addDays(today, 1)) {
        const cutoff = purgeCutoff(today, months);
        const due = (start: string) => isPurgeDue({ coverageEndsOn: start, cards: [] }, today, months);
        assert.equal(due(cutoff), true, `${today} ${months}: ${cutoff} is due`);
        assert.equal(due(addDays(cutoff, 1)), false, `${today} ${months}: the day after ${cutoff} is not`);
      }
    }
  });

  it('a month end gathers the days that end on it', () => {
    assert.equal(purgeCutoff('2027-02-28', 6), '2026-08-31');
    assert.equal(purgeCutoff('2027-02-27', 6), '2026-08-27');
    assert.equal(purgeCutoff('2028-08-31', 24), '2026-08-31');
  });
});
