// R15 through every door: once purged, a card answers `unknown` on the status API, the lookup page
// ("Ingen information", as the region's routine reads it), its status-list entry reads like an unused
// one, the officer API finds nothing, and the admin statistics keep their totals. With PostgreSQL, a
// second instance following the changes drops the cards too.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RETENTION_JOB_ACTOR } from '../../src/jobs/retention.ts';
import { Retention } from '../../src/services/retention.ts';
import type { Db } from '../../src/store/db.ts';
import { backends, ON_POSTGRES } from '../support/backends.ts';
import { entryAt, expandEncodedList, jwsParts } from '../support/bitstring.ts';
import { until } from '../support/events.ts';
import { type Json, officerClient, type RunningApp, startApp, status } from '../support/http.ts';
import { twoInstances } from '../support/instances.ts';
import { aWholeStory, type Story } from '../support/retention.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';

const STATISTICS = '/statistics?from=2026-01-01&to=2028-12-31&by=month';

/** The card's entry in its status list, read as a verifier would. */
async function listValue(web: RunningApp, entry: { list: number; index: number }): Promise<number> {
  const res = await fetch(`${web.url}/status-lists/${entry.list}`);
  assert.equal(res.status, 200);
  const subject = jwsParts(await res.text()).payload.credentialSubject as Json;
  return entryAt(expandEncodedList(subject.encodedList), entry.index, subject.statusSize);
}

for (const backend of backends) {
  describe(`a purged card on every surface (${backend.name})`, { timeout: 120_000 }, () => {
    let db: Db;
    let s: TestSystem;
    let web: RunningApp;
    let story: Story;
    let entry: { list: number; index: number };

    before(async () => {
      db = await backend.open();
      s = await makeSystem(db, '2026-03-01T09:00:00+01:00');
      // AT-UND is in effect and a change of grounds ends coverage: "EJ giltigt" with AT-UND (0x3),
      // so the entry visibly changes when the card leaves the lists.
      story = await aWholeStory(s.service, '2026-03-01', {}, 'grounds_changed');
      s.clock.set('2028-03-01T05:00:00+01:00');
      web = await startApp(s);
      entry = s.readModel.statusEntryOf(story.codes[1] as string) as { list: number; index: number };
    });
    after(async () => {
      await web.close();
      s.statusLists.stop();
      await db.close();
    });

    it('R15: before the purge the card answers, after it every surface says unknown', async () => {
      const code = story.codes[1] as string;
      const admin = officerClient(web, web.adminToken);
      const officer = officerClient(web);
      const statsBefore = (await admin.get(STATISTICS)).body;
      assert.deepEqual((await status(web, code)).body.result, 'not_valid');
      assert.equal((await status(web, code)).body.atUnd, true);
      assert.equal(await listValue(web, entry), 0x3);
      assert.equal((await officer.get(`/applicants/${story.applicantId}`)).status, 200);

      const r = await new Retention({ db, readModel: s.readModel, clock: s.clock, months: 24 }).run(
        RETENTION_JOB_ACTOR,
      );
      assert.equal(r.purged, 1);

      for (const c of story.codes) {
        const api = await status(web, c);
        assert.equal(api.status, 404, c);
        assert.equal(api.body.result, 'unknown');
        const page = await fetch(`${web.url}/k/${c}`);
        const html = await page.text();
        assert.match(html, /Ingen information/);
        assert.doesNotMatch(html, /EJ giltigt/);
      }
      assert.equal(await listValue(web, entry), 0x2, 'reads like an entry no card uses');
      const view = await officer.get(`/applicants/${story.applicantId}`);
      assert.equal(view.status, 404);
      assert.match(view.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal((await officer.get(`/applicants?dossierNumber=${story.dossierNumber}`)).status, 404);
      // The lookups this test made count (P3); everything about cards and letters is as before.
      const { lookups: _before, ...cardsBefore } = statsBefore.totals;
      const { lookups, ...cardsAfter } = (await admin.get(STATISTICS)).body.totals;
      assert.deepEqual(cardsAfter, cardsBefore);
      assert.equal(lookups.unknown, 4, 'the purged cards looked up on the API and the page');
      assert.equal(cardsAfter.cardsOrdered, 2);
    });
  });
}

describe('a purge reaches another instance (PostgreSQL)', ON_POSTGRES, () => {
  const instances = twoInstances({ start: '2026-03-01T09:00:00+01:00' });

  it('R15: instance A purges; instance B answers unknown for the cards and reads 0x2 in its list', async () => {
    const { a, b } = instances;
    const story = await aWholeStory(a.s.service, '2026-03-01', {}, 'grounds_changed');
    const code = story.codes[1] as string;
    await until(b.follower, 'applied', () => b.s.readModel.lookup(code, '2026-03-01').result === 'not_valid');
    const entry = b.s.readModel.statusEntryOf(code) as { list: number; index: number };
    assert.equal(await listValue(b.web, entry), 0x3);
    for (const i of [a, b]) i.s.clock.set('2028-03-01T05:00:00+01:00');
    const r = await new Retention({ db: a.db, readModel: a.s.readModel, clock: a.s.clock, months: 24 }).run(
      RETENTION_JOB_ACTOR,
    );
    assert.equal(r.purged, 1);
    await until(b.follower, 'applied', () => b.s.readModel.lookup(code, '2028-03-01').result === 'unknown');
    assert.equal((await status(b.web, code)).status, 404);
    assert.equal(await listValue(b.web, entry), 0x2);
  });
});
