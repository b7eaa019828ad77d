// R14 in Chromium against the real `lmakort serve --demo`: for every demo applicant (one per row of
// R11's table) the console's banner and card status say what the public lookup page `/k/` says for
// the same card, in the verifier's words, next to the reason only the officer sees.
// LMA_UPDATE_SCREENS=1 rewrites docs/screens/officer-check-banner.png.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { browserSuite, DESK_SV, suiteServer } from './support/browser.ts';
import { ConsolePage, startConsoleServer } from './support/console-page.ts';
import { DEMO_LABELS, type DemoLabel } from './support/demo-server.ts';
import { LookupPage } from './support/lookup-page.ts';

/** Each demo card's dossier (src/cli/demo.ts), its status in the console and the banner's reason. */
const DEMO: Record<DemoLabel, { dossier: string; status: string; why: RegExp }> = {
  'valid card': { dossier: '10-000001', status: 'Giltigt till 2026-09-02', why: /— giltigt till 2026-09-02/ },
  'valid card with AT-UND': {
    dossier: '10-000002',
    status: 'Giltigt till 2026-09-02',
    why: /— giltigt till 2026-09-02/,
  },
  'expired card (no visit for four months)': {
    dossier: '10-000003',
    status: 'Utgånget 2026-05-03 – inte förnyat',
    why: /— utgånget 2026-05-03 – inte förnyat/,
  },
  'expired card, AT-UND in effect': {
    dossier: '10-000007',
    status: 'Utgånget 2026-05-03 – inte förnyat',
    why: /— utgånget 2026-05-03 – inte förnyat .*AT-UND finns men visas inte förrän kortet förnyas/,
  },
  'card after a rejection (avslag)': {
    dossier: '10-000004',
    status: 'Ogiltigt – beslut: avslag från 2026-06-02',
    why: /— beslut: avslag från 2026-06-02/,
  },
  'permit granted, AT-UND was in effect': {
    dossier: '10-000008',
    status: 'Ogiltigt – beslut: uppehållstillstånd beviljat från 2026-06-02',
    why: /— beslut: uppehållstillstånd beviljat från 2026-06-02 .*AT-UND finns men visas inte efter detta beslut/,
  },
  'grounds changed to work, AT-UND kept': {
    dossier: '10-000006',
    status: 'Ogiltigt – beslut: byte av grund från 2026-06-02',
    why: /— beslut: byte av grund från 2026-06-02/,
  },
  'card produced, not handed over yet': {
    dossier: '10-000009',
    status: 'Tillverkat, väntar på utlämning',
    why: /— kortet är tillverkat, inte utlämnat/,
  },
  'cancelled card (reported lost)': {
    dossier: '10-000005',
    status: 'Spärrat – förlorat',
    // The banner speaks of the replacement, ordered at once (R10).
    why: /— kortet är beställt, inte utlämnat/,
  },
};

/** The verifier's words for an answer, as the banner writes them. */
const words = (result: string, atUnd: boolean) =>
  `${result === 'valid' ? 'LMA-kort giltigt' : 'LMA-kort EJ giltigt'}${atUnd ? ' · AT-UND finns' : ''}`;

const demo = suiteServer(startConsoleServer);

browserSuite('console banner and card statuses agree with /k/ (R11, R14)', demo, (session) => {
  let context: BrowserContext;
  let p: ConsolePage;

  before(async () => {
    context = await session.newContext(DESK_SV);
    p = await ConsolePage.in(context, demo.server.origin);
    await p.signIn('officer');
  });

  /** What /k/ shows a verifier for a code, read from the page itself. */
  async function lookupPage(code: string): Promise<{ result: string; atUnd: boolean; headline: string }> {
    const page = await LookupPage.open(context, demo.server.origin);
    try {
      assert.equal((await page.goto(`/k/${code}`)).status(), 200);
      return {
        result: (await page.result()) as string,
        atUnd: (await page.atUnd.count()) === 1,
        headline: await page.headlineText(),
      };
    } finally {
      await page.close();
    }
  }

  for (const label of DEMO_LABELS) {
    const want = DEMO[label];
    it(`${label} (${want.dossier}): the console says what /k/ says`, async () => {
      const code = demo.server.codes[label];
      const verifier = await lookupPage(code);
      assert.equal(verifier.headline, words(verifier.result, false), '/k/ headline in the same words');

      await p.goto(`/officer/?dossierNumber=${want.dossier}`);
      const banner = p.byTestId('check-banner');
      const bannerText = await p.text(banner);
      const current = p.page.locator(`[data-testid="current-card"][data-code="${code}"]`);
      if ((await current.count()) === 1) {
        // The banner speaks of this card: the same answer as /k/, in the verifier's words.
        assert.equal(await banner.getAttribute('data-result'), verifier.result, bannerText);
        assert.equal(await banner.getAttribute('data-at-und'), String(verifier.atUnd), bannerText);
        assert.ok(
          bannerText.startsWith(`Kontrollen visar nu: ${words(verifier.result, verifier.atUnd)} — `),
          bannerText,
        );
        assert.equal(await p.text(current.getByTestId('card-state')), want.status);
      } else {
        // A cancelled card: its own row says its status and what /k/ answers for it.
        const row = p.page.locator(`[data-testid="cancelled-card"][data-code="${code}"]`);
        assert.equal(await row.count(), 1, 'the demo card is on the page');
        assert.equal(await p.text(row.getByTestId('cancelled-state')), want.status);
        assert.equal(
          await p.text(row.getByTestId('cancelled-answer')),
          words(verifier.result, verifier.atUnd),
        );
      }
      assert.match(bannerText, want.why);
      // Never a green "covered" next to a card that is not valid.
      const coverage = p.byTestId('coverage');
      if ((await banner.getAttribute('data-result')) !== 'valid')
        assert.doesNotMatch((await coverage.getAttribute('class')) ?? '', /\bok\b/, await p.text(coverage));
      await p.assertAccessible(`applicant ${want.dossier}`);
      if (label === 'card after a rejection (avslag)') await p.check('check-banner');
    });
  }
});
