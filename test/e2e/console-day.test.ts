// A 200-visit day at the desk, in Chromium against the real `lmakort serve --demo`: a hand scanner
// types the card's QR address into the search box and presses Enter, and the officer finishes the
// task from the keyboard. Every key press and every scan is counted; the counts must be the ones
// docs/console-day.md publishes (visit and handover in at most 3). The applicant page, the search
// results and the cancel page are checked by axe and, at 1366×768 and 1024×768, have their primary
// action in the first screenful. LMA_UPDATE_SCREENS=1 rewrites docs/screens/officer-*-1366/1024.png.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { qrPayload } from '../../src/domain/qr-payload.ts';
import { browserAvailability, launchChromium } from './support/browser.ts';
import { ConsolePage, startConsoleServer } from './support/console-page.ts';
import type { DemoLabel, DemoServer } from './support/demo-server.ts';
import { SCREENS_DIR } from './support/lookup-page.ts';

const DOC = new URL('../../docs/console-day.md', import.meta.url);

/** The published counts: docs/console-day.md's table, "| task | … | N |" rows. */
function publishedCounts(): Record<string, number> {
  const rows = [...readFileSync(DOC, 'utf8').matchAll(/^\| (visit|handover|lost card) \|.*\| (\d+) \|$/gm)];
  return Object.fromEntries(rows.map((m) => [m[1] as string, Number(m[2])]));
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

const availability = browserAvailability();

if (availability.state === 'required-but-missing') {
  describe('console day in a browser', () => {
    it('needs Chromium', () => assert.fail(availability.reason));
  });
} else {
  describe('a day at the desk: scan, then the keyboard', {
    skip: availability.state === 'skip' ? availability.reason : false,
  }, () => {
    let server: DemoServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const counts: Record<string, number> = {};

    before(
      async () => {
        server = await startConsoleServer();
        browser = await launchChromium();
      },
      { timeout: 180_000 },
    );
    after(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await server?.stop();
    });

    const open = async (size: { width: number; height: number } = SIZES[0]) => {
      const context = await browser.newContext({
        viewport: size,
        locale: 'sv-SE',
        timezoneId: 'Europe/Stockholm',
        colorScheme: 'light',
      });
      contexts.push(context);
      const p = new ConsolePage(await context.newPage(), server.origin);
      await p.signIn('officer');
      return p;
    };

    /** What the card's QR code holds (C2), for this server's PUBLIC_BASE_URL as the demo printed it. */
    const qrOf = (label: DemoLabel) => {
      const code = server.codes[label];
      const printed = new RegExp(`(https?://\\S+)/k/${code}`, 'i').exec(server.output())?.[1];
      assert.ok(printed, `the demo printed the address of ${label}`);
      return qrPayload(printed, code);
    };

    /** A keyboard that counts: one scan (the scanner types the address) or one key press is one action. */
    const counter = (p: ConsolePage) => {
      let n = 0;
      return {
        get n() {
          return n;
        },
        scan: async (text: string) => {
          n++;
          await p.page.keyboard.type(text);
        },
        press: async (key: string, navigates = false) => {
          n++;
          if (navigates) await Promise.all([p.page.waitForNavigation(), p.page.keyboard.press(key)]);
          else await p.page.keyboard.press(key);
        },
      };
    };

    it('a visit: scan, Enter, Enter', async () => {
      const p = await open();
      await p.goto('/officer/');
      await p.waitForFocus('input[name="q"]');
      const keys = counter(p);
      await keys.scan(qrOf('expired card (no visit for four months)'));
      await keys.press('Enter', true);
      await p.waitForFocus('[data-testid="register-visit"]');
      await keys.press('Enter', true);
      assert.equal(
        await p.text(p.flash),
        'Besöket är registrerat. Kortet gäller nu till 2026-09-02 (tidigare 2026-05-02).',
      );
      assert.equal(await p.lookup(server.codes['expired card (no visit for four months)']), 'valid');
      counts.visit = keys.n;
      assert.ok(keys.n <= 3, `${keys.n} actions`);
    });

    it('a handover: scan, Enter, Enter (the handover has the focus when the card waits)', async () => {
      const p = await open();
      await p.goto('/officer/');
      await p.waitForFocus('input[name="q"]');
      const keys = counter(p);
      await keys.scan(qrOf('card produced, not handed over yet'));
      await keys.press('Enter', true);
      await p.waitForFocus('[data-testid="hand-over"]');
      await keys.press('Enter', true);
      assert.match(await p.text(p.flash), /^Kort 10-000009\/1 är utlämnat och gäller till 2026-09-02\.$/);
      assert.equal(await p.lookup(server.codes['card produced, not handed over yet']), 'valid');
      counts.handover = keys.n;
      assert.ok(keys.n <= 3, `${keys.n} actions`);
    });

    it('a lost card: scan, Enter, to the cancel page, choose the reason on purpose, cancel', async () => {
      const p = await open();
      await p.goto('/officer/');
      await p.waitForFocus('input[name="q"]');
      const keys = counter(p);
      await keys.scan(qrOf('valid card'));
      await keys.press('Enter', true);
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
      assert.equal(await p.lookup(server.codes['valid card']), 'not_valid');
      counts['lost card'] = keys.n;
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
        assert.ok(
          (await p.page.locator('[data-testid="results"] img.thumb').count()) >= 1,
          'photo thumbnails',
        );
        await shot('find-results');

        await p.goto('/officer/?q=10-000006');
        await Promise.all([p.page.waitForNavigation(), p.byTestId('cancel-card').click()]);
        await inFirstScreen('button.danger');
        await shot('cancel');
      });
    }
  });
}
