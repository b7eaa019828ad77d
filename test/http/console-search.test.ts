// The console's one search box over real HTTP on PGlite and PostgreSQL: what an officer types or a
// hand scanner sends leads to the applicant, a list with photo thumbnails, or a problem named at the
// field (400) — and the older dossierNumber= links still work.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { formatCardCode } from '../../src/domain/card-code.ts';
import { buildQrUrl } from '../../src/domain/status-list.ts';
import { backends } from '../support/backends.ts';
import { type ConsoleClient, consoleOn, pageText, signInAs } from '../support/console.ts';
import { anApplicantWithActiveCard, BASE_URL, OFFICER } from '../support/system.ts';

for (const backend of backends) {
  describe(`the console search box on ${backend.name}`, () => {
    const f = consoleOn(backend, { olle: 'officer' });
    let c: ConsoleClient;
    let amal: Awaited<ReturnType<typeof anApplicantWithActiveCard>>;
    let amal2: Awaited<ReturnType<typeof anApplicantWithActiveCard>>;

    before(async () => {
      amal = await anApplicantWithActiveCard(f.s.service, {
        givenName: 'Amal',
        familyName: 'Searchsson',
        birthDate: '1996-03-14',
      });
      amal2 = await anApplicantWithActiveCard(f.s.service, {
        givenName: 'Amal',
        familyName: 'Searchsson',
        birthDate: '1988-11-02',
      });
      await f.s.service.registerApplicant(OFFICER, {
        givenName: 'Amal',
        familyName: 'Searchsson-Nophoto',
        birthDate: '2001-01-01',
        nationality: 'SOM',
        language: 'so',
      });
      c = await signInAs(f.web, 'olle');
    });

    const search = (q: string) => c.get(`/officer/?q=${encodeURIComponent(q)}`);
    const opens = async (q: string, applicantId: string) => {
      const r = await search(q);
      assert.equal(r.status, 303, `${q}: ${pageText(r.body).slice(0, 200)}`);
      assert.equal(r.location, `/officer/applicants/${applicantId}`, q);
    };
    const refuses = async (q: string, message: RegExp) => {
      const r = await search(q);
      assert.equal(r.status, 400, q);
      assert.match(pageText(r.body), new RegExp(`Ärendenummer, kortkod eller namn: ${message.source}`), q);
      assert.match(r.body, /aria-invalid="true"/);
      assert.match(
        r.body,
        new RegExp(`value="${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('"', '&quot;')}"`),
        'the input is kept',
      );
    };

    it('the find page has one search box, focused', async () => {
      const r = await c.get('/officer/');
      assert.equal((r.body.match(/<input id="f-[^"]*" name="/g) ?? []).length, 1);
      assert.match(r.body, /<input id="f-q" name="q" type="search"[^>]* autofocus>/);
    });

    it('a case number with or without the hyphen opens the applicant', async () => {
      await opens(amal.dossierNumber, amal.applicantId);
      await opens(amal.dossierNumber.replace('-', ''), amal.applicantId);
      const none = await search('99-999999');
      assert.equal(none.status, 200);
      assert.match(pageText(none.body), /Ingen sökande matchar sökningen\./);
    });

    it('a card code, typed or the whole QR address from a hand scanner, opens its holder', async () => {
      await opens(amal2.code, amal2.applicantId);
      await opens(formatCardCode(amal2.code).toLowerCase(), amal2.applicantId);
      await opens(buildQrUrl(BASE_URL, amal2.code, { list: 0, index: 5 }), amal2.applicantId);
      await opens(
        buildQrUrl(BASE_URL, amal2.code, null).replaceAll('/', '-').replaceAll(':', 'Ö'),
        amal2.applicantId,
      );
      await refuses(
        `https://lma.example.se.evil.example/K/${amal2.code}`,
        /QR-koden eller adressen hör inte till vår tjänst/,
      );
      const typo = `${amal2.code.slice(0, 5)}${amal2.code[5] === 'X' ? 'Y' : 'X'}${amal2.code.slice(6)}`;
      // As printed (with hyphens), whatever symbols the random code has.
      await refuses(formatCardCode(typo), /ser ut som en kortkod men stämmer inte/);
    });

    it('a name with a birth date in any of the three ways opens the one applicant', async () => {
      for (const date of ['1996-03-14', '19960314', '14.03.1996'])
        await opens(`amal searchsson ${date}`, amal.applicantId);
      await refuses(
        'Amal Searchsson 14/03/1996',
        /skriv födelsedatumet sist, som 1996-03-14, 19960314 eller 14\.03\.1996/,
      );
      await refuses('14.03.1996', /skriv ett namn före födelsedatumet/);
    });

    it('several matches: a list with photo thumbnails, case numbers and birth dates', async () => {
      const r = await search('Searchsson');
      assert.equal(r.status, 200);
      assert.match(pageText(r.body), /3 träffar/);
      const list = /data-testid="results">(.*?)<\/ul>/s.exec(r.body)?.[1] ?? '';
      const items = [...list.matchAll(/<li>(.*?)<\/li>/gs)].map((m) => m[1] as string);
      assert.equal(items.length, 3);
      const withThumb = items.filter((x) =>
        /<img class="thumb" src="\/officer\/applicants\/[^"]+\/photo/.test(x),
      );
      assert.equal(withThumb.length, 2, 'the two with a photo have a thumbnail');
      assert.ok(
        items.some((x) => pageText(x).includes(`ärendenummer ${amal.dossierNumber} · född 1996-03-14`)),
      );
      const thumb = /<img class="thumb" src="([^"]+)"/.exec(r.body)?.[1] as string;
      const photo = await c.get(thumb.replaceAll('&amp;', '&'));
      assert.equal(photo.status, 200);
    });

    it('more than fit: the first 50, and the page says to add the birth date', async () => {
      for (let i = 0; i < 51; i++)
        await f.s.service.registerApplicant(OFFICER, {
          givenName: `Many${i}`,
          familyName: 'Manysson',
          birthDate: '1990-01-01',
          nationality: 'SYR',
          language: 'ar',
        });
      const r = await search('manysson');
      assert.equal(r.status, 200);
      assert.match(
        pageText(r.body),
        /50 träffar Listan visar de 50 första\. Skriv födelsedatumet efter namnet för färre träffar\./,
      );
      const few = await search('searchsson');
      assert.doesNotMatch(few.body, /more-matches/);
    });

    it('the older links by dossierNumber and by name and birth date still work', async () => {
      const r = await c.get(`/officer/?dossierNumber=${amal.dossierNumber}`);
      assert.equal(r.location, `/officer/applicants/${amal.applicantId}`);
      const n = await c.get('/officer/?name=searchsson&birthDate=1988-11-02');
      assert.equal(n.location, `/officer/applicants/${amal2.applicantId}`);
    });
  });
}
