import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicantFacts } from '../../src/domain/applicant.ts';
import {
  CANCEL_REASONS,
  type Card,
  type CardState,
  cancelCard,
  cardNumber,
  cardToOrder,
  extendOnVisit,
  handOverCard,
  nextSerial,
  produceCard,
  usableCard,
  VALIDITY_MONTHS,
} from '../../src/domain/card.ts';

const TODAY = '2026-06-02';

function applicant(overrides: Partial<ApplicantFacts> = {}): ApplicantFacts {
  return { id: 'a1', birthDate: '1990-05-17', hasPhoto: true, hasFingerprints: true, ...overrides };
}

function card(overrides: Partial<Card> = {}): Card {
  return {
    id: 'c1',
    applicantId: 'a1',
    serial: 1,
    code: '0123456789ABC',
    state: 'ordered',
    validUntil: null,
    ...overrides,
  };
}

function active(validUntil: string, overrides: Partial<Card> = {}): Card {
  return card({ state: 'active', validUntil, ...overrides });
}

describe('R1: cardNumber', () => {
  const cases: [string, number, string][] = [
    ['12-345678', 1, '12-345678/1'],
    ['00-000042', 2, '00-000042/2'],
    ['99-999999', 12, '99-999999/12'],
  ];
  for (const [dossier, serial, expected] of cases) {
    it(`R1: card ${serial} of dossier ${dossier} is numbered ${expected}`, () => {
      assert.equal(cardNumber(dossier, serial), expected);
      assert.match(cardNumber(dossier, serial), /^\d{2}-\d{6}\/[1-9]\d*$/);
    });
  }
});

describe('R3: usableCard and nextSerial', () => {
  it('R3: the usable card is the one that is not cancelled, whatever its state', () => {
    for (const state of ['ordered', 'produced', 'active'] as const) {
      const current = card({ id: 'c3', serial: 3, state });
      const cards = [
        card({ serial: 1, state: 'cancelled' }),
        card({ serial: 2, state: 'cancelled' }),
        current,
      ];
      assert.equal(usableCard(cards), current);
    }
  });

  it('R3: there is no usable card when all are cancelled or there are none', () => {
    assert.equal(usableCard([]), undefined);
    assert.equal(
      usableCard([card({ state: 'cancelled' }), card({ serial: 2, state: 'cancelled' })]),
      undefined,
    );
  });

  it('R1: serials count from 1 and follow the highest serial so far', () => {
    assert.equal(nextSerial([]), 1);
    assert.equal(nextSerial([card({ serial: 1, state: 'cancelled' })]), 2);
    assert.equal(
      nextSerial([card({ serial: 2, state: 'cancelled' }), card({ serial: 1, state: 'cancelled' })]),
      3,
    );
  });
});

describe('R2: cardToOrder (ordering is automatic)', () => {
  const biometrics: [photo: boolean, fingerprints: boolean, orders: boolean][] = [
    [false, false, false],
    [true, false, false],
    [false, true, false],
    [true, true, true],
  ];
  for (const [hasPhoto, hasFingerprints, orders] of biometrics) {
    it(`R2: photo ${hasPhoto ? 'taken' : 'missing'} and fingerprints ${hasFingerprints ? 'taken' : 'missing'} ${orders ? 'orders card 1' : 'orders nothing'}`, () => {
      const result = cardToOrder(applicant({ hasPhoto, hasFingerprints }), []);
      assert.deepEqual(result, orders ? { serial: 1 } : null);
    });
  }

  for (const state of ['ordered', 'produced', 'active'] as const satisfies readonly CardState[]) {
    it(`R2, R3: nothing is ordered while the applicant has a usable ${state} card`, () => {
      assert.equal(cardToOrder(applicant(), [card({ state })]), null);
    });
  }

  it('R2: an expired active card is still the usable card, so nothing new is ordered', () => {
    assert.equal(cardToOrder(applicant(), [active('2026-01-01')]), null);
  });

  it('R2, R10: after cancelled cards the next card takes the next serial', () => {
    const cards = [card({ serial: 1, state: 'cancelled' }), card({ serial: 2, state: 'cancelled' })];
    assert.deepEqual(cardToOrder(applicant(), cards), { serial: 3 });
  });

  it('R2: with all cards cancelled but biometrics incomplete, nothing is ordered', () => {
    const cards = [card({ serial: 1, state: 'cancelled' })];
    assert.equal(cardToOrder(applicant({ hasFingerprints: false }), cards), null);
  });
});

describe('R3: produceCard (ordered → produced)', () => {
  it('R3: an ordered card becomes produced and keeps everything else', () => {
    const ordered = card();
    const result = produceCard(ordered);
    assert.ok(result.ok);
    assert.deepEqual(result.card, { ...ordered, state: 'produced' });
    assert.equal(ordered.state, 'ordered', 'the input is not mutated');
  });

  for (const state of ['produced', 'active', 'cancelled'] as const) {
    it(`R3: a ${state} card cannot be produced`, () => {
      const result = produceCard(card({ state, validUntil: state === 'active' ? '2026-09-02' : null }));
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'card_not_ordered');
    });
  }
});

describe('R4: handOverCard (activates, valid to handover + 3 calendar months)', () => {
  const cases: [handover: string, today: string, validUntil: string][] = [
    ['2026-06-02', '2026-06-02', '2026-09-02'],
    ['2026-05-20', '2026-06-02', '2026-08-20'],
    ['2026-11-30', '2026-11-30', '2027-02-28'],
    ['2027-11-30', '2027-12-01', '2028-02-29'],
    ['2026-01-31', '2026-01-31', '2026-04-30'],
    ['2026-10-25', '2026-10-25', '2027-01-25'],
  ];
  for (const [handover, today, validUntil] of cases) {
    it(`R4: a card handed over on ${handover} is active and valid until ${validUntil}`, () => {
      const produced = card({ state: 'produced' });
      const result = handOverCard(produced, handover, today);
      assert.ok(result.ok);
      assert.deepEqual(result.card, { ...produced, state: 'active', validUntil });
      assert.equal(produced.state, 'produced', 'the input is not mutated');
    });
  }

  it('R4: validity is exactly VALIDITY_MONTHS = 3 calendar months', () => {
    assert.equal(VALIDITY_MONTHS, 3);
  });

  it('R4: a handover cannot be dated in the future, not even tomorrow', () => {
    const result = handOverCard(card({ state: 'produced' }), '2026-06-03', TODAY);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'handover_in_future');
    assert.equal(result.error.field, 'date');
  });

  it('R4: a late-registered handover may be dated back, but not before the card was produced', () => {
    const produced = card({ state: 'produced' });
    const before = handOverCard(produced, '2026-05-31', TODAY, '2026-06-01');
    assert.ok(!before.ok);
    assert.equal(before.error.code, 'handover_before_production');
    assert.equal(before.error.field, 'date');
    const sameDay = handOverCard(produced, '2026-06-01', TODAY, '2026-06-01');
    assert.ok(sameDay.ok);
    assert.equal(sameDay.card.validUntil, '2026-09-01');
  });

  for (const state of ['ordered', 'active', 'cancelled'] as const) {
    it(`R3, R4: a ${state} card cannot be handed over`, () => {
      const result = handOverCard(
        card({ state, validUntil: state === 'active' ? '2026-09-02' : null }),
        TODAY,
        TODAY,
      );
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'card_not_produced');
    });
  }
});

describe('R5: extendOnVisit (a visit extends the active card to visit + 3 months)', () => {
  // [why, visitor, card, visit date, today, the card's new expiry (null: the card is left as it was)]
  type Visit = [string, string, Card | undefined, string, string, string | null];
  const visits: Visit[] = [
    [
      'a visit today extends the card to today + 3 months',
      'a1',
      active('2026-06-20'),
      TODAY,
      TODAY,
      '2026-09-02',
    ],
    [
      'a visit extends an active card that has already expired',
      'a1',
      active('2026-05-01'),
      TODAY,
      TODAY,
      '2026-09-02',
    ],
    [
      'a back-dated visit extends from the visit date, clamped to the end of a shorter month',
      'a1',
      active('2026-12-01'),
      '2026-11-30',
      '2026-12-01',
      '2027-02-28',
    ],
    ['an extension never shortens a later expiry', 'a1', active('2026-10-15'), TODAY, TODAY, null],
    [
      'a back-dated visit never shortens the expiry set by a later visit',
      'a1',
      active('2026-09-02'),
      '2026-05-15',
      TODAY,
      null,
    ],
    [
      'a visit that lands on the current expiry is not an extension',
      'a1',
      active('2026-09-02'),
      TODAY,
      TODAY,
      null,
    ],
    ...(['ordered', 'produced', 'cancelled'] as const).map(
      (state): Visit => [
        `a visit does nothing to a ${state} card`,
        'a1',
        card({ state, validUntil: state === 'cancelled' ? '2026-06-20' : null }),
        TODAY,
        TODAY,
        null,
      ],
    ),
    [
      'a visit by someone without a card is recorded and extends nothing',
      'a1',
      undefined,
      TODAY,
      TODAY,
      null,
    ],
    [
      "a guardian's visit does not extend the child's card",
      'guardian',
      active('2026-06-20', { applicantId: 'child' }),
      TODAY,
      TODAY,
      null,
    ],
    [
      "the child's own visit extends the child's card",
      'child',
      active('2026-06-20', { applicantId: 'child' }),
      TODAY,
      TODAY,
      '2026-09-02',
    ],
  ];
  for (const [why, visitor, c, date, today, until] of visits) {
    it(`R5: ${why}`, () => {
      const result = extendOnVisit(visitor, c, date, today);
      assert.ok(result.ok);
      assert.equal(result.extended, until !== null);
      assert.deepEqual(result.card, until === null ? c : { ...c, validUntil: until });
    });
  }

  it('R5: a visit cannot be dated in the future', () => {
    const result = extendOnVisit('a1', active('2026-06-20'), '2026-06-03', TODAY);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'visit_in_future');
    assert.equal(result.error.field, 'date');
  });

  it('R5: a future-dated visit is refused even when there is no card', () => {
    const result = extendOnVisit('a1', undefined, '2026-06-03', TODAY);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'visit_in_future');
  });

  it('R5: the input card is not mutated', () => {
    const c = active('2026-06-20');
    extendOnVisit('a1', c, TODAY, TODAY);
    assert.equal(c.validUntil, '2026-06-20');
  });
});

describe('R10: cancelCard', () => {
  it('R10: the four cancel reasons are lost, stolen, damaged and biodata_changed', () => {
    assert.deepEqual([...CANCEL_REASONS], ['lost', 'stolen', 'damaged', 'biodata_changed']);
  });

  for (const state of ['ordered', 'produced', 'active'] as const) {
    it(`R10: cancelling a ${state} card cancels it and re-orders with the next serial`, () => {
      const c = card({ serial: 2, state, validUntil: state === 'active' ? '2026-09-02' : null });
      const cards = [card({ id: 'c0', serial: 1, state: 'cancelled' }), c];
      const result = cancelCard(c, cards);
      assert.ok(result.ok);
      assert.deepEqual(result.card, { ...c, state: 'cancelled' });
      assert.deepEqual(result.reorder, { serial: 3 });
      assert.equal(c.state, state, 'the input is not mutated');
    });
  }

  it('R10: cancelling the first card re-orders card 2', () => {
    const c = active('2026-09-02');
    const result = cancelCard(c, [c]);
    assert.ok(result.ok);
    assert.deepEqual(result.reorder, { serial: 2 });
  });

  it('R10: an already-cancelled card cannot be cancelled again (a cancelled card never comes back)', () => {
    const c = card({ state: 'cancelled' });
    const result = cancelCard(c, [c]);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'card_already_cancelled');
  });

  it('R10: a cancelled card can be neither produced, handed over nor extended', () => {
    const c = card({ state: 'cancelled', validUntil: '2026-09-02' });
    assert.equal(produceCard(c).ok, false);
    assert.equal(handOverCard(c, TODAY, TODAY).ok, false);
    const visit = extendOnVisit('a1', c, TODAY, TODAY);
    assert.ok(visit.ok);
    assert.equal(visit.extended, false);
    assert.equal(visit.card?.state, 'cancelled');
  });
});
