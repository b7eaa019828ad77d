// A morning at the desk, in Chromium against the real `lmakort serve --demo`, on one browser page: 20
// visits, 2 handovers and a lost card, every holder found by a hand scanner typing the card's QR
// address into the search box, the rest done from the keyboard. Every scan, key press and click is
// counted per task; the counts must be the ones docs/console-day.md publishes (a visit and a
// handover in at most 3). The applicant page, the search results and the cancel page are checked by
// axe and, at 1366×768 and 1024×768, have their primary action in the first screenful.
// LMA_UPDATE_SCREENS=1 rewrites docs/screens/officer-*-1366/1024.png.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { it } from 'node:test';
import type { Locator } from 'playwright-core';
import { qrPayload } from '../../src/domain/qr-payload.ts';
import { browserSuite, DESK_SV, suiteServer } from './support/browser.ts';
import { ConsolePage, startConsoleServer } from './support/console-page.ts';
import type { DemoLabel } from './support/demo-server.ts';
import { SCREENS_DIR } from './support/lookup-page.ts';

const DOC = new URL('../../docs/console-day.md', import.meta.url);

/** Actions of one task: scans, key presses, clicks, and all of them. */
type Tally = [scans: number, keys: number, clicks: number, total: number];

/** The published counts: docs/console-day.md's table, "| task | … | scans | keys | clicks | total |" rows. */
function publishedCounts(): Record<string, Tally> {
  const rows = [
    ...readFileSync(DOC, 'utf8').matchAll(
      /^\| (visit|handover|lost card|morning) \|.*\| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm,
    ),
  ];
  return Object.fromEntries(
    rows.map((m) => [m[1] as string, [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])] as Tally]),
  );
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

const demo = suiteServer(startConsoleServer);

browserSuite('a day at the desk: scan, then the keyboard', demo, (session) => {
  const counts: Record<string, Tally> = {};

  const open = async (size: { width: number; height: number } = SIZES[0]) => {
    const context = await session.newContext({ ...DESK_SV, viewport: size });
    const p = new ConsolePage(await context.newPage(), demo.server.origin);
    await p.signIn('officer');
    return p;
  };

  /** What the card's QR code holds (C2), for this server's PUBLIC_BASE_URL as the demo printed it. */
  const qrOf = (label: DemoLabel) => {
    const code = demo.server.codes[label];
    const printed = new RegExp(`(https?://\\S+)/k/${code}`, 'i').exec(demo.server.output())?.[1];
    assert.ok(printed, `the demo printed the address of ${label}`);
    return qrPayload(printed, code);
  };

  /**
   * A desk that counts: one scan (the scanner types the address), one key press or one click is one
   * action. The morning uses keys and scans only; a click would be counted the same.
   */
  const counter = (p: ConsolePage) => {
    let scans = 0;
    let keys = 0;
    let clicks = 0;
    return {
      get n() {
        return scans + keys + clicks;
      },
      tally(): Tally {
        return [scans, keys, clicks, scans + keys + clicks];
      },
      reset() {
        scans = 0;
        keys = 0;
        clicks = 0;
      },
      scan: async (text: string) => {
        scans++;
        await p.page.keyboard.type(text);
      },
      press: async (key: string, navigates = false) => {
        keys++;
        if (navigates) await Promise.all([p.page.waitForNavigation(), p.page.keyboard.press(key)]);
        else await p.page.keyboard.press(key);
      },
      click: async (locator: Locator, navigates = false) => {
        clicks++;
        if (navigates) await Promise.all([p.page.waitForNavigation(), locator.click()]);
        else await locator.click();
      },
    };
  };

  /** The cards that come for a visit in the morning, again and again (each visit is its own task). */
  const VISITORS: DemoLabel[] = [
    'expired card (no visit for four months)',
    'valid card with AT-UND',
    'expired card, AT-UND in effect',
    'card after a rejection (avslag)',
    'permit granted, AT-UND was in effect',
    'grounds changed to work, AT-UND kept',
  ];

  it('a morning at the desk, on one page: 20 visits, 2 handovers and a lost card, each from the search box', async () => {
    const p = await open();
    const keys = counter(p);
    /** Back to the search box, as the officer does between holders (not counted: the page is there). */
    const toSearch = async () => {
      await p.goto('/officer/');
      await p.waitForFocus('input[name="q"]');
      keys.reset();
    };
    /** Scan a card's QR code and press Enter: the applicant opens (2 actions). */
    const scanOpen = async (qr: string) => {
      await keys.scan(qr);
      await keys.press('Enter', true);
    };

    const visits: Tally[] = [];
    for (let i = 0; i < 20; i++) {
      const label = VISITORS[i % VISITORS.length] as DemoLabel;
      await toSearch();
      await scanOpen(qrOf(label));
      await p.waitForFocus('[data-testid="register-visit"]');
      await keys.press('Enter', true);
      const flash = await p.text(p.flash);
      if (i === 0)
        assert.equal(
          flash,
          'Besöket är registrerat. Kortet gäller nu till 2026-09-02 (tidigare 2026-05-02).',
        );
      assert.match(flash, /^Besöket är registrerat\./, `${label}: ${flash}`);
      visits.push(keys.tally());
    }
    assert.equal(await p.lookup(demo.server.codes['expired card (no visit for four months)']), 'valid');
    assert.ok(
      visits.every((v) => v.join() === '1,2,0,3'),
      'every visit: scan, Enter, Enter',
    );
    counts.visit = visits[0] as Tally;

    const handovers: Tally[] = [];
    await toSearch();
    await scanOpen(qrOf('card produced, not handed over yet'));
    await p.waitForFocus('[data-testid="hand-over"]');
    await keys.press('Enter', true);
    assert.match(await p.text(p.flash), /^Kort 10-000009\/1 är utlämnat och gäller till 2026-09-02\.$/);
    assert.equal(await p.lookup(demo.server.codes['card produced, not handed over yet']), 'valid');
    handovers.push(keys.tally());

    await toSearch();
    await scanOpen(qrOf('valid card'));
    await p.waitForFocus('[data-testid="register-visit"]');
    const cancelLink = p.page.getByTestId('cancel-card');
    for (
      let i = 0;
      i < 10 &&
      !(await cancelLink.evaluate(
        (el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement,
      ));
      i++
    )
      await keys.press('Tab');
    await keys.press('Enter', true);
    assert.equal(await p.focusedText(), 'Spärra kort 10-000001/1', 'the heading has the focus');
    await keys.press('Tab');
    await keys.press('ArrowDown');
    assert.equal(await p.page.getByLabel('Anledning').inputValue(), 'lost');
    await keys.press('Tab');
    await keys.press('Enter', true);
    assert.match(
      await p.text(p.flash),
      /^Kort 10-000001\/1 är spärrat\. Nytt kort 10-000001\/2 är beställt\. Sökanden har inget giltigt kort förrän 10-000001\/2 är utlämnat\. Ett brev på svenska \/ Swedish som förklarar det ligger i brevkön\.$/,
    );
    assert.equal(await p.lookup(demo.server.codes['valid card']), 'not_valid');
    counts['lost card'] = keys.tally();

    // Later that morning the new card comes from the printer (made here, not counted) and its
    // holder collects it: the second handover, by scanning the new card.
    await p.press('Markera kort 10-000001/2 som tillverkat');
    const newCode = (await p.text(p.byTestId('card-code'))).replaceAll('-', '');
    const printedBase = /(https?:\/\/\S+)\/k\//i.exec(demo.server.output())?.[1] as string;
    await toSearch();
    await scanOpen(qrPayload(printedBase, newCode));
    await p.waitForFocus('[data-testid="hand-over"]');
    await keys.press('Enter', true);
    assert.match(await p.text(p.flash), /^Kort 10-000001\/2 är utlämnat och gäller till 2026-09-02\.$/);
    assert.equal(await p.lookup(newCode), 'valid');
    handovers.push(keys.tally());
    assert.ok(
      handovers.every((h) => h.join() === '1,2,0,3'),
      'each handover: scan, Enter, Enter',
    );
    counts.handover = handovers[0] as Tally;
    const all = [...visits, ...handovers, counts['lost card'] as Tally];
    counts.morning = [0, 1, 2, 3].map((k) => all.reduce((sum, t) => sum + (t[k] as number), 0)) as Tally;
  });

  it('the counts are the ones docs/console-day.md publishes', () => {
    assert.deepEqual(counts, publishedCounts());
  });

  for (const size of SIZES) {
    it(`at ${size.width}×${size.height}: the applicant page, the search results and the cancel page`, async () => {
      const p = await open(size);
      const shot = async (name: string) => {
        await p.assertAccessible(`${name} at ${size.width}`);
        assert.doesNotMatch(await p.text(p.page.locator('main')), /\((R|C|P|S)\d+\)/, 'no rule codes');
        mkdirSync(SCREENS_DIR, { recursive: true });
        await p.page.screenshot({
          path: `${SCREENS_DIR}officer-${name}-${size.width}.png`,
          animations: 'disabled',
          caret: 'hide',
        });
      };
      const inFirstScreen = async (selector: string) => {
        const box = await p.page.locator(selector).boundingBox();
        assert.ok(
          box && box.y >= 0 && box.y + box.height <= size.height,
          `${selector} in the first screenful: ${JSON.stringify(box)}`,
        );
      };

      await p.goto('/officer/?q=10-000002');
      assert.equal(await p.headingText(), 'Yonas Demo');
      await p.waitForFocus('[data-testid="register-visit"]');
      await inFirstScreen('[data-testid="register-visit"]');
      await inFirstScreen('[data-testid="head-band"] img.photo');
      await inFirstScreen('[data-testid="check-banner"]');
      await shot('applicant');

      await p.goto('/officer/?q=Demo');
      const results = p.byTestId('results').getByRole('listitem');
      assert.ok((await results.count()) >= 9, 'every demo applicant');
      assert.ok((await p.page.locator('[data-testid="results"] img.thumb').count()) >= 1, 'photo thumbnails');
      await shot('find-results');

      await p.goto('/officer/?q=10-000006');
      await Promise.all([p.page.waitForNavigation(), p.byTestId('cancel-card').click()]);
      await inFirstScreen('button.danger');
      await shot('cancel');
    });
  }
});
