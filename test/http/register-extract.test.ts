// The register extract (GDPR art. 15) through the officer API: everything stored about one applicant
// — data, photo, cards, visits, decisions, AT-UND, letters, history — and producing it is recorded
// (P4). Bad input is refused naming the field; a purged applicant has nothing left to extract (R15).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { RETENTION_JOB_ACTOR } from '../../src/jobs/retention.ts';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { Retention } from '../../src/services/retention.ts';
import type { Db } from '../../src/store/db.ts';
import type { HistoryEntry } from '../../src/store/record-store.ts';
import { backends } from '../support/backends.ts';
import { signInAs } from '../support/console.ts';
import { officerClient, type RunningApp, startApp } from '../support/http.ts';
import { aWholeStory, type Story } from '../support/retention.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';

const PASSWORD = 'a-long-enough-password';

/** The applicant's history as the officer view has it. */
async function historyOf(s: TestSystem, applicantId: string): Promise<HistoryEntry[]> {
  const view = await s.service.applicantView(applicantId);
  assert.ok(view, 'the applicant is there');
  return view.history;
}

/** The PDF's text as Poppler reads it (pdftotext), to check what a reader sees. */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
}

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
      assert.deepEqual(
        e.letters.map((l: { kind: string }) => l.kind).sort(),
        ['card_cancelled', 'card_ready', 'card_ready'],
        'a card-ready letter per card, and one saying the first was cancelled (R10)',
      );
      const last = e.history.at(-1);
      assert.equal(last.action, 'applicant.extract_produced');
      assert.equal(last.actor, e.extract.producedBy);
      assert.deepEqual(last.details, { format: 'json' });
      assert.ok(e.history.some((h: { action: string }) => h.action === 'card.cancelled'));
    });

    it("extract.pdf: a PDF in the holder's language with Swedish alongside, recorded too", async () => {
      const res = await fetch(`${web.url}/api/v1/applicants/${story.applicantId}/extract.pdf`, {
        headers: { authorization: `Bearer ${web.officerToken}` },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const pdf = Buffer.from(await res.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const text = pdfText(pdf);
      for (const words of [
        'ቅዳሕ መዝገብ', // the title in Tigrinya, the holder's language…
        'Registerutdrag', // …and in Swedish
        'Kort',
        'Vem gjorde vad',
        story.person.givenName,
        story.person.personalIdentityNumber as string,
        story.codes[1] as string,
        'applicant.extract_produced',
      ])
        assert.ok(text.includes(words), `the PDF says ${words}`);
      const last = (await historyOf(s, story.applicantId)).at(-1);
      assert.deepEqual(last?.details, { format: 'pdf' });
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

    it('the console: the applicant page links to the extract; following it makes the PDF and records it', async () => {
      const accounts = new OfficerAccounts(db, s.clock);
      await accounts.createOfficer('test', { username: 'olle', role: 'officer', password: PASSWORD });
      const c = await signInAs(web, 'olle');
      const page = await c.get(`/officer/applicants/${story.applicantId}`);
      assert.equal(page.status, 200);
      const link = /<a href="([^"]+)" data-testid="extract">([^<]+)<\/a>/.exec(page.body);
      assert.deepEqual(link?.slice(1), [
        `/officer/applicants/${story.applicantId}/extract.pdf`,
        'Registerutdrag (PDF)',
      ]);
      const pdf = await fetch(`${web.url}${link?.[1]}`, {
        headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.ok(pdfText(Buffer.from(await pdf.arrayBuffer())).includes(story.person.familyName));
      const last = (await historyOf(s, story.applicantId)).at(-1);
      assert.equal(last?.actor, 'officer:olle');
      const anonymous = await fetch(`${web.url}${link?.[1]}`, { redirect: 'manual' });
      assert.notEqual(anonymous.status, 200, 'not without signing in');
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
