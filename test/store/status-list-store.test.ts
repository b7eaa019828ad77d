// On every backend: entries are random, unique and permanent; a list takes cards up to its
// fill limit and the next one opens; cards without an entry (older, synthetic) get one.

import assert from 'node:assert/strict';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { cardCodeFromRandom } from '../../src/domain/card-code.ts';
import { NOT_VALID, VALID } from '../../src/domain/status-list.ts';
import type { KeyRing } from '../../src/services/key-ring.ts';
import { StatusLists } from '../../src/services/status-lists.ts';
import type { Queryable } from '../../src/store/db.ts';
import { loadProjection } from '../../src/store/projection-store.ts';
import { ReadModel } from '../../src/store/read-model.ts';
import {
  allocateStatusEntry,
  assignMissingStatusEntries,
  DEFAULT_LIST_POLICY,
  listStatusLists,
} from '../../src/store/status-list-store.ts';
import { insertSyntheticCards } from '../../src/store/synthetic.ts';
import { assembleSystem, loadLookups } from '../../src/system.ts';
import { backends } from '../support/backends.ts';
import { entryAt, expandEncodedList, jwsParts } from '../support/bitstring.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithOrderedCard,
  makeSystem,
  OFFICER,
  type TestSystem,
} from '../support/system.ts';

/** The value at `index` of list `list` as `lists` hands it out now (decoded independently). */
async function valueIn(lists: StatusLists, list: number, index: number): Promise<number> {
  const published = await lists.current(list);
  assert.ok(published, `list ${list} is handed out`);
  const subject = jwsParts(published.jws).payload.credentialSubject as {
    encodedList: string;
    statusSize: number;
  };
  return entryAt(expandEncodedList(subject.encodedList), index, subject.statusSize);
}

/** Every entry as stored, with its card's code. */
async function storedEntries(db: Queryable): Promise<{ code: string; list: number; index: number }[]> {
  const { rows } = await db.query<{ code: string; list: number; index: number }>(
    'SELECT c.code, e.list_no AS list, e.idx AS index FROM status_list_entries e JOIN cards c ON c.id = e.card_id',
  );
  return rows;
}

for (const backend of backends) {
  describe(`status-list entries on ${backend.name}`, () => {
    let s: TestSystem;

    before(async () => {
      s = await makeSystem(await backend.open());
    });
    after(async () => {
      s.statusLists.stop();
      await s.db.close();
    });

    /** A second instance on the same database: its own read model, loaded now, and its own lists. */
    async function anotherInstance(
      keys: KeyRing = s.keys,
    ): Promise<{ model: ReadModel; other: StatusLists }> {
      const model = new ReadModel();
      await model.load(s.db);
      const other = new StatusLists({
        db: s.db,
        readModel: model,
        keys,
        clock: s.clock,
        publicBaseUrl: 'https://lma.example.se',
        debounceMs: 60_000,
      });
      await other.start();
      return { model, other };
    }

    /** Cards as they were before migration 0007 (status lists): ordered, each of its own applicant, no entry. */
    async function insertCardsWithoutEntry(dossierPrefix: string, codes: readonly string[]): Promise<void> {
      await s.db.query(
        `WITH a AS (
           INSERT INTO applicants (id, dossier_number, given_name, family_name, birth_date, nationality, language, created_at)
           SELECT gen_random_uuid(), $1::text || '-' || lpad(g::text, 6, '0'), 'S', 'T', '1990-01-01', 'XXA', 'sv', now()
             FROM generate_series(1, $2::int) g RETURNING id)
         INSERT INTO cards (id, applicant_id, serial, code, state, ordered_at)
         SELECT gen_random_uuid(), a.id, 1, c.code, 'ordered', now()
           FROM (SELECT id, row_number() OVER () AS n FROM a) a
           JOIN unnest($3::text[]) WITH ORDINALITY AS c(code, n) ON c.n = a.n`,
        [dossierPrefix, codes.length, codes],
      );
    }

    it('a card gets its entry when it is ordered, in the same transaction, and a replacement gets a new one', async () => {
      const a = await anApplicantWithOrderedCard(s.service);
      const first = s.readModel.statusEntryOf(a.code);
      assert.ok(first, 'the ordered card has an entry');
      assert.equal(first.list, 1);
      const cancel = await s.service.cancelCard(OFFICER, a.cardId, { reason: 'damaged' });
      const second = s.readModel.statusEntryOf(cancel.reordered.code);
      assert.ok(second);
      assert.notDeepEqual(second, first);
      assert.deepEqual(s.readModel.statusEntryOf(a.code), first, 'the cancelled card keeps its entry');
      const stored = await storedEntries(s.db);
      assert.deepEqual(
        stored.find((e) => e.code === a.code),
        { code: a.code, ...first },
      );
    });

    it('another instance gets the entry of a card made elsewhere with its projection, then lists it', async () => {
      // A second instance on the same database: its read model follows changes (the change follower wires that
      // up with LISTEN/NOTIFY; here the projection is applied by hand), its lists follow its model.
      const { model, other } = await anotherInstance();
      try {
        const a = await anApplicantWithActiveCard(s.service);
        assert.equal(model.statusEntryOf(a.code), undefined);
        model.apply(await loadProjection(s.db, a.applicantId));
        const entry = s.readModel.statusEntryOf(a.code);
        assert.ok(entry);
        assert.deepEqual(model.statusEntryOf(a.code), entry);
        assert.equal(
          await valueIn(other, entry.list, entry.index),
          VALID,
          'a list asked for is brought up to date first',
        );
      } finally {
        other.stop();
      }
    });

    it('an entry is never moved or taken back (the database refuses)', async () => {
      await assert.rejects(s.db.query('DELETE FROM status_list_entries'), /never changed or reused/);
      await assert.rejects(
        s.db.query('UPDATE status_list_entries SET idx = idx + 1'),
        /never changed or reused/,
      );
    });

    it('indexes are drawn at random, unique, and a full list makes way for the next', async () => {
      const small = { capacity: 8, fillLimit: 4 };
      const drawn: { list: number; index: number }[] = [];
      await s.db.transaction(async (tx) => {
        // Fill list 1 up to its limit first, so the small policy applies to the lists opened after.
        const { rows } = await tx.query<{ assigned: number; fill_limit: number }>(
          'SELECT assigned, fill_limit FROM status_lists WHERE list_no = 1',
        );
        await tx.query('UPDATE status_lists SET fill_limit = assigned WHERE list_no = 1');
        assert.ok(rows[0] && rows[0].assigned < rows[0].fill_limit);
        const cards = await tx.query<{ id: string }>(
          `INSERT INTO applicants (id, dossier_number, given_name, family_name, birth_date, nationality, language, created_at)
           SELECT gen_random_uuid(), '99-' || lpad(g::text, 6, '0'), 'S', 'T', '1990-01-01', 'XXA', 'sv', now()
             FROM generate_series(1, 10) g RETURNING id`,
        );
        for (const a of cards.rows) {
          const cardId = randomUUID();
          await tx.query(
            `INSERT INTO cards (id, applicant_id, serial, code, state, ordered_at) VALUES ($1, $2, 1, $3, 'ordered', now())`,
            [cardId, a.id, cardCodeFromRandom(randomBytes(8))],
          );
          drawn.push(await allocateStatusEntry(tx, cardId, randomInt, small));
        }
      });
      assert.deepEqual(
        drawn.map((d) => d.list),
        [2, 2, 2, 2, 3, 3, 3, 3, 4, 4],
      );
      for (const list of [2, 3]) {
        const indexes = drawn.filter((d) => d.list === list).map((d) => d.index);
        assert.equal(new Set(indexes).size, 4, 'unique within the list');
        assert.ok(indexes.every((i) => i >= 0 && i < 8));
      }
      const lists = await listStatusLists(s.db);
      assert.deepEqual(
        lists.map((l) => l.capacity),
        [DEFAULT_LIST_POLICY.capacity, 8, 8, 8],
      );
    });

    it('synthetic cards come with their entries; cards from before status lists get one at start-up', async () => {
      await insertSyntheticCards(s.db, 300, '2026-06-02', s.clock.now());
      assert.equal(await assignMissingStatusEntries(s.db, randomInt), 0, 'the synthetic cards have theirs');
      // 50 cards as they were before migration 0007: no entry.
      await insertCardsWithoutEntry(
        '98',
        Array.from({ length: 50 }, () => cardCodeFromRandom(randomBytes(8))),
      );
      assert.equal(await assignMissingStatusEntries(s.db, randomInt, DEFAULT_LIST_POLICY, 16), 50);
      assert.equal(await assignMissingStatusEntries(s.db, randomInt), 0, 'nothing left to do');
      const entries = await storedEntries(s.db);
      const cards = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cards');
      assert.equal(entries.length, cards.rows[0]?.n, 'every card has an entry');
      assert.equal(new Set(entries.map((e) => `${e.list}.${e.index}`)).size, entries.length);
      // List 4 (capacity 8) took two more; the rest went to a new list of 262 144, spread over it
      // at random rather than handed out from 0 up (348 draws all below 10 000: about 1e-500).
      const fresh = entries.filter((e) => e.list === 5).map((e) => e.index);
      assert.equal(fresh.length, 348);
      assert.ok(Math.max(...fresh) >= 10_000, 'indexes are not sequential');
    });

    it('a list asked for while a build is being signed waits for it, and says what the status API says', async () => {
      // A build in progress has already taken the change (encoded) but not yet published the list:
      // answering then with the list held would hand out the state before the change.
      let gate: Promise<void> = Promise.resolve();
      const keys = {
        sign: async (...args: Parameters<KeyRing['sign']>) => {
          await gate;
          return s.keys.sign(...args);
        },
      } as unknown as KeyRing;
      const { model, other } = await anotherInstance(keys);
      try {
        const a = await anApplicantWithActiveCard(s.service);
        model.apply(await loadProjection(s.db, a.applicantId));
        const entry = model.statusEntryOf(a.code);
        assert.ok(entry);
        assert.equal(await valueIn(other, entry.list, entry.index), VALID);
        await s.service.registerDecision(OFFICER, a.applicantId, { type: 'rejected' });
        let open = () => {};
        gate = new Promise((resolve) => {
          open = resolve;
        });
        model.apply(await loadProjection(s.db, a.applicantId));
        const building = other.refresh(); // encodes the change, then waits to be signed
        const asked = valueIn(other, entry.list, entry.index);
        open();
        await building;
        assert.equal(await asked, NOT_VALID);
      } finally {
        other.stop();
      }
    });

    it('a restart gives cards from before status lists their entries, and its read model has them', async () => {
      const codes = Array.from({ length: 3 }, () => cardCodeFromRandom(randomBytes(8)));
      await insertCardsWithoutEntry('96', codes);
      const restarted = await assembleSystem(s.db, {
        clock: s.clock,
        publicBaseUrl: 'https://lma.example.se',
        loadReadModel: false,
      });
      await loadLookups(restarted);
      try {
        assert.equal(restarted.readModel.cardsWithoutEntry, 0);
        const stored = await storedEntries(s.db);
        for (const code of codes) {
          const entry = restarted.readModel.statusEntryOf(code);
          assert.ok(entry, code);
          assert.deepEqual(
            { code, ...entry },
            stored.find((e) => e.code === code),
          );
        }
      } finally {
        restarted.statusLists.stop();
      }
    });

    it('a list opened by another instance is read and built once one of its cards arrives', async () => {
      const { model, other } = await anotherInstance();
      try {
        const known = other.listNumbers();
        // Every list full: the next card opens a new one.
        await s.db.query('UPDATE status_lists SET fill_limit = assigned');
        const a = await anApplicantWithActiveCard(s.service);
        const entry = s.readModel.statusEntryOf(a.code);
        assert.ok(entry);
        assert.ok(!known.includes(entry.list), 'a new list');
        assert.equal(other.has(entry.list), false);
        model.apply(await loadProjection(s.db, a.applicantId));
        await other.refresh();
        assert.ok(other.has(entry.list));
        assert.equal(await valueIn(other, entry.list, entry.index), VALID);
      } finally {
        other.stop();
      }
    });
  });
}
