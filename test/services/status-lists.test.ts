// The status lists of many cards: every card's entry in the list handed out says what its lookup
// says (R11), after the first build and after a Stockholm midnight (R6), when the cards are walked
// in several slices with the event loop free between them, and when a card changes while the walk
// is under way.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../../src/clock.ts';
import { stockholmDate } from '../../src/domain/calendar.ts';
import { cardCodeFromRandom } from '../../src/domain/card-code.ts';
import { LIST_CAPACITY, statusValueOf } from '../../src/domain/status-list.ts';
import { KeyRing } from '../../src/services/key-ring.ts';
import { StatusLists } from '../../src/services/status-lists.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { ApplicantProjection } from '../../src/store/projection-store.ts';
import { ReadModel } from '../../src/store/read-model.ts';
import { backends } from '../support/backends.ts';
import { entryAt, expandEncodedList, jwsParts } from '../support/bitstring.ts';

/** More cards than one slice of the walk (16 384): the lists are written in ten slices. */
const CARDS = 150_000;
const LISTS = [1, 2];

function projection(
  code: string,
  version: number,
  validUntil: string,
  entry: ApplicantProjection['cards'][0]['entry'],
): ApplicantProjection {
  return {
    applicantId: `applicant-${code}`,
    version,
    coverage: { coverageEndsOn: null, coverageEndedBy: null, atUnd: [] },
    specimen: false,
    purged: false,
    cards: [{ code, state: 'active', validUntil, entry }],
  };
}

for (const backend of backends) {
  describe(`status lists of ${CARDS.toLocaleString('en')} cards on ${backend.name}`, () => {
    const clock = manualClock('2026-06-02T12:00:00+02:00');
    const model = new ReadModel();
    const cards: { code: string; list: number; index: number }[] = [];
    let db: Db;
    let lists: StatusLists;

    before(async () => {
      db = await backend.open();
      await migrate(db);
      for (const list of LISTS)
        await db.query('INSERT INTO status_lists (list_no, capacity, fill_limit) VALUES ($1, $2, $3)', [
          list,
          LIST_CAPACITY,
          LIST_CAPACITY / 2,
        ]);
      // Cards at random entries of both lists; every fifth card's last valid day is today, so the
      // midnight turns it not valid.
      const taken = new Set<number>();
      for (let i = 0; i < CARDS; i++) {
        let slot: number;
        do slot = randomBytes(4).readUInt32BE() % (LISTS.length * LIST_CAPACITY);
        while (taken.has(slot));
        taken.add(slot);
        const card = {
          code: cardCodeFromRandom(randomBytes(8)),
          list: LISTS[Math.floor(slot / LIST_CAPACITY)] as number,
          index: slot % LIST_CAPACITY,
        };
        cards.push(card);
        model.apply(projection(card.code, 1, i % 5 === 0 ? '2026-06-02' : '2026-08-31', card));
      }
      model.markReady();
      lists = new StatusLists({
        db,
        readModel: model,
        keys: await KeyRing.open(db, clock),
        clock,
        publicBaseUrl: 'https://lma.example.se',
      });
    });
    after(async () => {
      lists.stop();
      await db.close();
    });

    /** The cards whose entry in the list handed out now differs from their lookup today. */
    async function mismatches(): Promise<string[]> {
      const today = stockholmDate(clock.now());
      const bits = new Map<number, Buffer>();
      for (const list of LISTS) {
        const published = await lists.current(list);
        assert.ok(published, `list ${list} is handed out`);
        const subject = jwsParts(published.jws).payload.credentialSubject as { encodedList: string };
        bits.set(list, expandEncodedList(subject.encodedList));
      }
      const wrong: string[] = [];
      for (const c of cards) {
        const expected = statusValueOf(model.lookup(c.code, today));
        if (entryAt(bits.get(c.list) as Buffer, c.index, 2) !== expected) wrong.push(c.code);
      }
      return wrong;
    }

    it('the first build writes every card’s entry, whichever slice of the walk holds it', async () => {
      await lists.start();
      assert.deepEqual(await mismatches(), []);
    });

    it('at midnight every entry is written anew, and a card changed during the walk is in the list', async () => {
      clock.set('2026-06-03T00:00:01+02:00');
      const first = cards[0] as (typeof cards)[0];
      const last = cards.at(-1) as (typeof cards)[0];
      const rebuilding = lists.refresh();
      // The walk has written its first slice and waits for a turn of the event loop: the first card
      // (already walked: it expired) is renewed, and the last (not walked yet) turns out to have
      // expired yesterday.
      model.apply(projection(first.code, 2, '2026-09-30', first));
      model.apply(projection(last.code, 2, '2026-06-02', last));
      await rebuilding;
      assert.equal(model.lookup(first.code, '2026-06-03').result, 'valid');
      assert.equal(model.lookup(last.code, '2026-06-03').result, 'not_valid');
      assert.deepEqual(await mismatches(), []);
      let expired = 0;
      for (const c of cards) if (model.lookup(c.code, '2026-06-03').result === 'not_valid') expired++;
      assert.ok(expired >= CARDS / 5, `${expired} cards expired at midnight`);
    });
  });
}
