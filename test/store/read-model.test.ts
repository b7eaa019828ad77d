// The read model's card handle (issue 6): one look in the map gives a card's answer (R11) and its
// status-list entry (issue 8), which is kept with the card once known.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusEntryRef } from '../../src/domain/status-list.ts';
import { type ApplicantProjection, ReadModel, type StatusEntrySource } from '../../src/store/read-model.ts';

const TODAY = '2026-06-02';

function projection(code: string, over: Partial<ApplicantProjection> = {}): ApplicantProjection {
  return {
    applicantId: `applicant-${code}`,
    version: 1,
    coverage: { coverageEndsOn: null, atUnd: [] },
    specimen: false,
    cards: [{ code, state: 'active', validUntil: '2026-08-31' }],
    ...over,
  };
}

/** A source that counts how often it is asked, with entries that can be given later. */
function source(entries: Record<string, StatusEntryRef> = {}) {
  const asked: string[] = [];
  const s: StatusEntrySource = {
    entryFor(code) {
      asked.push(code);
      return entries[code];
    },
    entryJsonOf: (list, index) =>
      `"statusListCredential":"https://lma.example/status-lists/${list}","statusListIndex":"${index}"`,
  };
  return { s, asked, entries };
}

describe('read model: a found card', () => {
  it('answers as find() does, for a valid, a specimen and an expired card (R11)', () => {
    const model = new ReadModel();
    model.apply(projection('AAAAAAAAAAAAA'));
    model.apply(projection('BBBBBBBBBBBBB', { specimen: true }));
    model.apply(
      projection('CCCCCCCCCCCCC', {
        cards: [{ code: 'CCCCCCCCCCCCC', state: 'active', validUntil: '2026-06-01' }],
      }),
    );
    for (const code of ['AAAAAAAAAAAAA', 'BBBBBBBBBBBBB', 'CCCCCCCCCCCCC']) {
      const card = model.card(code);
      assert.ok(card, code);
      assert.deepEqual(model.answerOf(card, TODAY), model.find(code, TODAY));
    }
    assert.deepEqual(model.find('BBBBBBBBBBBBB', TODAY), { result: 'valid', atUnd: false, specimen: true });
    assert.deepEqual(model.find('CCCCCCCCCCCCC', TODAY), { result: 'not_valid', atUnd: false });
    assert.equal(model.card('DDDDDDDDDDDDD'), undefined);
  });

  it('sees a later change to the card through the same handle', () => {
    const model = new ReadModel();
    model.apply(projection('AAAAAAAAAAAAA'));
    const card = model.card('AAAAAAAAAAAAA');
    assert.ok(card);
    model.apply(
      projection('AAAAAAAAAAAAA', {
        version: 2,
        cards: [{ code: 'AAAAAAAAAAAAA', state: 'cancelled', validUntil: '2026-08-31' }],
      }),
    );
    assert.deepEqual(model.answerOf(card, TODAY), { result: 'not_valid', atUnd: false });
  });

  it('issue 8: asks for the status-list entry until there is one, then keeps it with the card', () => {
    const model = new ReadModel();
    model.apply(projection('AAAAAAAAAAAAA'));
    const card = model.card('AAAAAAAAAAAAA');
    assert.ok(card);
    const { s, asked, entries } = source();

    // No entry yet (a card made on another instance, its entry not read yet): none in the answer.
    assert.equal(model.statusEntryJsonOf(card, 'AAAAAAAAAAAAA', s), undefined);
    assert.equal(model.statusEntryJsonOf(card, 'AAAAAAAAAAAAA', s), undefined);
    assert.equal(asked.length, 2);

    entries.AAAAAAAAAAAAA = { list: 3, index: 0 };
    const json = '"statusListCredential":"https://lma.example/status-lists/3","statusListIndex":"0"';
    assert.equal(model.statusEntryJsonOf(card, 'AAAAAAAAAAAAA', s), json);
    // Kept: the source is not asked again (an entry never changes once given).
    delete entries.AAAAAAAAAAAAA;
    assert.equal(model.statusEntryJsonOf(card, 'AAAAAAAAAAAAA', s), json);
    assert.equal(asked.length, 3);
  });

  it('issue 8: keeps the entry through later changes to the card', () => {
    const model = new ReadModel();
    model.apply(projection('AAAAAAAAAAAAA'));
    const { s } = source({ AAAAAAAAAAAAA: { list: 1, index: 4711 } });
    const first = model.card('AAAAAAAAAAAAA');
    assert.ok(first);
    const json = model.statusEntryJsonOf(first, 'AAAAAAAAAAAAA', s);
    model.apply(projection('AAAAAAAAAAAAA', { version: 2 }));
    const again = model.card('AAAAAAAAAAAAA');
    assert.ok(again);
    assert.equal(model.statusEntryJsonOf(again, 'AAAAAAAAAAAAA', { ...s, entryFor: () => undefined }), json);
  });
});
