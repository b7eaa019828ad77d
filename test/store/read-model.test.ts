// The read model's card handle: one look in the map gives a card's answer (R11) and its
// status-list entry, which comes with the card (its projection, or the bulk read at load).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { cardCodeFromRandom } from '../../src/domain/card-code.ts';
import { NOT_VALID, statusValueOf, VALID, VALID_AT_UND } from '../../src/domain/status-list.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { ApplicantProjection } from '../../src/store/projection-store.ts';
import { type FoundCard, ReadModel, type StatusEntryJson } from '../../src/store/read-model.ts';
import { backends } from '../support/backends.ts';

const TODAY = '2026-06-02';

function projection(code: string, over: Partial<ApplicantProjection> = {}): ApplicantProjection {
  return {
    applicantId: `applicant-${code}`,
    version: 1,
    coverage: { coverageEndsOn: null, coverageEndedBy: null, atUnd: [] },
    specimen: false,
    purged: false,
    cards: [{ code, state: 'active', validUntil: '2026-08-31', entry: null }],
    ...over,
  };
}

const json: StatusEntryJson = {
  entryJsonOf: (list, index) =>
    `"statusListCredential":"https://lma.example/status-lists/${list}","statusListIndex":"${index}"`,
};

let dossiers = 0;

/** A card of its own applicant, written as the database holds it (the bulk read at load finds it). */
async function insertCard(
  db: Db,
  c: { code: string; state: string; validUntil: string | null; entry: readonly [number, number] | null },
): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO applicants (id, dossier_number, given_name, family_name, birth_date, nationality, language, created_at)
     VALUES (gen_random_uuid(), $1, 'S', 'T', '1990-01-01', 'XXA', 'sv', now()) RETURNING id`,
    [`97-${String(++dossiers).padStart(6, '0')}`],
  );
  const card = await db.query<{ id: string }>(
    `INSERT INTO cards (id, applicant_id, serial, code, state, ordered_at, valid_until, cancelled_at, cancel_reason)
     VALUES (gen_random_uuid(), $1, 1, $2, $3, now(), $4,
             CASE WHEN $3 = 'cancelled' THEN now() END, CASE WHEN $3 = 'cancelled' THEN 'lost' END)
     RETURNING id`,
    [rows[0]?.id, c.code, c.state, c.validUntil],
  );
  if (c.entry) {
    await db.query(
      'INSERT INTO status_lists (list_no, capacity, fill_limit) VALUES ($1, 262144, 200000) ON CONFLICT DO NOTHING',
      [c.entry[0]],
    );
    await db.query('INSERT INTO status_list_entries (list_no, idx, card_id) VALUES ($1, $2, $3)', [
      c.entry[0],
      c.entry[1],
      card.rows[0]?.id,
    ]);
  }
}

describe('read model: a purged applicant (R15)', () => {
  it("drops the applicant's cards, tells the listeners, and refuses an older projection applied late", () => {
    const model = new ReadModel();
    const seen: boolean[] = [];
    model.onApply((p) => seen.push(p.purged));
    const entry = { list: 1, index: 7 };
    const cards = [{ code: 'CCCCCCCCCCCCC', state: 'active' as const, validUntil: '2026-08-31', entry }];
    model.apply(projection('CCCCCCCCCCCCC', { version: 3, cards }));
    assert.equal(model.lookup('CCCCCCCCCCCCC', TODAY).result, 'valid');
    assert.equal(model.apply(projection('CCCCCCCCCCCCC', { version: 5, purged: true, cards })), true);
    assert.equal(model.lookup('CCCCCCCCCCCCC', TODAY).result, 'unknown');
    assert.equal(model.statusEntryOf('CCCCCCCCCCCCC'), undefined);
    let listed = 0;
    model.forEachStatusEntry(() => listed++);
    assert.equal(listed, 0, 'the status lists no longer gather it');
    // A write that committed before the purge, applied after it, does not bring the card back.
    assert.equal(model.apply(projection('CCCCCCCCCCCCC', { version: 4, cards })), false);
    assert.equal(model.lookup('CCCCCCCCCCCCC', TODAY).result, 'unknown');
    assert.equal(model.apply(projection('CCCCCCCCCCCCC', { version: 5, purged: true, cards })), false);
    assert.deepEqual(seen, [false, true]);
  });
});

describe('read model: a found card', () => {
  it('answers as find() does, for a valid, a specimen and an expired card (R11)', () => {
    const model = new ReadModel();
    model.apply(projection('AAAAAAAAAAAAA'));
    model.apply(projection('BBBBBBBBBBBBB', { specimen: true }));
    model.apply(
      projection('CCCCCCCCCCCCC', {
        cards: [{ code: 'CCCCCCCCCCCCC', state: 'active', validUntil: '2026-06-01', entry: null }],
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
        cards: [{ code: 'AAAAAAAAAAAAA', state: 'cancelled', validUntil: '2026-08-31', entry: null }],
      }),
    );
    assert.deepEqual(model.answerOf(card, TODAY), { result: 'not_valid', atUnd: false });
  });

  it('a card without an entry answers without one; the entry comes with a later projection', () => {
    const model = new ReadModel();
    model.apply(projection('AAAAAAAAAAAAA'));
    const card = model.card('AAAAAAAAAAAAA');
    assert.ok(card);
    assert.equal(model.statusEntryJsonOf(card, json), undefined);
    assert.equal(model.statusEntryOf('AAAAAAAAAAAAA'), undefined);

    const entry = { list: 3, index: 0 };
    model.apply(
      projection('AAAAAAAAAAAAA', {
        version: 2,
        cards: [{ code: 'AAAAAAAAAAAAA', state: 'active', validUntil: '2026-08-31', entry }],
      }),
    );
    assert.equal(
      model.statusEntryJsonOf(card, json),
      '"statusListCredential":"https://lma.example/status-lists/3","statusListIndex":"0"',
    );
    assert.deepEqual(model.statusEntryOf('AAAAAAAAAAAAA'), entry);
  });

  it('keeps the entry through later changes to the card, and lists every card with one', () => {
    const model = new ReadModel();
    const entry = { list: 1, index: 4711 };
    model.apply(
      projection('AAAAAAAAAAAAA', {
        cards: [{ code: 'AAAAAAAAAAAAA', state: 'active', validUntil: '2026-08-31', entry }],
      }),
    );
    model.apply(projection('BBBBBBBBBBBBB'));
    model.apply(
      projection('AAAAAAAAAAAAA', {
        version: 2,
        cards: [{ code: 'AAAAAAAAAAAAA', state: 'cancelled', validUntil: '2026-08-31', entry: null }],
      }),
    );
    assert.deepEqual(model.statusEntryOf('AAAAAAAAAAAAA'), entry);
    const listed: [number, number, unknown][] = [];
    model.forEachStatusEntry((card, list, index) => listed.push([list, index, model.answerOf(card, TODAY)]));
    assert.deepEqual(listed, [[1, 4711, { result: 'not_valid', atUnd: false }]]);
  });
});

for (const backend of backends) {
  describe(`read model: loading every card on ${backend.name}`, () => {
    let db: Db;
    before(async () => {
      db = await backend.open();
      await migrate(db);
    });
    after(async () => {
      await db.close();
    });

    it('reads each card’s state, validity and status-list entry in one go (with and without each)', async () => {
      const code = () => cardCodeFromRandom(randomBytes(8));
      const cards = {
        ordered: { code: code(), state: 'ordered', validUntil: null, entry: [7, 0] },
        active: { code: code(), state: 'active', validUntil: '2026-06-02', entry: [1, 262143] },
        expired: { code: code(), state: 'active', validUntil: '2026-06-01', entry: [12, 31] },
        cancelled: { code: code(), state: 'cancelled', validUntil: '2026-09-30', entry: [1, 5] },
        older: { code: code(), state: 'active', validUntil: '2027-01-31', entry: null },
      } as const;
      for (const c of Object.values(cards)) await insertCard(db, c);
      const model = new ReadModel();
      await model.load(db);
      assert.equal(model.cardCount, 5);
      const seen = Object.fromEntries(
        Object.entries(cards).map(([name, c]) => [
          name,
          { answer: model.find(c.code, TODAY), entry: model.statusEntryOf(c.code) ?? null },
        ]),
      );
      assert.deepEqual(seen, {
        ordered: { answer: { result: 'not_valid', atUnd: false }, entry: { list: 7, index: 0 } },
        active: { answer: { result: 'valid', atUnd: false }, entry: { list: 1, index: 262143 } },
        expired: { answer: { result: 'not_valid', atUnd: false }, entry: { list: 12, index: 31 } },
        cancelled: { answer: { result: 'not_valid', atUnd: false }, entry: { list: 1, index: 5 } },
        older: { answer: { result: 'valid', atUnd: false }, entry: null },
      });
      // The same read inside a transaction (on the embedded database: COPY through the transaction).
      const inTx = new ReadModel();
      await db.transaction((tx) => inTx.load(tx));
      for (const c of Object.values(cards)) {
        assert.deepEqual(inTx.find(c.code, TODAY), model.find(c.code, TODAY));
        assert.deepEqual(inTx.statusEntryOf(c.code), model.statusEntryOf(c.code));
      }
    });

    it('writes each card’s status entry as its answer says, for cards read in bulk and after changes', async () => {
      const code = () => cardCodeFromRandom(randomBytes(8));
      // Two cards of each state and date, so a value reckoned for the first also writes the second.
      const shapes = [
        ['active', '2026-06-02'],
        ['active', '2026-06-01'],
        ['active', '2026-09-30'],
        ['ordered', null],
        ['produced', '2026-09-30'],
        ['cancelled', '2026-09-30'],
      ] as const;
      const cards: { code: string; state: string; validUntil: string | null; entry: null }[] = shapes.flatMap(
        ([state, validUntil]) => [0, 1].map(() => ({ code: code(), state, validUntil, entry: null })),
      );
      for (const c of cards) await insertCard(db, c);
      const model = new ReadModel();
      await model.load(db);
      const entryOf = model.statusValuesOn(TODAY);
      const found = (c: { code: string }) => model.card(c.code) as FoundCard;
      const entries = () => cards.map((c) => entryOf(found(c)));
      const answers = () => cards.map((c) => statusValueOf(model.answerOf(found(c), TODAY)));
      assert.deepEqual(entries(), [
        VALID,
        VALID,
        NOT_VALID,
        NOT_VALID,
        VALID,
        VALID,
        ...Array(6).fill(NOT_VALID),
      ]);
      assert.deepEqual(entries(), answers());

      // Changes applied while the same writer is in use (a list is written a slice at a time): one of
      // two cards alike gets a decision that ended coverage yesterday, another AT-UND, a third is
      // reported lost, and an ordered one is handed over with a date no card had.
      type Card = (typeof cards)[number];
      const change = (c: { code: string }, over: Partial<ApplicantProjection>, card: object) =>
        model.apply(
          projection(c.code, {
            version: 1,
            ...over,
            cards: [{ code: c.code, state: 'active', validUntil: '2026-09-30', entry: null, ...card }],
          }),
        );
      const ended = { coverageEndsOn: '2026-06-01', coverageEndedBy: 'rejected', atUnd: [] } as const;
      change(cards[0] as Card, { coverage: ended }, { validUntil: '2026-06-02' });
      const atUnd = {
        coverageEndsOn: null,
        coverageEndedBy: null,
        atUnd: [{ from: '2026-05-01', granted: true }],
      };
      change(cards[4] as Card, { coverage: atUnd }, {});
      change(cards[5] as Card, {}, { suspended: true });
      change(cards[6] as Card, {}, { validUntil: '2026-12-31' });
      // A card read by a second load, with a date no card had when the writer was made.
      const later = { code: code(), state: 'active', validUntil: '2027-02-28', entry: null } as const;
      await insertCard(db, later);
      await model.load(db);
      cards.push(later);
      assert.deepEqual(entries(), [
        NOT_VALID,
        VALID,
        NOT_VALID,
        NOT_VALID,
        VALID_AT_UND,
        NOT_VALID,
        VALID,
        ...Array(5).fill(NOT_VALID),
        VALID,
      ]);
      assert.deepEqual(entries(), answers());
    });
  });
}
