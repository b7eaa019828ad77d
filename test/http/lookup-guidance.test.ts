// C4 through real HTTP: the lookup page guides. Every answer says in one line what it means and offers
// "Vad gör jag nu?" — a plain link per role to the verifier's guidance for exactly that answer (no
// script needed). A valid answer says to compare the photo; "EJ giltigt" names its possible reasons,
// blocked cards (lost, stolen) among them; "EJ giltigt" with AT-UND says what R11 says it means; AT-UND
// concerns work only; a code of no card answers firmly. The words are written out here, not read from
// the files under test.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PAGE_LANGUAGES, type PageLanguage } from '../../src/http/public/texts.ts';
import { backends } from '../support/backends.ts';
import { type RunningApp, startApp } from '../support/http.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithChangedGrounds,
  makeSystem,
  OFFICER,
  type TestSystem,
} from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];
/** A well-formed code (correct check symbol) that no card has. */
const NO_CARD = '000000000000';

const WHAT_NOW: Record<PageLanguage, string> = {
  sv: 'Vad gör jag nu?',
  en: 'What do I do now?',
  ar: 'ماذا أفعل الآن؟',
  fa: 'حالا چه کار کنم؟',
  ti: 'ሕጂ እንታይ እገብር?',
  so: 'Maxaan hadda sameeyaa?',
  uk: 'Що мені робити далі?',
  ru: 'Что мне делать дальше?',
};
const ROLES = ['healthcare', 'pharmacy', 'employer', 'other'] as const;

/** The four role links of a page, as hrefs (the HTML's &amp; read back as &). */
function guidanceLinks(html: string): string[] {
  return [...html.matchAll(/<a href="(\/verify\?[^"]*)"/g)].map((m) =>
    (m[1] as string).replaceAll('&amp;', '&'),
  );
}

/** The page links to every role's guidance for `answer`, in the roles' order, and to nothing else there. */
function assertGuidanceFor(html: string, answer: string): void {
  assert.deepEqual(
    guidanceLinks(html),
    ROLES.map((role) => `/verify?role=${role}&answer=${answer}`),
  );
}

describe('the lookup page guides (C4, R11)', () => {
  let s: TestSystem;
  let web: RunningApp;
  const codes: Record<'valid' | 'validAtUnd' | 'rejected' | 'lost' | 'groundsChanged', string> = {
    valid: '',
    validAtUnd: '',
    rejected: '',
    lost: '',
    groundsChanged: '',
  };
  let noCard = '';

  before(async () => {
    s = await makeSystem(await backend.open());
    web = await startApp(s);
    codes.valid = (await anApplicantWithActiveCard(s.service)).code;
    const atUnd = await anApplicantWithActiveCard(s.service, { birthDate: '1981-01-01' });
    await s.service.setAtUnd(OFFICER, atUnd.applicantId, { granted: true });
    codes.validAtUnd = atUnd.code;
    const rejected = await anApplicantWithActiveCard(s.service, { birthDate: '1982-01-01' });
    await s.service.registerDecision(OFFICER, rejected.applicantId, { type: 'rejected' });
    codes.rejected = rejected.code;
    const lost = await anApplicantWithActiveCard(s.service, { birthDate: '1983-01-01' });
    await s.service.cancelCard(OFFICER, lost.cardId, { reason: 'lost' });
    codes.lost = lost.code;
    const changed = await anApplicantWithChangedGrounds(s.service, '1984-01-01');
    codes.groundsChanged = changed.code;
    const { parseCardCode } = await import('../../src/domain/card-code.ts');
    // Twelve zeros plus whichever check symbol makes them a well-formed code.
    for (const c of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
      const parsed = parseCardCode(NO_CARD + c);
      if (parsed.ok) noCard = parsed.code;
    }
  });
  after(async () => {
    await web.close();
    await s.db.close();
  });

  const page = async (path: string) => {
    const response = await fetch(web.url + path);
    return { status: response.status, html: await response.text() };
  };

  it('valid: the holder is an asylum seeker; compare the photo; a link per role to "valid"', async () => {
    const { status, html } = await page(`/k/${codes.valid}`);
    assert.equal(status, 200);
    assert.ok(html.includes('Innehavaren är asylsökande enligt LMA.'));
    assert.ok(html.includes('<strong>Jämför fotot på kortet med personen.</strong>'));
    assert.ok(html.includes('<h2 class="g">Vad gör jag nu?</h2>'));
    assertGuidanceFor(html, 'valid');
  });

  it('valid with AT-UND: AT-UND concerns only the right to work; links to "valid_at_und"', async () => {
    const { html } = await page(`/k/${codes.validAtUnd}`);
    assert.ok(html.includes('AT-UND gäller bara rätten att arbeta.'));
    assert.ok(html.includes('Jämför fotot på kortet med personen.'));
    assertGuidanceFor(html, 'valid_at_und');
  });

  for (const which of ['rejected', 'lost'] as const) {
    it(`EJ giltigt (${which}): ask the holder; the reasons include a blocked (lost or stolen) card`, async () => {
      const { html } = await page(`/k/${codes[which]}`);
      assert.ok(html.includes('<h1>LMA-kort EJ\u00a0giltigt</h1>'));
      assert.ok(html.includes('Fråga innehavaren varför.'));
      const reasons = [
        ...(html.match(/<ul class="r">(.*?)<\/ul>/)?.[1] ?? '').matchAll(/<li>(.*?)<\/li>/g),
      ].map((m) => m[1]);
      assert.equal(reasons.length, 3, 'three possible reasons');
      assert.ok(reasons.some((r) => r?.includes('avslag')));
      assert.ok(reasons.some((r) => r?.includes('inte har förnyats i tid')));
      assert.ok(reasons.some((r) => r?.includes('spärrat (borttappat eller stulet)')));
      assert.ok(!html.includes('Jämför fotot'), 'no photo check for a card that is not valid');
      assertGuidanceFor(html, 'not_valid');
    });
  }

  it('EJ giltigt with AT-UND: no longer an asylum seeker, may still work — not the bare reasons', async () => {
    const { html } = await page(`/k/${codes.groundsChanged}`);
    assert.ok(html.includes('<h1>LMA-kort EJ\u00a0giltigt</h1>'));
    assert.ok(html.includes('Personen är inte längre asylsökande'));
    assert.ok(html.includes('men får fortfarande arbeta.'));
    assert.ok(!html.includes('<ul class="r">'), 'a bare "EJ giltigt"\'s reasons do not apply');
    assert.ok(html.includes('<strong>AT-UND finns</strong>'));
    assert.ok(html.includes('AT-UND gäller bara rätten att arbeta.'));
    assertGuidanceFor(html, 'not_valid_at_und');
  });

  it('no card has this code: a firm answer — check the code, do not accept the card as proof', async () => {
    const { status, html } = await page(`/k/${noCard}`);
    assert.equal(status, 404);
    assert.ok(html.includes('<h1>Inget LMA\u2011kort har den här koden</h1>'));
    assert.ok(html.includes('”Ingen information”'), "the routine's own words stay beside it");
    assert.ok(html.includes('Kontrollera koden mot kortets baksida.'));
    assert.ok(html.includes('godta inte kortet som bevis på något.'));
    // Firm: black on white with a heavy border, not the grey of "could not check".
    assert.ok(html.includes('class="a unknown"'));
    const sheet = await fetch(web.url + (html.match(/<link rel="stylesheet" href="([^"]+)"/)?.[1] ?? ''));
    assert.match(await sheet.text(), /\.unknown\{border-color:#111;background:#fff;color:#111\}/);
    assertGuidanceFor(html, 'unknown');
  });

  it('a mistyped code links to the guidance for a typo', async () => {
    const { html } = await page('/k/ABCD-EFGH-JKMN-0');
    assertGuidanceFor(html, 'malformed');
  });

  for (const lang of PAGE_LANGUAGES) {
    it(`${lang}: "${WHAT_NOW[lang]}" and the links keep the language`, async () => {
      for (const code of [codes.valid, codes.groundsChanged, noCard]) {
        const { html } = await page(`/k/${code}?lang=${lang}`);
        assert.ok(html.includes(`<h2 class="g">${WHAT_NOW[lang]}</h2>`), `${lang} ${code}`);
        const links = guidanceLinks(html);
        assert.equal(links.length, 4);
        for (const link of links)
          assert.ok(lang === 'sv' ? !link.includes('lang=') : link.endsWith(`&lang=${lang}`), link);
      }
    });
  }
});
