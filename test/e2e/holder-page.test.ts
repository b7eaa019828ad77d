// R16 in a real browser on a phone, in Swedish, Arabic and Tigrinya: the holder types the card's code
// and their personal code, reads the date their card is valid until, downloads the calendar file for
// the visit, and reports the card lost (one confirming step); a second browser then reads "EJ giltigt"
// on /k/. No cookie, and the codes never in an address. LMA_UPDATE_SCREENS=1 rewrites docs/screens/.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { holderDate } from '../../src/http/public/holder-page.ts';
import { HOLDER_TEXTS } from '../../src/http/public/holder-texts.ts';
import { TEXTS } from '../../src/http/public/texts.ts';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { openMemory } from '../../src/store/db.ts';
import { aHolder } from '../support/holder.ts';
import { type RunningApp, startApp } from '../support/http.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';
import { browserAvailability, launchChromium, PHONE } from './support/browser.ts';
import { SCREENS_DIR } from './support/lookup-page.ts';

const availability = browserAvailability();
/** An officer's desktop browser, in Swedish. */
const DESKTOP_SV = {
  viewport: { width: 1280, height: 900 },
  locale: 'sv-SE',
  timezoneId: 'Europe/Stockholm',
  colorScheme: 'light' as const,
};
if (availability.state === 'required-but-missing') throw new Error(availability.reason);

describe('the holder page on a phone', {
  skip: availability.state === 'skip' ? availability.reason : false,
}, () => {
  let s: TestSystem;
  let web: RunningApp;
  let browser: Browser;

  before(async () => {
    s = await makeSystem(await openMemory());
    web = await startApp(s);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    await s?.db.close();
  });

  const reportedApplicants: string[] = [];

  for (const lang of ['sv', 'ar', 'ti'] as const) {
    it(`${lang}: reads the date, downloads the .ics, reports the card lost; a verifier then sees EJ giltigt`, async () => {
      const h = await aHolder(s.service, s.db, lang);
      const words = HOLDER_TEXTS[lang];
      const context = await browser.newContext({ ...PHONE, acceptDownloads: true });
      const page = await context.newPage();
      const addresses: string[] = [];
      page.on('request', (r) => addresses.push(r.url()));
      const shot = (name: string) =>
        page.screenshot({ path: join(SCREENS_DIR, `holder-${name}-${lang}-phone.png`), fullPage: true });

      await page.goto(`${web.url}/mitt-kort?lang=${lang}`);
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

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: words.ics }).click();
      const file = await (await download).path();
      const ics = readFileSync(file as string, 'utf8');
      assert.match(ics, /BEGIN:VEVENT/);
      assert.match(ics, /DTSTART;VALUE=DATE:20260902/);
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
      for (const address of addresses) {
        assert.ok(!compact(address).includes(compact(h.code)), 'the card code is in no address');
        assert.ok(!compact(address).includes(compact(h.personalCode)), 'the personal code is in no address');
      }
      await context.close();

      reportedApplicants.push(h.applicantId);
      const verifier = await browser.newContext(PHONE);
      const check = await verifier.newPage();
      await check.goto(`${web.url}/k/${h.code}`);
      const headline = ((await check.locator('h1').textContent()) ?? '').replace(/\u00a0/g, ' ');
      assert.equal(headline, 'LMA-kort EJ giltigt');
      await verifier.close();
    });
  }

  it('the officer sees the report on the applicant page, with confirm and lift', async () => {
    await new OfficerAccounts(s.db, s.clock).createOfficer('test', {
      username: 'olle',
      role: 'officer',
      password: 'a-long-enough-password',
    });
    const context = await browser.newContext({ ...DESKTOP_SV });
    const page = await context.newPage();
    await page.goto(`${web.url.replace('127.0.0.1', 'localhost')}/officer/sign-in`);
    await page.getByLabel('Användarnamn').fill('olle');
    await page.getByLabel('Lösenord').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/officer\/$/);
    await page.goto(
      `${web.url.replace('127.0.0.1', 'localhost')}/officer/applicants/${reportedApplicants[0]}`,
    );
    const section = page.getByTestId('holder-section');
    await section.waitFor();
    assert.match((await section.textContent()) ?? '', /Innehavaren anmälde kortet förlorat/);
    assert.match((await page.getByTestId('check-banner').textContent()) ?? '', /EJ giltigt/);
    await page.getByRole('button', { name: 'Bekräfta – spärra och beställ nytt kort' }).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'officer-holder-report.png'), fullPage: true });
    await context.close();
  });
});
