// The statistics page in Debian's Chromium against the real `lmakort serve --demo`, as an admin at a
// 1366×768 desk: reached from the menu, the chart (our SVG) shown as an image beside tables of the
// same figures, the saving explained, axe-core clean, a new range chosen from the keyboard, a bad
// month named. LMA_UPDATE_SCREENS=1 rewrites docs/screens/officer-statistics.png.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { browserSuite, DESK_SV, suiteServer } from './support/browser.ts';
import { ConsolePage, startConsoleServer } from './support/console-page.ts';

const demo = suiteServer(startConsoleServer);

browserSuite('console statistics in a browser', demo, (session) => {
  let context: BrowserContext;
  before(async () => {
    context = await session.newContext({ ...DESK_SV, viewport: { width: 1366, height: 768 } });
  });

  it('an admin reads the months as a chart and a table, and the saving with its assumptions', async () => {
    // Lookups the table and the chart then count: two valid cards, one lost one.
    const p = new ConsolePage(await context.newPage(), demo.server.origin);
    for (const label of ['valid card', 'valid card with AT-UND', 'cancelled card (reported lost)'] as const)
      await p.lookup(demo.server.codes[label]);
    await p.signIn('admin');
    // A visit that extends a card: an extension, and the saving it makes.
    await p.goto(`/officer/?q=${demo.server.codes['expired card (no visit for four months)']}`);
    await p.press('Registrera besök');
    assert.match(await p.text(p.flash), /^Besöket är registrerat\. Kortet gäller nu till/);
    await Promise.all([
      p.page.waitForURL(/\/officer\/statistics$/),
      p.page.getByRole('link', { name: 'Statistik' }).click(),
    ]);
    await p.page.waitForLoadState('load');
    assert.equal(await p.headingText(), 'Statistik');

    const chart = p.byTestId('stats-chart');
    assert.ok(
      await chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 300),
      'the chart image is drawn',
    );
    assert.match((await chart.getAttribute('alt')) ?? '', /^Stapeldiagram över uppslag och förlängningar/);

    const june = p.byTestId('stats-lookups').getByRole('row', { name: /^2026-06/ });
    const cells = await june.getByRole('cell').allTextContents();
    assert.equal(cells[0], '2', 'two valid answers in June');
    assert.equal(cells[1], '1', 'one not valid (the lost card)');
    assert.equal(await p.text(p.byTestId('saving-sum')), '1 förlängningar × 150 kr per kort = 150 kr');
    assert.match(await p.text(p.byTestId('saving-compare')), /6 500 000 kr för 2022/);
    await p.check('statistics');
    assert.deepEqual(p.pageErrors, []);
    // The browser's own favicon request is the one 404 (the chart's loading is checked above).
    assert.deepEqual(
      p.consoleErrors().filter((e) => !/status of 404/.test(e)),
      [],
    );

    // Another range from the keyboard; a month written wrongly is named at its field.
    await p.page.getByLabel('Från månad').fill('2026-06');
    await p.page.getByLabel('Till och med månad').fill('2026-6');
    await Promise.all([p.page.waitForURL(/to=2026-6$/), p.page.keyboard.press('Enter')]);
    assert.match(await p.text(p.error), /Till och med månad: Skriv en månad som ÅÅÅÅ-MM/);
    await p.assertAccessible('statistics with a bad month');
    await p.page.getByLabel('Till och med månad').fill('2026-06');
    await Promise.all([p.page.waitForURL(/to=2026-06$/), p.page.keyboard.press('Enter')]);
    assert.deepEqual(
      await p.byTestId('stats-cards').locator('tbody th').allTextContents(),
      ['2026-06'],
      'one month now',
    );
  });

  it('an officer has no statistics in the menu and is refused the page', async () => {
    const p = new ConsolePage(await context.newPage(), demo.server.origin);
    await context.clearCookies();
    await p.signIn('officer');
    assert.equal(await p.page.getByRole('link', { name: 'Statistik' }).count(), 0);
    assert.equal((await p.goto('/officer/statistics')).status(), 403);
  });
});
