// R16 in a real browser on a phone, in Swedish, Arabic and Tigrinya: the holder types the card's code
// and their personal code, reads the date their card is valid until, downloads the calendar file for
// the visit, and reports the card lost (one confirming step); a second browser then reads "EJ giltigt"
// on /k/. No cookie, and the codes never in an address. LMA_UPDATE_SCREENS=1 rewrites docs/screens/.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { DEFAULT_RECEPTION, holderDate } from '../../src/http/public/holder-page.ts';
import { HOLDER_TEXTS } from '../../src/http/public/holder-texts.ts';
import { TEXTS } from '../../src/http/public/texts.ts';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { openMemory } from '../../src/store/db.ts';
import { aHolder } from '../support/holder.ts';
import { type RunningApp, startApp } from '../support/http.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';
import { assertScreenshot, BasePage } from './support/base-page.ts';
import { browserSuite, DESK_SV, PHONE } from './support/browser.ts';
import { ConsolePage } from './support/console-page.ts';
import { LookupPage } from './support/lookup-page.ts';

let s: TestSystem;
let web: RunningApp;
const start = async () => {
  s = await makeSystem(await openMemory());
  web = await startApp(s);
};
const stop = async () => {
  await web?.close();
  await s?.db.close();
};

browserSuite('the holder page on a phone', { start, stop }, (session) => {
  const reportedApplicants: string[] = [];

  for (const lang of ['sv', 'ar', 'ti'] as const) {
    it(`${lang}: reads the date, downloads the .ics, reports the card lost; a verifier then sees EJ giltigt`, async () => {
      const h = await aHolder(s.service, s.db, lang);
      const words = HOLDER_TEXTS[lang];
      const context = await session.newContext({ ...PHONE, acceptDownloads: true });
      const p = await BasePage.in(context, web.url);
      const page = p.page;
      const shot = async (name: string) =>
        assertScreenshot(await p.screenshot(`holder-${name}-${lang}-phone.png`));

      await p.goto(`/mitt-kort?lang=${lang}`);
      assert.equal(await page.locator('html').getAttribute('dir'), lang === 'ar' ? 'rtl' : null);
      await page.getByLabel(words.codeLabel).fill(h.code.toLowerCase());
      await page.getByLabel(words.personalLabel).fill(h.personalCode);
      if (lang === 'sv') await shot('form');
      await page.getByRole('button', { name: words.submit }).click();

      const validUntil = holderDate('2026-09-02', lang);
      await page.getByText(TEXTS[lang].headline.valid).waitFor();
      assert.ok(
        ((await page.locator('main').textContent()) ?? '').includes(validUntil),
        'the date it is valid until',
      );
      await shot('view');
      const phone = page.getByRole('link', { name: DEFAULT_RECEPTION.phone });
      assert.equal(
        await phone.getAttribute('href'),
        'tel:+46771235235',
        "the reception's phone, one tap to call from any SIM",
      );

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: words.ics }).click();
      const file = await (await download).path();
      const ics = readFileSync(file as string, 'utf8');
      assert.match(ics, /BEGIN:VEVENT/);
      assert.match(ics, /DTSTART;VALUE=DATE:20260902/);
      const unfolded = ics.replaceAll('\r\n ', '');
      assert.ok(
        unfolded.includes(`${words.phone}: ${DEFAULT_RECEPTION.phone}`),
        "the reception's phone in the event",
      );
      assert.ok(!ics.includes(h.code) && !ics.includes(h.personalCode), 'no code in the calendar file');

      await page.getByLabel(words.lost).check();
      await page.getByRole('button', { name: words.reportButton }).click();
      await page.getByText(words.confirmExplain).waitFor();
      await shot('confirm');
      await page.getByRole('button', { name: words.confirmButton }).click();
      const stopped = page.locator('[role=status].not_valid strong');
      await stopped.waitFor();
      const spaces = (x: string) => x.replace(/\u00a0/g, ' ');
      assert.equal(spaces((await stopped.textContent()) ?? ''), spaces(TEXTS[lang].headline.not_valid));
      assert.ok(
        ((await page.locator('[role=alert]').textContent()) ?? '').length > 0,
        'the report is confirmed in words',
      );
      await shot('reported');

      assert.deepEqual(await context.cookies(), [], 'no cookie');
      const compact = (x: string) => x.replace(/-/g, '').toUpperCase();
      for (const address of p.requestUrls()) {
        assert.ok(!compact(address).includes(compact(h.code)), 'the card code is in no address');
        assert.ok(!compact(address).includes(compact(h.personalCode)), 'the personal code is in no address');
      }
      await context.close();

      reportedApplicants.push(h.applicantId);
      const check = await LookupPage.open(await session.newContext(PHONE), web.url);
      await check.goto(`/k/${h.code}`);
      assert.equal(await check.headlineText(), 'LMA-kort EJ giltigt');
    });
  }

  it('the officer sees the report on the applicant page, with confirm and lift', async () => {
    await new OfficerAccounts(s.db, s.clock).createOfficer('test', {
      username: 'olle',
      role: 'officer',
      password: 'a-long-enough-password',
    });
    const context = await session.newContext(DESK_SV);
    const p = await ConsolePage.in(context, web.url.replace('127.0.0.1', 'localhost'));
    const page = p.page;
    await p.signIn({ username: 'olle', password: 'a-long-enough-password' });
    await page.waitForURL(/\/officer\/$/);
    await p.goto(`/officer/applicants/${reportedApplicants[0]}`);
    const section = page.getByTestId('holder-section');
    await section.waitFor();
    assert.match((await section.textContent()) ?? '', /Innehavaren anmälde kortet förlorat/);
    assert.match((await page.getByTestId('check-banner').textContent()) ?? '', /EJ giltigt/);
    await page.getByRole('button', { name: 'Bekräfta – spärra och beställ nytt kort' }).waitFor();
    assertScreenshot(await p.screenshot('officer-holder-report.png'));
  });
});
