// The lookup page guides, in Debian's Chromium on a phone: each answer says what it means and offers
// "Vad gör jag nu?" — one link per role — that leads, with script switched off, to the guidance for
// that answer rendered on the server; its questions open without script. In Swedish, Arabic (right to
// left) and Tigrinya. And the verifier app at the till: the role stays visible and switchable, ?role=
// presets it, the browser remembers it on the device, and nothing about it is sent or kept in a cookie.
// Against the real `lmakort serve --demo`. With LMA_UPDATE_SCREENS=1 it rewrites docs/screens/.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assertScreenshot } from './support/base-page.ts';
import { browserSuite, PHONE, suiteServer } from './support/browser.ts';
import { type DemoLabel, startDemoServer } from './support/demo-server.ts';
import { LookupPage, readable } from './support/lookup-page.ts';
import { VerifyPage } from './support/verify-page.ts';

/** A well-formed code (correct check symbol) that no card has. */
const UNKNOWN_CODE = '0000-0000-0000-0';
const LANGS = ['sv', 'ar', 'ti'] as const;
type Lang = (typeof LANGS)[number];

/** What each page says, written out here (not read from the texts under test). */
const WORDS: Record<
  Lang,
  { whatNow: string; photo: string; blocked: string; unknown: string; roles: string[]; question: string }
> = {
  sv: {
    whatNow: 'Vad gör jag nu?',
    photo: 'Jämför fotot på kortet med personen.',
    blocked: 'kortet är spärrat (borttappat eller stulet) eller ersatt av ett nytt kort',
    unknown: 'Inget LMA-kort har den här koden',
    roles: ['Vård', 'Apotek', 'Arbetsgivare', 'Annat'],
    question: 'Vad svarar personen?',
  },
  ar: {
    whatNow: 'ماذا أفعل الآن؟',
    photo: 'قارن الصورة على البطاقة بالشخص.',
    blocked: 'البطاقة موقوفة (مفقودة أو مسروقة) أو استُبدلت ببطاقة جديدة',
    unknown: 'لا توجد بطاقة LMA بهذا الرمز',
    roles: ['الرعاية الصحية', 'صيدلية', 'صاحب عمل', 'جهة أخرى'],
    question: 'What does the person answer?',
  },
  ti: {
    whatNow: 'ሕጂ እንታይ እገብር?',
    photo: 'ነቲ ኣብ ካርድ ዘሎ ስእሊ ምስቲ ሰብ ኣነጻጽሮ።',
    blocked: 'እቲ ካርድ ተዓጊቱ (ዝጠፍአ ወይ ዝተሰርቀ) ወይ ብሓድሽ ካርድ ተተኪኡ',
    unknown: 'ዝኾነ ካርድ LMA በዚ ኮድ የለን',
    roles: ['ክንክን ጥዕና', 'ፋርማሲ', 'ኣስራሒ', 'ካልእ'],
    question: 'What does the person answer?',
  },
};

interface PageWindow {
  getComputedStyle(element: unknown): { borderTopColor: string; backgroundColor: string };
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

/** How far the page is wider than the phone's screen (0: no sideways scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const d = (globalThis as unknown as PageWindow).document.documentElement;
    return d.scrollWidth - d.clientWidth;
  });
const suffix = (lang: Lang) => (lang === 'sv' ? '' : `-${lang}`);

const demo = suiteServer(startDemoServer);

browserSuite('the lookup page guides, with no script (C4)', demo, (session) => {
  let noScript: BrowserContext;
  const code = (label: DemoLabel) => demo.server.codes[label];

  before(async () => {
    noScript = await session.newContext({ ...PHONE, javaScriptEnabled: false });
  });

  for (const lang of LANGS) {
    const w = WORDS[lang];
    it(`${lang}: every answer says what it means and offers "${w.whatNow}" per role, on a phone`, async () => {
      const p = await LookupPage.open(noScript, demo.server.origin);
      const cases: [string, string][] = [
        ['valid', `/k/${code('valid card')}`],
        ['not_valid', `/k/${code('card after a rejection (avslag)')}`],
        ['not_valid', `/k/${code('cancelled card (reported lost)')}`],
        ['not_valid_at_und', `/k/${code('grounds changed to work, AT-UND kept')}`],
        ['unknown', `/k/${UNKNOWN_CODE}`],
      ];
      for (const [answer, path] of cases) {
        await p.goto(`${path}?lang=${lang}`);
        assert.ok((await p.text(p.meaning)).length > 10, 'a meaning line');
        assert.equal(
          await p.page.getByRole('heading', { level: 2, name: w.whatNow, exact: true }).count(),
          1,
        );
        const links = p.guidanceLinks;
        assert.deepEqual((await links.allTextContents()).map(readable), w.roles);
        for (let i = 0; i < 4; i++) {
          const box = await links.nth(i).boundingBox();
          assert.ok(
            box && box.height >= 40,
            `${lang} ${answer}: a link big enough to tap (${box?.height}px)`,
          );
          assert.ok(box.x >= 0 && box.x + box.width <= 390, `${lang} ${answer}: the link fits the screen`);
          const href = (await links.nth(i).getAttribute('href')) ?? '';
          assert.match(
            href,
            new RegExp(`^/verify\\?role=\\w+&answer=${answer}${lang === 'sv' ? '' : `&lang=${lang}`}$`),
          );
        }
        assert.ok((await overflow(p.page)) <= 0, `${lang} ${answer}: no sideways scrolling`);
      }

      await p.goto(`/k/${code('valid card')}?lang=${lang}`);
      assert.ok(await p.page.locator('strong').getByText(w.photo, { exact: true }).isVisible(), w.photo);

      await p.goto(`/k/${code('cancelled card (reported lost)')}?lang=${lang}`);
      const reasons = (await p.reasons.allTextContents()).map(readable);
      assert.equal(reasons.length, 3);
      assert.ok(reasons.includes(w.blocked), `${lang}: a blocked card among the reasons`);
      // (Swedish: lookup-page.test.ts keeps lookup-not-valid-phone.png, from a rejection.)
      assertScreenshot(
        await p.screenshot(`lookup-not-valid${suffix(lang)}-phone.png`, { keep: lang !== 'sv' }),
      );

      await p.goto(`/k/${UNKNOWN_CODE}?lang=${lang}`);
      assert.equal(await p.headlineText(), w.unknown);
      assert.match(await p.text(p.answer.locator('p')), /Ingen information/, 'the routine’s words beside it');
      const look = await p.answer.evaluate((element) => {
        const style = (globalThis as unknown as PageWindow).getComputedStyle(element);
        return { border: style.borderTopColor, background: style.backgroundColor };
      });
      assert.deepEqual(
        look,
        { border: 'rgb(17, 17, 17)', background: 'rgb(255, 255, 255)' },
        'firm, not grey',
      );
      assertScreenshot(await p.screenshot(`lookup-unknown${suffix(lang)}-phone.png`));
      await p.close();
    });

    it(`${lang}: "${w.roles[0]}" leads, with no script, to the guidance; its questions open without script`, async () => {
      const p = await LookupPage.open(noScript, demo.server.origin);
      await p.goto(`/k/${code('card after a rejection (avslag)')}?lang=${lang}`);
      await Promise.all([
        p.page.waitForURL(/\/verify\?role=healthcare&answer=not_valid/),
        p.guidanceLinks.first().click(),
      ]);
      const guidance = p.page.getByTestId('guidance');
      await guidance.waitFor();
      assert.equal(await guidance.getAttribute('data-case'), 'not_valid');
      assert.equal(await p.page.locator('html').getAttribute('lang'), lang);
      assert.equal(await p.page.locator('script').count(), 0);
      assert.equal(await p.page.getByTestId('role-healthcare').getAttribute('aria-current'), 'page');
      assert.equal(await p.text(p.page.locator('.question')), w.question);
      const options = p.page.getByTestId('ask-option');
      assert.equal(await options.count(), 4);
      assert.ok(!(await options.first().locator('ol').isVisible()), 'closed until tapped');
      await options.first().locator('summary').click();
      assert.ok(await options.first().locator('ol').isVisible(), 'opens with no script');
      assert.match(await p.text(options.first().locator('ol')), /66/);
      await options.nth(1).locator('summary').click();
      assert.equal(await options.nth(1).locator('a[href="tel:+46104857463"]').count(), 2);
      assert.ok((await overflow(p.page)) <= 0, `${lang}: no sideways scrolling`);
      assertScreenshot(await p.screenshot(`verify-guidance-not-valid${suffix(lang)}-phone.png`));

      // Another role is one tap away, the same answer.
      await Promise.all([p.page.waitForURL(/role=employer/), p.page.getByTestId('role-employer').click()]);
      assert.equal(await p.page.getByTestId('guidance').getAttribute('data-role'), 'employer');
      assert.deepEqual(await noScript.cookies(), [], 'no cookie');
      await p.close();
    });
  }

  it('no code of no card reads as "undocumented" before the person is asked (sv, healthcare)', async () => {
    const p = await LookupPage.open(noScript, demo.server.origin);
    await p.goto(`/k/${UNKNOWN_CODE}`);
    await Promise.all([p.page.waitForURL(/answer=unknown/), p.guidanceLinks.first().click()]);
    const meaning = await p.text(p.page.locator('.meaning'));
    assert.match(meaning, /felskriven kod eller ett kort som inte är äkta/);
    assert.match(meaning, /Dra inte slutsatsen ”tillståndslös”/);
    assertScreenshot(await p.screenshot('verify-guidance-unknown-phone.png'));
    await p.close();
  });

  describe('accessibility: axe-core finds no violation', () => {
    const pages: [string, () => string][] = [
      ['sv, unknown', () => `/k/${UNKNOWN_CODE}`],
      ['ti, not valid', () => `/k/${code('card after a rejection (avslag)')}?lang=ti`],
      ['sv, guidance', () => '/verify?role=healthcare&answer=not_valid'],
      ['ar, guidance', () => '/verify?role=pharmacy&answer=unknown&lang=ar'],
    ];
    for (const [name, path] of pages) {
      it(name, async () => {
        // axe runs as script: this context allows it (the pages themselves need none).
        const p = await LookupPage.open(await session.newContext(PHONE), demo.server.origin);
        await p.goto(path());
        await p.assertAccessible(`${name}: ${path()}`);
        await p.close();
      });
    }
  });

  it('the verifier app answers a code of no card as firmly as the lookup page', async () => {
    const context = await session.newContext({ ...PHONE, serviceWorkers: 'block' });
    try {
      const p = await VerifyPage.open(context, demo.server.origin, '?role=healthcare');
      await p.typeAndEnter(UNKNOWN_CODE, 'unknown');
      assert.equal(await p.text(p.headline), 'Inget LMA-kort har den här koden');
      assert.match(await p.text(p.testId('answer-sub')), /godta inte kortet som bevis/);
      assert.equal(await p.computed(p.answer, 'borderTopColor'), 'rgb(17, 17, 17)');
      assert.equal(await p.computed(p.answer, 'backgroundColor'), 'rgb(255, 255, 255)');
      assert.match(await p.text(p.guidance.locator('.meaning')), /Dra inte slutsatsen ”tillståndslös”/);
    } finally {
      await context.close();
    }
  });

  describe('the till: the role stays in view and is this device’s alone', () => {
    it('?role= presets it, it can be switched at the till, the device remembers it, nothing is sent', async () => {
      const context = await session.newContext({ ...PHONE, serviceWorkers: 'block' });
      try {
        const p = await VerifyPage.open(context, demo.server.origin, '?mode=till&role=pharmacy');
        const pharmacy = p.testId('role-pharmacy');
        assert.ok(await pharmacy.isVisible(), 'the roles are shown in till mode');
        assert.equal(await pharmacy.getAttribute('aria-checked'), 'true', '?role= presets it');
        await p.typeAndEnter(code('valid card'), 'valid');
        assert.equal(await p.guidance.getAttribute('data-role'), 'pharmacy');
        const box = await p.testId('role-employer').boundingBox();
        assert.ok(box && box.y + box.height <= 844, 'the role switch is on the first screen');
        await p.chooseRole('employer');
        assert.equal(await p.guidance.getAttribute('data-role'), 'employer');
        assert.match(p.page.url(), /role=employer/);
        assert.equal(
          await p.page.evaluate(() =>
            (
              globalThis as unknown as { localStorage: { getItem(k: string): string | null } }
            ).localStorage.getItem('lma-verify-role'),
          ),
          'employer',
        );
        assertScreenshot(await p.screenshot('verify-till-role-phone.png'));

        // Next time, with no ?role=, the device remembers.
        const again = await VerifyPage.open(context, demo.server.origin, '?mode=till');
        assert.equal(await again.testId('role-employer').getAttribute('aria-checked'), 'true');
        await again.typeAndEnter(code('valid card with AT-UND'), 'valid');
        // The server never learns the role: not in a request the app makes, not in a cookie.
        for (const r of [...p.requests, ...again.requests].filter((r) => r.resourceType() === 'fetch'))
          assert.doesNotMatch(`${r.url()} ${r.postData() ?? ''}`, /employer|pharmacy|role/, r.url());
        for (const r of [...p.requests, ...again.requests])
          assert.equal((await r.allHeaders()).cookie, undefined, r.url());
        assert.deepEqual(await context.cookies(), []);
      } finally {
        await context.close();
      }
    });
  });
});
