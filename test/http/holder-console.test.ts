// R16 in the officer console over HTTP: a holder's report shows on the applicant's page (banner, the
// report, the history); the officer lifts it or confirms it (cancelled as reported, new card ordered)
// after a confirming page, each once and recorded (P4); "new personal code" prints the letter again and
// the old code stops working. An auditor sees the report but no buttons.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends } from '../support/backends.ts';
import { consoleOn, pageText, signInAs } from '../support/console.ts';
import { aHolder, holderPost } from '../support/holder.ts';
import { status } from '../support/http.ts';

for (const backend of backends) {
  describe(`holder reports in the console on ${backend.name}`, () => {
    const f = consoleOn(backend, { olle: 'officer', greta: 'auditor' });

    const signedIn = (username: string) => signInAs(f.web, username);
    const reported = async (reason: 'lost' | 'stolen') => {
      const h = await aHolder(f.s.service, f.s.db);
      const r = await holderPost(f.web, '/api/v1/holder/report', {
        code: h.code,
        personalCode: h.personalCode,
        reason,
      });
      assert.equal(r.status, 200);
      return h;
    };
    const history = async (applicantId: string, action: string) =>
      (
        await f.s.db.query<{ actor: string }>(
          'SELECT actor FROM history WHERE applicant_id = $1 AND action = $2',
          [applicantId, action],
        )
      ).rows.map((r) => r.actor);

    it('the report shows on the applicant page and in the history; lifting it asks first, then the card is valid again', async () => {
      const h = await reported('lost');
      const c = await signedIn('olle');
      const page = pageText((await c.get(`/officer/applicants/${h.applicantId}`)).body);
      assert.match(page, /Kontrollen visar nu: LMA-kort EJ giltigt/);
      assert.match(page, /innehavaren har anmält kortet förlorat eller stulet/);
      assert.match(page, /Innehavaren anmälde kortet förlorat/);
      assert.match(
        pageText((await c.get(`/officer/applicants/${h.applicantId}/history`)).body),
        /Innehavaren anmälde kort \d{2}-\d{6}\/1 \(förlorat\); kortet är stoppat/,
      );

      const ask = await c.post(`/officer/cards/${h.cardId}/holder-report/lift`);
      assert.equal(ask.status, 200);
      assert.match(pageText(ask.body), /Häva anmälan för kort/);
      assert.equal((await status(f.web, h.code)).body.result, 'not_valid', 'asking changes nothing');

      const done = await c.post(`/officer/cards/${h.cardId}/holder-report/lift`, { confirm: 'yes' });
      assert.equal(done.status, 303);
      assert.match(pageText((await c.get(done.location as string)).body), /Anmälan hävd/);
      assert.equal((await status(f.web, h.code)).body.result, 'valid');
      const again = await c.post(`/officer/cards/${h.cardId}/holder-report/lift`, { confirm: 'yes' });
      assert.match(pageText((await c.get(again.location as string)).body), /ingen öppen anmälan/);
      assert.deepEqual(await history(h.applicantId, 'card.report_lifted'), ['officer:olle']);
    });

    it('confirming cancels the card with the reported reason and orders a new one', async () => {
      const h = await reported('stolen');
      const c = await signedIn('olle');
      await c.get(`/officer/applicants/${h.applicantId}`);
      const ask = await c.post(`/officer/cards/${h.cardId}/holder-report/confirm`);
      assert.match(pageText(ask.body), /som stulet och beställ ett nytt kort/);
      const done = await c.post(`/officer/cards/${h.cardId}/holder-report/confirm`, { confirm: 'yes' });
      assert.equal(done.status, 303);
      const { rows } = await f.s.db.query<{ state: string; cancel_reason: string | null }>(
        'SELECT state, cancel_reason FROM cards WHERE applicant_id = $1 ORDER BY serial',
        [h.applicantId],
      );
      assert.deepEqual(rows, [
        { state: 'cancelled', cancel_reason: 'stolen' },
        { state: 'ordered', cancel_reason: null },
      ]);
      assert.deepEqual(await history(h.applicantId, 'card.report_confirmed'), ['officer:olle']);
      assert.equal((await history(h.applicantId, 'card.cancelled')).length, 1);
    });

    it('a new personal code: the letter again as PDF, and the old code no longer opens the card', async () => {
      const h = await aHolder(f.s.service, f.s.db);
      const c = await signedIn('olle');
      await c.get(`/officer/applicants/${h.applicantId}`);
      const ask = await c.post(`/officer/cards/${h.cardId}/personal-code`);
      assert.match(pageText(ask.body), /med en ny personlig kod/);
      const pdf = await c.post(`/officer/cards/${h.cardId}/personal-code`, { confirm: 'yes' });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const old = await holderPost(f.web, '/api/v1/holder/status', {
        code: h.code,
        personalCode: h.personalCode,
      });
      assert.equal(old.status, 401);
      assert.deepEqual(await history(h.applicantId, 'holder.code_issued'), ['job:letters', 'officer:olle']);
    });

    it('an auditor sees the report and no buttons, and cannot act', async () => {
      const h = await reported('lost');
      const c = await signedIn('greta');
      const page = (await c.get(`/officer/applicants/${h.applicantId}`)).body;
      assert.match(pageText(page), /Innehavaren anmälde kortet förlorat/);
      assert.ok(!page.includes('/holder-report/'), 'no answer buttons');
      const refused = await c.post(`/officer/cards/${h.cardId}/holder-report/lift`, { confirm: 'yes' });
      assert.equal(refused.status, 403);
      assert.equal((await status(f.web, h.code)).body.result, 'not_valid');
    });
  });
}
