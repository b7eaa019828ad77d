// The applicant's page and the choices on it, over real HTTP on PGlite and PostgreSQL: the visit in
// the header band with the focus on arrival, no decision preselected (a "Välj…" left as it is is a 400
// naming the field and changes nothing), cancelling a card on its own page that tells the truth
// about the holder's next days, confirmation pages that focus their heading, plain words (no rule
// codes, nationality by name), and an admin not offered what would be refused on their own account.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { backends } from '../support/backends.ts';
import { consoleOn, pageText, signInAs } from '../support/console.ts';
import { status } from '../support/http.ts';
import { anApplicantWithActiveCard, anApplicantWithOrderedCard, OFFICER } from '../support/system.ts';

const START = '2026-06-02T12:00:00+02:00';

/** The options of the select named `name`, and which one is selected. */
function selectOf(body: string, name: string): { options: string[]; selected: string[] } {
  const select = new RegExp(`<select id="f-${name}" name="${name}"[^>]*>(.*?)</select>`, 's').exec(body)?.[1];
  assert.ok(select, `a select named ${name}`);
  const options = [...select.matchAll(/<option value="([^"]*)"( selected)?>/g)];
  return {
    options: options.map((o) => o[1] as string),
    selected: options.filter((o) => o[2]).map((o) => o[1] as string),
  };
}

for (const backend of backends) {
  describe(`the applicant page and its choices on ${backend.name}`, () => {
    const f = consoleOn(backend, { olle: 'officer', astrid: 'admin' });
    beforeEach(() => f.s.clock.set(START));

    const signedIn = (username: string) => signInAs(f.web, username);
    const historyRows = async (applicantId: string) =>
      (
        await f.s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM history WHERE applicant_id = $1', [
          applicantId,
        ])
      ).rows[0]?.n;

    it('the band: photo, case number, the check and "Registrera besök" first, with the focus on arrival only', async () => {
      const a = await anApplicantWithActiveCard(f.s.service, { nationality: 'XXA' });
      const c = await signedIn('olle');
      const page = await c.get(`/officer/applicants/${a.applicantId}`);
      const band = /<section class="band".*?<\/section><section/s.exec(page.body)?.[0] ?? '';
      assert.match(band, /<img class="photo" src="\/officer\/applicants\/[^"]+\/photo/);
      assert.match(pageText(band), new RegExp(`Ärendenummer ${a.dossierNumber}`));
      assert.match(pageText(band), /Kontrollen visar nu: LMA-kort giltigt/);
      assert.match(
        band,
        /<button type="submit" class="primary big" data-testid="register-visit" accesskey="b"[^>]* autofocus>Registrera besök<\/button>/,
      );
      assert.ok(
        page.body.indexOf('register-visit') < page.body.indexOf('id="h-card"'),
        'the visit comes before the card',
      );
      assert.match(pageText(page.body), /Medborgarskap statslös \(XXA\)/, 'nationality by its name');
      assert.doesNotMatch(pageText(page.body), /\((R|C|P|S)\d+\)/, 'no rule codes on the screen');
      assert.doesNotMatch(page.body, /Dossiernummer/);

      const after = await c.post(`/officer/applicants/${a.applicantId}/visits`);
      const next = await c.get(after.location as string);
      assert.match(pageText(next.body), /Besöket är registrerat/);
      assert.doesNotMatch(
        next.body,
        /autofocus/,
        'after an action nothing has the focus, so Enter does not act twice',
      );

      const history = pageText((await c.get(`/officer/applicants/${a.applicantId}/history`)).body);
      assert.match(history, /olle registrerade ett besök; kortet gäller fortfarande till 2026-09-02\./);
      assert.match(
        history,
        new RegExp(`test-officer lämnade ut kort ${a.dossierNumber}/1; kortet gäller till 2026-09-02\\.`),
      );
      assert.match(
        history,
        new RegExp(`test-officer registrerade sökanden med ärendenummer ${a.dossierNumber}\\.`),
      );
      assert.doesNotMatch(history, /[{}]|cardId|officer:/, 'sentences, not raw details');
    });

    it("a card waiting for its holder: the handover is the band's primary action and names the card", async () => {
      const a = await anApplicantWithOrderedCard(f.s.service);
      await f.s.service.markCardProduced(OFFICER, a.cardId);
      const c = await signedIn('olle');
      const page = await c.get(`/officer/applicants/${a.applicantId}`);
      assert.match(
        page.body,
        new RegExp(`data-testid="hand-over" autofocus>Lämna ut kort ${a.dossierNumber}/1</button>`),
      );
      assert.match(page.body, /class="secondary" data-testid="register-visit"/);
    });

    it('no preselected decision, AT-UND change or letter language; "Välj…" gives a field error and changes nothing', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const c = await signedIn('olle');
      const page = await c.get(`/officer/applicants/${a.applicantId}`);
      for (const name of ['type', 'granted']) {
        const sel = selectOf(page.body, name);
        assert.equal(sel.options[0], '', `${name}: "Välj…" first`);
        assert.deepEqual(sel.selected, [''], `${name}: nothing chosen`);
      }
      const before = await historyRows(a.applicantId);
      const decision = await c.post(`/officer/applicants/${a.applicantId}/decisions`, {
        type: '',
        effectiveDate: '',
        confirm: 'yes',
      });
      assert.equal(decision.status, 400);
      assert.match(decision.body, /id="f-type-error">välj ett av alternativen/);
      const atUnd = await c.post(`/officer/applicants/${a.applicantId}/at-und`, {
        granted: '',
        atUndDate: '',
      });
      assert.equal(atUnd.status, 400);
      assert.match(atUnd.body, /id="f-granted-error">välj ett av alternativen/);
      assert.equal(await historyRows(a.applicantId), before, 'nothing recorded');
      assert.equal((await status(f.web, a.code)).body.result, 'valid');

      const register = await c.get('/officer/applicants/new');
      assert.deepEqual(selectOf(register.body, 'language').selected, ['']);
      const noLanguage = await c.post('/officer/applicants', {
        givenName: 'Amal',
        familyName: 'Hassan',
        birthDate: '1990-01-01',
        nationality: 'SOM',
        language: '',
      });
      assert.equal(noLanguage.status, 400);
      assert.match(pageText(noLanguage.body), /Språk för brev: välj ett av alternativen/);
    });

    it('cancelling a card: its own page, no reason preselected, the truth about the holder, the heading focused', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const c = await signedIn('olle');
      const applicant = await c.get(`/officer/applicants/${a.applicantId}`);
      assert.doesNotMatch(applicant.body, /name="reason"/, 'no cancel form on the applicant page');
      assert.match(
        applicant.body,
        new RegExp(`href="/officer/cards/${a.cardId}/cancel"[^>]*>Spärra kort ${a.dossierNumber}/1</a>`),
      );

      const page = await c.get(`/officer/cards/${a.cardId}/cancel`);
      assert.equal(page.status, 200);
      assert.match(
        page.body,
        new RegExp(`<h1 tabindex="-1" autofocus>Spärra kort ${a.dossierNumber}/1</h1>`),
      );
      assert.doesNotMatch(page.body, /<button[^>]*autofocus/, 'not the red button');
      assert.deepEqual(selectOf(page.body, 'reason').selected, ['']);
      assert.match(
        pageText(page.body),
        /sökanden har inget giltigt LMA-kort förrän det nya kortet är tillverkat och utlämnat/,
      );
      assert.match(
        page.body,
        new RegExp(`<button type="submit" class="danger">Spärra kort ${a.dossierNumber}/1</button>`),
      );

      const before = await historyRows(a.applicantId);
      const none = await c.post(`/officer/cards/${a.cardId}/cancel`, { reason: '', confirm: 'yes' });
      assert.equal(none.status, 400);
      assert.match(none.body, /id="f-reason-error">välj ett av alternativen/);
      assert.match(pageText(none.body), /Anledning: välj ett av alternativen/);
      assert.equal(await historyRows(a.applicantId), before, 'nothing recorded');
      assert.equal((await status(f.web, a.code)).body.result, 'valid', 'the card is still valid');

      const done = await c.post(`/officer/cards/${a.cardId}/cancel`, { reason: 'lost', confirm: 'yes' });
      assert.equal(done.status, 303);
      const next = await c.get(done.location as string);
      assert.match(
        pageText(next.body),
        new RegExp(
          `Kort ${a.dossierNumber}/1 är spärrat\\. Nytt kort ${a.dossierNumber}/2 är beställt\\. Sökanden har inget giltigt kort förrän ${a.dossierNumber}/2 är utlämnat\\.`,
        ),
      );
      assert.equal((await status(f.web, a.code)).body.result, 'not_valid');
    });

    it('confirmation pages focus the heading and name the action on the button', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const c = await signedIn('olle');
      await c.get(`/officer/applicants/${a.applicantId}`);
      const ask = await c.post(`/officer/applicants/${a.applicantId}/decisions`, {
        type: 'rejected',
        effectiveDate: '',
      });
      assert.equal(ask.status, 200);
      assert.match(ask.body, /<h1 tabindex="-1" autofocus>/);
      assert.doesNotMatch(ask.body, /<button[^>]*autofocus/);
      assert.match(ask.body, /<button type="submit" class="danger">Registrera beslutet Avslag<\/button>/);
      assert.doesNotMatch(pageText(ask.body), /\(R8\)/);
    });

    it('an admin is not offered to disable their own account', async () => {
      const c = await signedIn('astrid');
      const page = await c.get('/officer/admin/officers');
      const own = /<tr data-username="astrid">.*?<\/tr>/s.exec(page.body)?.[0] ?? '';
      const other = /<tr data-username="olle">.*?<\/tr>/s.exec(page.body)?.[0] ?? '';
      assert.ok(own && other);
      assert.doesNotMatch(own, /\/disable"/);
      assert.match(other, /\/disable"/);
    });
  });
}
