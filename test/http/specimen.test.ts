// Through real HTTP: specimen (training) cards. Registered only by an admin, only as a new
// applicant with no real identifiers; their cards answer their real R11 result marked "specimen"
// (JSON field present only for them, page a grey EXEMPEL screen in every language); no letters; and
// their lookups never count as real ones in the statistics or the metrics (P3).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PAGE_LANGUAGES, TEXTS } from '../../src/http/public/texts.ts';
import { runReminderSweep } from '../../src/jobs/reminder-sweep.ts';
import { backends } from '../support/backends.ts';
import { type Json, officerClient, type RunningApp, startApp, status } from '../support/http.ts';
import {
  anApplicant,
  anApplicantWithActiveCard,
  makeSystem,
  OFFICER,
  PHOTO,
  type TestSystem,
} from '../support/system.ts';

for (const backend of backends) {
  describe(`specimen cards (${backend.name})`, () => {
    let s: TestSystem;
    let web: RunningApp;
    let admin: ReturnType<typeof officerClient>;
    let real: Awaited<ReturnType<typeof anApplicantWithActiveCard>>;
    let specimenId: string;
    let specimenCode: string;
    let specimenNotValidCode: string;

    /** An admin registers a specimen and takes it to an active card, as a trainer would. */
    async function specimenCard(): Promise<{ id: string; code: string; produced: Json }> {
      const reg = await admin.post('/applicants', { ...anApplicant(), specimen: true });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const id = reg.body.id as string;
      await fetch(`${web.url}/api/v1/applicants/${id}/photo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${web.adminToken}`, 'content-type': 'image/png' },
        body: PHOTO,
      });
      const fp = await admin.post(`/applicants/${id}/fingerprints`, {});
      const card = fp.body.cardOrdered as Json;
      const produced = await admin.post(`/cards/${card.id}/produced`, {});
      await admin.post(`/cards/${card.id}/handover`, {});
      return { id, code: card.code, produced: produced.body };
    }

    before(async () => {
      s = await makeSystem(await backend.open()); // 2 June 2026, noon in Stockholm
      web = await startApp(s);
      admin = officerClient(web, web.adminToken);
      real = await anApplicantWithActiveCard(s.service);
      const sp = await specimenCard();
      specimenId = sp.id;
      specimenCode = sp.code;
      assert.equal(sp.produced.letter, null, 'producing a specimen card makes no "card ready" letter');
      const notValid = await specimenCard();
      await admin.put(`/applicants/${notValid.id}/at-und`, { granted: true });
      await admin.post(`/applicants/${notValid.id}/decisions`, { type: 'grounds_changed' });
      specimenNotValidCode = notValid.code;
    });
    after(async () => {
      await web.close();
      await s.db.close();
    });

    it('only an admin token may register a specimen (officer: 403 naming specimen)', async () => {
      const r = await officerClient(web).post('/applicants', { ...anApplicant(), specimen: true });
      assert.equal(r.status, 403);
      assert.equal(r.body.field, 'specimen');
    });

    it('a specimen is nobody: no dossier number, identity number or family tie of a real person (400 naming it)', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ dossierNumber: '12-345678' }, 'dossierNumber'],
        [{ personalIdentityNumber: '198112189876' }, 'personalIdentityNumber'],
        [{ guardianOf: [real.applicantId] }, 'guardianOf'],
      ];
      for (const [extra, field] of cases) {
        const r = await admin.post('/applicants', { ...anApplicant(), specimen: true, ...extra });
        assert.equal(r.status, 400, field);
        assert.equal(r.body.field, field);
      }
      const view = await admin.get(`/applicants/${specimenId}`);
      assert.equal(view.body.specimen, true);
      assert.deepEqual(view.body.letters, [], 'no letters');
      assert.equal((await admin.get(`/applicants/${real.applicantId}`)).body.specimen, false);
    });

    it('the status JSON adds "specimen": true to the real answer — and only for a specimen card', async () => {
      const sp = await status(web, specimenCode);
      assert.equal(sp.status, 200);
      assert.deepEqual(sp.body, {
        result: 'valid',
        atUnd: false,
        checkedAt: '2026-06-02T10:00:00.000Z',
        specimen: true,
        // Its status-list entry, like any card's.
        statusListCredential: sp.body.statusListCredential,
        statusListIndex: sp.body.statusListIndex,
      });
      assert.match(sp.body.statusListCredential, /^https:\/\/lma\.example\.se\/status-lists\/\d+$/);
      const nv = await status(web, specimenNotValidCode);
      assert.deepEqual([nv.body.result, nv.body.atUnd, nv.body.specimen], ['not_valid', true, true]);
      const res = await fetch(`${web.url}/api/v1/status/${real.code}`);
      assert.equal(
        await res.text(),
        `{"result":"valid","atUnd":false,"checkedAt":"2026-06-02T10:00:00.000Z",${s.statusLists.entryJson(real.code)}}`,
        'a real answer is unchanged, byte for byte (with its status-list entry)',
      );
    });

    it('the page is a grey EXEMPEL screen that names the answer it demonstrates, in every language', async () => {
      const sv = await (await fetch(`${web.url}/k/${specimenCode}`)).text();
      assert.match(sv, /<section class="a x" data-result="valid" data-specimen="true">/);
      assert.match(sv, /<h1>EXEMPEL — inte ett riktigt kort<\/h1>/);
      assert.match(sv, /Exemplet visar svaret: LMA-kort giltigt/);
      assert.match(sv, /<title>EXEMPEL — inte ett riktigt kort – LMA-kort giltigt/);
      const nv = await (await fetch(`${web.url}/k/${specimenNotValidCode}`)).text();
      assert.match(nv, /Exemplet visar svaret: LMA-kort EJ\u00a0giltigt/);
      assert.match(nv, /AT-UND finns/);
      for (const lang of PAGE_LANGUAGES) {
        const html = await (await fetch(`${web.url}/k/${specimenCode}?lang=${lang}`)).text();
        assert.ok(html.includes(`<h1>${TEXTS[lang].specimen}</h1>`), `${lang}: EXEMPEL headline`);
        assert.ok(html.includes(TEXTS[lang].headline.valid), `${lang}: names the answer`);
        assert.ok(html.includes('data-specimen="true"'), lang);
      }
      const realPage = await (await fetch(`${web.url}/k/${real.code}`)).text();
      assert.ok(!/data-specimen|EXEMPEL/.test(realPage), 'a real card’s page says nothing of specimens');
    });

    it('fast path and routed path answer a specimen byte for byte alike', async () => {
      for (const path of [`/api/v1/status/${specimenCode}`, `/k/${specimenCode}?lang=ar`]) {
        const socket = await fetch(web.url + path, { headers: { 'accept-language': 'sv' } });
        const routed = await web.app.inject({
          method: 'GET',
          url: path,
          headers: { 'accept-language': 'sv' },
        });
        assert.equal(await socket.text(), routed.body, path);
      }
    });

    it('R7: a specimen card gets no reminder when it nears its end; a real card does', async () => {
      s.clock.set('2026-08-25T12:00:00+02:00');
      try {
        await runReminderSweep(s.db, s.clock);
        const letters = (id: string) => admin.get(`/applicants/${id}`).then((r) => r.body.letters as Json[]);
        assert.deepEqual(
          (await letters(specimenId)).map((l) => l.kind),
          [],
        );
        assert.ok((await letters(real.applicantId)).some((l: Json) => l.kind === 'reminder'));
      } finally {
        s.clock.set('2026-06-02T12:00:00+02:00');
      }
    });

    it('P3: specimen lookups count as "specimen", never as real answers; their cards are not in the statistics', async () => {
      const before = (await admin.get('/statistics?from=2026-06-02&to=2026-06-02')).body.totals;
      await status(web, specimenCode);
      await fetch(`${web.url}/k/${specimenCode}`);
      await status(web, real.code);
      const after = (await admin.get('/statistics?from=2026-06-02&to=2026-06-02')).body.totals;
      assert.equal(after.lookups.specimen - before.lookups.specimen, 2);
      assert.equal(after.lookups.valid - before.lookups.valid, 1, 'only the real card');
      // One real card (registered through the service) was ordered, produced and handed over today.
      assert.equal(after.cardsOrdered, 1);
      assert.equal(after.cardsProduced, 1);
      assert.equal(after.cardsHandedOver, 1);
      assert.equal(after.letters.card_ready, 1);
      const metrics = await (await fetch(`${web.url}/metrics`)).text();
      assert.match(metrics, /lmakort_lookups_total\{result="specimen"\} [1-9]/);
    });

    it('the read model knows a specimen after a restart (loaded from the database)', async () => {
      const { ReadModel } = await import('../../src/store/read-model.ts');
      const fresh = new ReadModel();
      await fresh.load(s.db);
      assert.deepEqual(fresh.lookup(specimenCode, '2026-06-02'), {
        result: 'valid',
        atUnd: false,
        specimen: true,
      });
      assert.deepEqual(fresh.lookup(real.code, '2026-06-02'), { result: 'valid', atUnd: false });
    });

    it('the service refuses a specimen with real identifiers whatever door it comes through', async () => {
      await assert.rejects(
        s.service.registerApplicant(OFFICER, {
          ...anApplicant(),
          specimen: true,
          dossierNumber: '33-000001',
        }),
        /specimen/,
      );
    });
  });
}
