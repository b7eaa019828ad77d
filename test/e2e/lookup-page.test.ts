// C2, C4, C6 in a real browser: the public lookup page as a verifier sees it on a phone — the answer
// unmistakable at a glance, in words and an icon, nothing loaded from elsewhere, no script — against the
// real `lmakort serve --demo`. With LMA_UPDATE_SCREENS=1 it rewrites the screenshots kept in docs/screens/.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { VALID_IN } from '../support/lookup-words.ts';
import { assertScreenshot } from './support/base-page.ts';
import { browserSuite, DESKTOP_EN, PHONE, suiteServer } from './support/browser.ts';
import { DEMO_LABELS, type DemoLabel, type SpecimenLabel, startDemoServer } from './support/demo-server.ts';
import { LookupPage } from './support/lookup-page.ts';

const CHECKED_AT_SV = 'Kontrollerat 2026-06-02 kl. 10:15:00 svensk tid';
const VALID_SV = VALID_IN.sv;
const NOT_VALID_SV = 'LMA-kort EJ giltigt';
const MALFORMED_SV = 'Koden är felskriven — kontrollera tecknen';
const UNKNOWN_SV = 'Inget LMA-kort har den här koden';
const VALID_EN = VALID_IN.en;

/** The browser's window, as seen from a function that runs inside the page (no DOM types in tsconfig). */
interface PageWindow {
  getComputedStyle(element: unknown): {
    backgroundImage: string;
    borderTopStyle: string;
    borderTopColor: string;
  };
}
/** A well-formed code (correct check symbol) that no card has. */
const UNKNOWN_CODE = '0000-0000-0000-0';

const EXPECTED: Record<DemoLabel, { result: 'valid' | 'not_valid'; headline: string; atUnd: boolean }> = {
  'valid card': { result: 'valid', headline: VALID_SV, atUnd: false },
  'valid card with AT-UND': { result: 'valid', headline: VALID_SV, atUnd: true },
  'expired card (no visit for four months)': { result: 'not_valid', headline: NOT_VALID_SV, atUnd: false },
  'expired card, AT-UND in effect': { result: 'not_valid', headline: NOT_VALID_SV, atUnd: false },
  'card after a rejection (avslag)': { result: 'not_valid', headline: NOT_VALID_SV, atUnd: false },
  'permit granted, AT-UND was in effect': { result: 'not_valid', headline: NOT_VALID_SV, atUnd: false },
  'grounds changed to work, AT-UND kept': { result: 'not_valid', headline: NOT_VALID_SV, atUnd: true },
  'card produced, not handed over yet': { result: 'not_valid', headline: NOT_VALID_SV, atUnd: false },
  'cancelled card (reported lost)': { result: 'not_valid', headline: NOT_VALID_SV, atUnd: false },
};

/** Demo people's names, dossier numbers and birth dates (src/cli/demo.ts): none may reach the page (C4). */
const DEMO_PERSONAL = [
  'Amina',
  'Yonas',
  'Farid',
  'Samir',
  'Olena',
  'Leyla',
  'Reza',
  'Nadia',
  'Hodan',
  '10-00000',
];

/** XXXX-XXXX-XXXX-C, as printed on the card's back. */
function grouped(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`;
}

/** One symbol changed; the check character catches every single substitution (C1). */
function withOneSymbolChanged(code: string): string {
  const c = code[0] === 'X' ? 'Y' : 'X';
  return c + code.slice(1);
}

const demo = suiteServer(startDemoServer);

browserSuite('public lookup page in a browser (C2, C4, C6)', demo, (session) => {
  let phone: BrowserContext;

  const code = (label: DemoLabel | SpecimenLabel) => demo.server.codes[label];
  const phonePage = () => LookupPage.open(phone, demo.server.origin);

  before(async () => {
    phone = await session.newContext(PHONE);
  });

  describe('on a phone, every demo card gives its answer at a glance (C4)', () => {
    for (const label of DEMO_LABELS) {
      const want = EXPECTED[label];
      it(`${label}: "${want.headline}"${want.atUnd ? ' + AT-UND' : ''}`, async () => {
        const p = await phonePage();
        const response = await p.goto(`/k/${code(label)}`);
        assert.equal(response.status(), 200);

        assert.equal(await p.result(), want.result);
        assert.equal(await p.headlineText(), want.headline);
        if (want.atUnd) {
          assert.ok(await p.atUnd.isVisible(), 'the AT-UND line is shown');
          assert.match(await p.text(p.atUnd), /^AT-UND finns/);
          assert.equal(await p.noAtUnd.count(), 0);
        } else {
          assert.equal(await p.atUnd.count(), 0, 'no AT-UND line');
          assert.ok(await p.noAtUnd.isVisible());
        }
        assert.equal(await p.text(p.checkedAt), CHECKED_AT_SV);
        assert.equal(await p.text(p.code), grouped(code(label)));

        // The headline is seen without scrolling, and big.
        const box = await p.headline.boundingBox();
        assert.ok(box, 'the headline is rendered');
        assert.ok(box.x >= 0 && box.y >= 0, `headline starts inside the screen: ${JSON.stringify(box)}`);
        assert.ok(
          box.x + box.width <= 390 && box.y + box.height <= 844,
          `headline ends inside the 390×844 screen: ${JSON.stringify(box)}`,
        );
        const fontSize = await p.fontSizePx(p.headline);
        assert.ok(fontSize >= 28, `headline font size ${fontSize}px is at least 28px`);

        // Never a validity date, a name, a birth date or a dossier number: the only date is today's.
        const text = await p.bodyText();
        assert.deepEqual([...new Set(text.match(/\d{4}-\d{2}-\d{2}/g))], ['2026-06-02']);
        for (const personal of DEMO_PERSONAL) assert.ok(!text.includes(personal), `no "${personal}"`);
      });
    }
  });

  it('the answer does not rely on colour: an icon and the words, distinct per answer', async () => {
    const p = await phonePage();
    const icons = new Map<string, string>();
    const cases: [string, string][] = [
      [`/k/${code('valid card')}`, VALID_SV],
      [`/k/${code('card after a rejection (avslag)')}`, NOT_VALID_SV],
      [`/k/${UNKNOWN_CODE}`, UNKNOWN_SV],
      [`/k/${withOneSymbolChanged(grouped(code('valid card')))}`, MALFORMED_SV],
    ];
    for (const [path, headline] of cases) {
      await p.goto(path);
      assert.equal(await p.icon.count(), 1, `${path}: one icon in the answer box`);
      const iconBox = await p.icon.boundingBox();
      assert.ok(iconBox && iconBox.width >= 40 && iconBox.height >= 40, `${path}: the icon is big enough`);
      assert.equal(await p.headlineText(), headline);
      assert.ok(await p.headline.isVisible());
      icons.set(headline, await p.icon.innerHTML());
    }
    assert.equal(new Set(icons.values()).size, cases.length, 'each answer has its own icon shape');
  });

  it('C6: loads nothing from another origin, runs no script, breaks no CSP rule', async () => {
    const p = await phonePage();
    const valid = code('valid card');
    const visited = [
      `/k/${valid}`,
      `/k/${code('grounds changed to work, AT-UND kept')}`,
      `/K/${valid}`,
      `/k/${UNKNOWN_CODE}`,
      '/k/?code=not-a-code',
      '/k/',
      `/k/${valid}?lang=en`,
    ];
    for (const path of visited) {
      const response = await p.goto(path);
      const csp = response.headers()['content-security-policy'] ?? '';
      assert.match(csp, /default-src 'none'/, `${path}: strict CSP`);
      assert.equal(response.headers()['set-cookie'], undefined, `${path}: no cookie`);
      assert.equal(await p.page.locator('script').count(), 0, `${path}: no <script>`);
    }
    // Submitting the form is a plain GET to the same origin.
    await p.goto('/k/');
    await p.typeCodeAndSubmit(grouped(valid));
    // The inline style was allowed by its hash (otherwise the headline would be the default size).
    assert.equal(await p.fontSizePx(p.headline), 32);

    assert.ok(p.requests.length >= visited.length + 2, 'requests were recorded');
    const foreign = p.requestUrls().filter((url) => new URL(url).origin !== demo.server.origin);
    assert.deepEqual(foreign, [], 'every request goes to the server itself');
    assert.deepEqual(p.cspViolations(), [], 'no Content-Security-Policy violation in the console');
    // Chromium logs the page's own 404 (unknown) and 400 (malformed) status as "Failed to load
    // resource" against the page itself; any other console error is a failure.
    const otherErrors = p.consoleMessages
      .filter((m) => m.type() === 'error')
      .filter(
        (m) =>
          !(
            /^Failed to load resource: the server responded with a status of 40[04]\b/.test(m.text()) &&
            /^\/k\/(0000-0000-0000-0|\?code=not-a-code)$/.test(
              new URL(m.location().url).pathname + new URL(m.location().url).search,
            )
          ),
      )
      .map((m) => `${m.text()} (${m.location().url})`);
    assert.deepEqual(otherErrors, [], 'no other console errors');
    assert.deepEqual(p.pageErrors, [], 'no script errors');
    assert.deepEqual(await p.page.context().cookies(), [], 'no cookie was set');
  });

  it('one tap on a language switches to it, and one tap back', async () => {
    const p = await phonePage();
    await p.goto(`/k/${code('valid card')}`);
    assert.equal(await p.headlineText(), VALID_SV);
    assert.equal(await p.text(p.languageLink('en')), 'English');

    await p.switchLanguage('en');
    assert.equal(await p.headlineText(), VALID_EN);
    assert.equal(await p.page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await p.text(p.checkedAt), 'Checked 2026-06-02 at 10:15:00 Swedish time');
    assert.equal(await p.text(p.languageLink('sv')), 'Svenska');

    await p.switchLanguage('sv');
    assert.equal(await p.headlineText(), VALID_SV);
  });

  describe('typing a code into the form at /k/ (C1, C4)', () => {
    it('lower case with spaces is read as the code: "LMA-kort giltigt"', async () => {
      const p = await phonePage();
      await p.goto('/k/');
      assert.equal(await p.answer.count(), 0, 'the form page has no answer yet');
      const c = code('valid card').toLowerCase();
      await p.typeCodeAndSubmit(`${c.slice(0, 4)} ${c.slice(4, 8)} ${c.slice(8, 12)} ${c.slice(12)}`);
      assert.equal(await p.result(), 'valid');
      assert.equal(await p.headlineText(), VALID_SV);
      assert.equal(await p.text(p.code), grouped(code('valid card')));
    });

    it('one symbol wrong: "Koden är felskriven", and what was typed is shown back', async () => {
      const p = await phonePage();
      await p.goto('/k/');
      const typo = withOneSymbolChanged(grouped(code('valid card')));
      await p.typeCodeAndSubmit(typo);
      assert.equal(await p.result(), 'malformed');
      assert.equal(await p.headlineText(), MALFORMED_SV);
      assert.equal(await p.text(p.typed), typo);
      assert.equal(await p.code.count(), 0);
    });

    it(`a well-formed code of no card (${UNKNOWN_CODE}): "Inget LMA-kort har den här koden"`, async () => {
      const p = await phonePage();
      await p.goto('/k/');
      await p.typeCodeAndSubmit(UNKNOWN_CODE);
      assert.equal(await p.result(), 'unknown');
      assert.equal(await p.headlineText(), UNKNOWN_SV);
      assert.equal(await p.text(p.code), UNKNOWN_CODE);
    });
  });

  it('C2: the upper-case QR address /K/<CODE> opens the answer', async () => {
    const p = await phonePage();
    const response = await p.goto(`/K/${code('valid card with AT-UND')}`);
    assert.equal(response.status(), 200);
    assert.equal(new URL(p.page.url()).pathname, `/K/${code('valid card with AT-UND')}`);
    assert.equal(await p.headlineText(), VALID_SV);
    assert.ok(await p.atUnd.isVisible());
  });

  describe('in eight languages, on a phone (the holder can read the answer too)', () => {
    for (const [lang, want] of Object.entries(VALID_IN) as [string, string][]) {
      const rtl = lang === 'ar' || lang === 'fa';
      it(`${lang}: "${want}" with AT-UND, ${rtl ? 'right to left' : 'left to right'}, in view, big`, async () => {
        const p = await phonePage();
        const response = await p.goto(`/k/${code('valid card with AT-UND')}?lang=${lang}`);
        assert.equal(response.status(), 200);
        const html = p.page.locator('html');
        assert.equal(await html.getAttribute('lang'), lang);
        assert.equal(await html.getAttribute('dir'), rtl ? 'rtl' : null);
        assert.equal(await p.headlineText(), want);
        assert.ok(await p.atUnd.isVisible());
        // Translated, with the agency's Swedish term beside it.
        assert.match(
          await p.text(p.atUnd.locator('strong')),
          lang === 'sv' ? /^AT-UND finns$/ : /^\S.* — AT-UND finns$/,
        );
        const box = await p.headline.boundingBox();
        const icon = await p.icon.boundingBox();
        assert.ok(box && icon, 'headline and icon are rendered');
        assert.ok(
          box.y + box.height <= 844 && box.x >= 0 && box.x + box.width <= 390,
          `${lang}: headline in view`,
        );
        assert.ok((await p.fontSizePx(p.headline)) >= 28);
        // Right to left, the icon stands to the right of the words; left to right, to the left.
        assert.equal(icon.x > box.x, rtl, `${lang}: icon on the ${rtl ? 'right' : 'left'}`);
        // The code reads left to right in every language.
        assert.equal(await p.text(p.code), grouped(code('valid card with AT-UND')));
        const keep = lang === 'ar' || lang === 'ti';
        const path = keep
          ? await p.screenshot(`lookup-valid-atund-${lang}-phone.png`)
          : await p.screenshot(`lookup-valid-atund-${lang}-phone.png`, { keep: false });
        assertScreenshot(path);
      });
    }

    it('ru: the headline stays on the screen in a font much wider than the phone fonts', async () => {
      // A phone's own font may be wider than Noto; letter spacing stands in for one, whatever fonts
      // this machine has. The long word breaks inside the box rather than leaving the screen.
      const wide = await session.browser.newContext({ ...PHONE, bypassCSP: true });
      try {
        const p = await LookupPage.open(wide, demo.server.origin);
        await p.goto(`/k/${code('valid card with AT-UND')}?lang=ru`);
        await p.page.addStyleTag({ content: 'html{letter-spacing:.3em}' });
        const box = await p.headline.boundingBox();
        const answer = await p.answer.boundingBox();
        assert.ok(box && answer, 'headline and answer box are rendered');
        assert.ok(box.x >= 0 && box.x + box.width <= 390, 'the headline is within the screen');
        assert.ok(box.x + box.width <= answer.x + answer.width, 'the headline is within its box');
        const scrollWidth = await p.page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
              .documentElement.scrollWidth,
        );
        assert.ok(scrollWidth <= 390, `the page does not scroll sideways (${scrollWidth} px wide)`);
      } finally {
        await wide.close();
      }
    });

    it('one tap on any language in the switch opens the same answer in it', async () => {
      const p = await phonePage();
      await p.goto(`/k/${code('card after a rejection (avslag)')}?lang=ti`);
      await p.switchLanguage('ar');
      assert.equal(await p.headlineText(), 'بطاقة LMA غير سارية');
      await p.switchLanguage('uk');
      assert.equal(await p.headlineText(), 'Картка LMA НЕ дійсна');
      await p.switchLanguage('sv');
      assert.equal(await p.headlineText(), NOT_VALID_SV);
    });
  });

  describe('specimen (training) cards: a grey EXEMPEL screen', () => {
    it('says EXEMPEL first, then the answer it demonstrates, on a grey hatched ground, with AT-UND', async () => {
      const p = await phonePage();
      await p.goto(`/k/${code('specimen: valid + AT-UND')}`);
      assert.equal(await p.answer.getAttribute('data-specimen'), 'true');
      assert.equal(await p.result(), 'valid');
      assert.equal(await p.headlineText(), 'EXEMPEL — inte ett riktigt kort');
      assert.equal(await p.text(p.answer.locator('p')), 'Exemplet visar svaret: LMA-kort giltigt');
      assert.ok(await p.atUnd.isVisible());
      const look = await p.answer.evaluate((element) => {
        const style = (globalThis as unknown as PageWindow).getComputedStyle(element);
        return { image: style.backgroundImage, border: style.borderTopStyle, color: style.borderTopColor };
      });
      assert.match(look.image, /repeating-linear-gradient/);
      assert.equal(look.border, 'dashed');
      assert.equal(look.color, 'rgb(85, 85, 85)', 'grey, not the green of a real answer');
      const box = await p.headline.boundingBox();
      assert.ok(box && box.y + box.height <= 844, 'EXEMPEL is in view');
      assertScreenshot(await p.screenshot('lookup-specimen-phone.png'));
    });

    it('in Arabic and Tigrinya too', async () => {
      const p = await phonePage();
      await p.goto(`/k/${code('specimen: not valid + AT-UND')}?lang=ar`);
      assert.equal(await p.headlineText(), 'مثال — ليست بطاقة حقيقية');
      assert.equal(await p.result(), 'not_valid');
      await p.goto(`/k/${code('specimen: not valid')}?lang=ti`);
      assert.equal(await p.headlineText(), 'ኣብነት — ሓቀኛ ካርድ ኣይኮነን');
    });
  });

  describe('accessibility: axe-core finds no violation', () => {
    // [what, the card (or none), what follows /k/{code} (or the whole path)]
    const pages: [string, DemoLabel | SpecimenLabel | null, string][] = [
      ['sv, valid + AT-UND', 'valid card with AT-UND', ''],
      ['ar, not valid + AT-UND', 'grounds changed to work, AT-UND kept', '?lang=ar'],
      ['ti, valid', 'valid card', '?lang=ti'],
      ['fa, the form', null, '/k/?lang=fa'],
      ['sv, mistyped', null, '/k/?code=ABCD-EFGH'],
      ['sv, specimen', 'specimen: valid + AT-UND', ''],
      ['ar, specimen', 'specimen: not valid', '?lang=ar'],
    ];
    for (const [name, label, rest] of pages) {
      it(name, async () => {
        const p = await phonePage();
        const path = label ? `/k/${code(label)}${rest}` : rest;
        await p.goto(path);
        await p.assertAccessible(`${name}: ${path}`);
        await p.close();
      });
    }
  });

  describe('screenshots for docs/screens/', () => {
    it('phone: valid, valid + AT-UND, not valid, not valid + AT-UND, mistyped, form', async () => {
      const p = await phonePage();
      const shots: [string, string, string][] = [
        ['lookup-valid-phone.png', `/k/${code('valid card')}`, VALID_SV],
        ['lookup-valid-atund-phone.png', `/k/${code('valid card with AT-UND')}`, VALID_SV],
        ['lookup-not-valid-phone.png', `/k/${code('card after a rejection (avslag)')}`, NOT_VALID_SV],
        [
          'lookup-not-valid-atund-phone.png',
          `/k/${code('grounds changed to work, AT-UND kept')}`,
          NOT_VALID_SV,
        ],
        [
          'lookup-malformed-phone.png',
          `/k/?code=${encodeURIComponent(withOneSymbolChanged(grouped(code('valid card'))))}`,
          MALFORMED_SV,
        ],
      ];
      for (const [file, path, headline] of shots) {
        await p.goto(path);
        assert.equal(await p.headlineText(), headline);
        assertScreenshot(await p.screenshot(file));
      }
      await p.goto('/k/');
      await p.codeInput.waitFor({ state: 'visible' });
      assertScreenshot(await p.screenshot('lookup-form-phone.png'));
    });

    it('desktop in English (Accept-Language), 1280×800', async () => {
      const desktop = await session.browser.newContext(DESKTOP_EN);
      try {
        const p = await LookupPage.open(desktop, demo.server.origin);
        await p.goto(`/k/${code('valid card')}`);
        assert.equal(await p.headlineText(), VALID_EN);
        assertScreenshot(await p.screenshot('lookup-valid-desktop.png'));
      } finally {
        await desktop.close();
      }
    });
  });
});
