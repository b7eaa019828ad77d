// The console's statistics page through real HTTP on PGlite and PostgreSQL: for admins and auditors
// only, the same figures as GET /api/v1/statistics month by month, the saving worked out from them
// with its assumptions, the chart drawn by us in the officer's language, and bad months refused.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { backends } from '../support/backends.ts';
import { ConsoleClient, pageText } from '../support/console.ts';
import { appOn, type Json, officerClient, status } from '../support/http.ts';
import { anApplicantWithActiveCard, anApplicantWithOrderedCard, OFFICER } from '../support/system.ts';

const PASSWORD = 'a-long-enough-password';

for (const backend of backends) {
  describe(`console statistics over HTTP on ${backend.name}`, () => {
    const fx = appOn(backend, { cardCostSek: 150 }); // now: 2 June 2026, noon in Stockholm

    before(async () => {
      const { s, web } = fx;
      const accounts = new OfficerAccounts(s.db, s.clock);
      for (const [username, role] of [
        ['olle', 'officer'],
        ['astrid', 'admin'],
        ['greta', 'auditor'],
      ] as const)
        await accounts.createOfficer('test', { username, role, password: PASSWORD });
      const a = await anApplicantWithActiveCard(s.service, {}, '2026-05-10');
      const b = await anApplicantWithActiveCard(s.service, {}, '2026-06-01');
      await anApplicantWithOrderedCard(s.service);
      await s.service.registerVisit(OFFICER, a.applicantId, {}); // extends a's card
      await s.service.cancelCard(OFFICER, b.cardId, { reason: 'lost' }); // and orders a new one
      await status(web, a.code);
      await status(web, a.code);
      await status(web, 'ZZZZZZZZZZZZ0');
    });

    const signedIn = async (username: string) => {
      const c = new ConsoleClient(fx.web);
      assert.equal((await c.signIn(username, PASSWORD)).status, 303);
      return c;
    };

    /** The cells of one table row on the page, by the table's test id and the row's heading. */
    const row = (body: string, table: string, heading: string): string[] => {
      const t = new RegExp(`data-testid="stats-${table}">([\\s\\S]*?)</table>`).exec(body)?.[1] ?? '';
      const r = [...t.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
        .map((m) => m[1] ?? '')
        .find((cells) => pageText(cells).startsWith(`${heading} `));
      assert.ok(r, `a row ${heading} in ${table}`);
      return [...r.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
    };

    it('an admin sees the months of the API figures: cards, extensions, saving, letters, lookups', async () => {
      const c = await signedIn('astrid');
      const page = await c.get('/officer/statistics?from=2026-05&to=2026-06');
      assert.equal(page.status, 200);
      const api = await officerClient(fx.web, fx.web.adminToken).get(
        '/statistics?from=2026-05-01&to=2026-06-30&by=month',
      );
      assert.equal(api.status, 200);
      for (const p of api.body.periods as Json[]) {
        const cancelled = Object.values(p.cardsCancelled as Record<string, number>).reduce(
          (x, y) => x + y,
          0,
        );
        assert.deepEqual(
          row(page.body, 'cards', p.period),
          [p.cardsOrdered, p.cardsProduced, p.cardsHandedOver, cancelled, p.extensions, p.savedSek].map(
            String,
          ),
          `cards in ${p.period} as the API counts them`,
        );
        assert.deepEqual(
          row(page.body, 'letters', p.period),
          [p.letters.card_ready, p.letters.reminder, p.letters.card_cancelled].map(String),
        );
      }
      // What happened, as the officer reads it: June has 3 ordered, 1 produced, 1 handed over, 1 lost, 1 extension.
      assert.deepEqual(row(page.body, 'cards', '2026-06'), ['3', '1', '1', '1', '1', '150']);
      assert.deepEqual(row(page.body, 'cards', 'Totalt'), ['4', '2', '2', '1', '1', '150']);
      const lookups = row(page.body, 'lookups', '2026-06');
      assert.equal(lookups[0], '2', 'two valid answers');
      assert.equal(Number(lookups[2]) + Number(lookups[3]), 1, 'one unknown or malformed code');
      const text = pageText(page.body);
      assert.match(text, /1 förlängningar × 150 kr per kort = 150 kr/);
      assert.match(text, /Antaganden/);
      assert.match(text, /LMA_CARD_COST_SEK/);
      assert.match(text, /\(2 kort under perioden\)/, 'cards made anyway are named, not counted');
      assert.match(
        text,
        /Migrationsverket redovisade en besparing på 6\s500\s000 kr för 2022\. Med 150 kr per kort motsvarar det 43\s333 förlängningar på ett år, ungefär 3\s611 i månaden\. Här: 1 förlängningar på 2 månader, i genomsnitt 0,5 i månaden\./,
      );
      assert.match(
        page.body,
        /<img src="\/officer\/statistics\.svg\?from=2026-05&amp;to=2026-06" alt="Stapeldiagram/,
      );
      assert.doesNotMatch(
        page.body,
        /<script(?! src="\/officer\/assets\/console\.js")/,
        'no script of its own',
      );
      assert.match(page.body, /<a href="\/officer\/statistics" aria-current="page">Statistik<\/a>/);
    });

    it('the chart is our SVG in the officer’s language, without script', async () => {
      const c = await signedIn('greta');
      const svg = await c.get('/officer/statistics.svg?from=2026-05&to=2026-06');
      assert.equal(svg.status, 200);
      assert.match(svg.headers.get('content-type') ?? '', /^image\/svg\+xml/);
      assert.match(svg.body, /Uppslag \(mörka\) och förlängningar \(ljusa\) per månad, 2026-05 – 2026-06/);
      assert.match(svg.body, /<title>2026-06: 1 förlängningar<\/title>/);
      assert.doesNotMatch(svg.body, /<script|on\w+=/i);
      await c.get('/officer/language/en?back=/officer/statistics');
      const english = await c.get('/officer/statistics.svg?from=2026-06&to=2026-06');
      assert.match(english.body, /Lookups \(dark\) and extensions \(light\) per month, 2026-06 – 2026-06/);
    });

    it('an auditor reads it too; an officer is refused the page and the chart', async () => {
      const greta = await signedIn('greta');
      const page = await greta.get('/officer/statistics');
      assert.equal(page.status, 200);
      assert.match(page.body, /name="from" type="text" value="2025-07"/, 'the last twelve months…');
      assert.match(page.body, /name="to" type="text" value="2026-06"/, '…up to this one');
      assert.match(pageText(page.body), /i genomsnitt 0,1 i månaden/);
      const olle = await signedIn('olle');
      assert.equal((await olle.get('/officer/statistics')).status, 403);
      assert.equal((await olle.get('/officer/statistics.svg')).status, 403);
      assert.doesNotMatch((await olle.get('/officer/')).body, /\/officer\/statistics/, 'not in his menu');
    });

    it('a bad month is a 400 page naming the field, with nothing counted', async () => {
      const c = await signedIn('astrid');
      const bad = await c.get('/officer/statistics?from=2026-13&to=2026-06');
      assert.equal(bad.status, 400);
      assert.match(pageText(bad.body), /Från månad: Skriv en månad som ÅÅÅÅ-MM/);
      assert.doesNotMatch(bad.body, /data-testid="stats-cards"/);
      const backwards = await c.get('/officer/statistics?from=2026-06&to=2026-05');
      assert.equal(backwards.status, 400);
      assert.match(
        pageText(backwards.body),
        /Till och med månad: Sista månaden kan inte vara före den första/,
      );
      const long = await c.get('/officer/statistics?from=2010-01&to=2026-06');
      assert.equal(long.status, 400);
      assert.match(pageText(long.body), /Högst 120 månader åt gången/);
      assert.equal((await c.get('/officer/statistics.svg?from=x&to=2026-06')).status, 400);
    });
  });
}
