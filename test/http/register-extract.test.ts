// The register extract (GDPR art. 15) through the officer API: everything stored about one applicant
// — data, photo, cards, visits, decisions, AT-UND, letters, history — and producing it is recorded
// (P4). Bad input is refused naming the field; a purged applicant has nothing left to extract (R15).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RETENTION_JOB_ACTOR } from '../../src/jobs/retention.ts';
import { Retention } from '../../src/services/retention.ts';
import type { Db } from '../../src/store/db.ts';
import { backends } from '../support/backends.ts';
import { officerClient, type RunningApp, startApp } from '../support/http.ts';
import { aWholeStory, type Story } from '../support/retention.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';

for (const backend of backends) {
  describe(`register extract over HTTP on ${backend.name}`, { timeout: 120_000 }, () => {
    let db: Db;
    let s: TestSystem;
    let web: RunningApp;
    let story: Story;

    before(async () => {
      db = await backend.open();
      s = await makeSystem(db, '2026-03-01T09:00:00+01:00');
      story = await aWholeStory(s.service, '2026-03-01');
      web = await startApp(s);
    });
    after(async () => {
      await web.close();
      s.statusLists.stop();
      await db.close();
    });

    it('GET /api/v1/applicants/{id}/extract: everything stored, the photo itself, and who asked', async () => {
      const officer = officerClient(web);
      const r = await officer.get(`/applicants/${story.applicantId}/extract`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      const e = r.body;
      assert.equal(e.extract.language, 'ti');
      assert.match(e.extract.producedBy, /^token:officer-/);
      assert.equal(e.applicant.givenName, story.person.givenName);
      assert.equal(e.applicant.familyName, story.person.familyName);
      assert.equal(e.applicant.birthDate, '1983-11-27');
      assert.deepEqual(e.applicant.address, story.person.address);
      assert.equal(e.applicant.personalIdentityNumber, story.person.personalIdentityNumber);
      assert.equal(e.applicant.dossierNumber, story.dossierNumber);
      assert.equal(Buffer.from(e.photo.base64, 'base64').equals(story.photo), true, 'the stored photo');
      assert.deepEqual(
        e.cards.map((c: { code: string }) => c.code),
        story.codes,
      );
      assert.equal(e.visits.length, 1);
      assert.equal(e.visits[0].office, 'Boden');
      assert.deepEqual(
        e.decisions.map((d: { type: string; effectiveDate: string }) => [d.type, d.effectiveDate]),
        [['rejected', '2026-03-01']],
      );
      assert.equal(e.atUndChanges.length, 1);
      assert.equal(e.letters.length, 2, 'a card-ready letter per card');
      const last = e.history.at(-1);
      assert.equal(last.action, 'applicant.extract_produced');
      assert.equal(last.actor, e.extract.producedBy);
      assert.deepEqual(last.details, { format: 'json' });
      assert.ok(e.history.some((h: { action: string }) => h.action === 'card.cancelled'));
    });

    it('P4: every extract is recorded, whoever asks', async () => {
      const before = (await s.service.applicantView(story.applicantId))?.history as { action: string }[];
      await officerClient(web, web.adminToken).get(`/applicants/${story.applicantId}/extract`);
      const afterwards = (await s.service.applicantView(story.applicantId))?.history as {
        action: string;
        actor: string;
      }[];
      assert.equal(afterwards.length, before.length + 1);
      assert.match(afterwards.at(-1)?.actor ?? '', /^token:admin-/);
    });

    it('bad input is a 400 naming the field, an unknown applicant 404, no token 401 — and none is recorded', async () => {
      const officer = officerClient(web);
      const countBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM history')).rows[0]
        ?.n;
      const bad = await officer.get('/applicants/not-a-uuid/extract');
      assert.equal(bad.status, 400);
      assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.match(JSON.stringify(bad.body), /id/);
      const missing = await officer.get('/applicants/00000000-0000-4000-8000-000000000000/extract');
      assert.equal(missing.status, 404);
      const anonymous = await fetch(`${web.url}/api/v1/applicants/${story.applicantId}/extract`);
      assert.equal(anonymous.status, 401);
      const countAfter = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM history')).rows[0]?.n;
      assert.equal(countAfter, countBefore);
    });

    it('R15: once purged, there is nothing to extract', async () => {
      s.clock.set('2028-03-01T05:00:00+01:00');
      await new Retention({ db, readModel: s.readModel, clock: s.clock, months: 24 }).run(
        RETENTION_JOB_ACTOR,
      );
      assert.equal((await officerClient(web).get(`/applicants/${story.applicantId}/extract`)).status, 404);
    });
  });
}
