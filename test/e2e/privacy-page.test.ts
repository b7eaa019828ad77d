// The privacy page (R15, P1, C6) in a real browser at phone size: reached from the lookup page's
// footer in the reader's language, it says what the lookup records, what is kept about a holder and
// for how long (the configured months), and how to ask for an extract — with no script, nothing from
// elsewhere, no cookie, and no log line. With LMA_UPDATE_SCREENS=1 it rewrites
// docs/screens/privacy-{sv,ar}-phone.png.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Db } from '../../src/store/db.ts';
import { openMemory } from '../../src/store/db.ts';
import { type RunningApp, startApp } from '../support/http.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';
import { assertScreenshot, BasePage } from './support/base-page.ts';
import { browserSuite, PHONE } from './support/browser.ts';

let db: Db;
let s: TestSystem;
let web: RunningApp;
const start = async () => {
  db = await openMemory();
  s = await makeSystem(db);
  web = await startApp(s, { retentionMonths: 18 });
};
const stop = async () => {
  await web?.close();
  s?.statusLists.stop();
  await db?.close();
};

browserSuite('the privacy page on a phone', { start, stop, timeout: 120_000 }, (session) => {
  for (const [lang, link, heading, months] of [
    ['sv', 'Så hanterar vi uppgifter', 'Integritet', 'gallras 18 månader efter'],
    ['ar', 'كيف نتعامل مع البيانات', 'الخصوصية', 'بعد 18 شهرًا'],
  ] as const) {
    it(`${lang}: the lookup page's footer leads to it; it answers without script or cookies`, async () => {
      const context = await session.newContext(PHONE);
      try {
        const p = await BasePage.in(context, web.url);
        const page = p.page;
        await p.goto(`/k/${lang === 'sv' ? '' : `?lang=${lang}`}`);
        const response = page.waitForResponse((r) => r.url().includes('/integritet'));
        await page.getByRole('link', { name: link }).click();
        const res = await response;
        await page.waitForLoadState('load');
        assert.equal(res.status(), 200);
        const headers = res.headers();
        assert.equal(headers['cache-control'], 'no-store');
        assert.match(headers['content-security-policy'] ?? '', /default-src 'none'/);
        assert.doesNotMatch(headers['content-security-policy'] ?? '', /script-src/);
        assert.equal(headers['set-cookie'], undefined);
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        assert.equal(await page.locator('html').getAttribute('dir'), lang === 'ar' ? 'rtl' : null);
        assert.equal(await page.locator('h1').textContent(), heading);
        assert.equal(await page.locator('h2').count(), 4);
        assert.match((await page.locator('main').textContent()) ?? '', new RegExp(months));
        assert.equal(await page.locator('script').count(), 0);
        assert.deepEqual((await context.cookies()).length, 0);
        assert.deepEqual(p.cspViolations(), [], 'the style block is allowed by its hash');
        // Nothing is wider than the phone.
        const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
        assert.ok(Number(scrollWidth) <= 390, `no sideways scrolling (${scrollWidth})`);
        assertScreenshot(await p.screenshot(`privacy-${lang}-phone.png`));
      } finally {
        await context.close();
      }
    });
  }

  it('P1: looking at it leaves no log line', async () => {
    const before = web.logs.length;
    assert.equal((await fetch(`${web.url}/integritet?lang=ru`)).status, 200);
    assert.equal(web.logs.length, before);
  });
});
