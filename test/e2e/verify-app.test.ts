// In Debian's Chromium: the verifier app used as a clinic receptionist, a pharmacist and an
// employer would — on a phone, with the camera pointed at a card's QR code (Chromium's fake camera fed
// a generated photo of it), with typed codes (right, mistyped, lower case), with a hand scanner (also
// one whose keyboard layout mangles "/" and ":"), reading each role's guidance for each answer against
// the rulebooks; counterfeit QR hosts, "could not check" for 429/503/a cut network, receipts verified
// and tampered with, the .ics reminder, eight languages, axe-core, and nothing from another origin.
// Against the real `lmakort serve --demo`, with PUBLIC_BASE_URL set to its own address.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { BrowserContext, BrowserContextOptions, Request } from 'playwright-core';
import { loadRulebooks, type Role } from '../../src/http/verify/rulebooks.ts';
import { assertScreenshot } from './support/base-page.ts';
import { browserSuite, DESKTOP_EN, PHONE } from './support/browser.ts';
import { type DemoLabel, type DemoServer, startDemoServer } from './support/demo-server.ts';
import { writeQrVideo } from './support/fake-camera.ts';
import { readable } from './support/lookup-page.ts';
import { VerifyPage } from './support/verify-page.ts';

const RULEBOOKS = loadRulebooks();
const ROLES: Role[] = ['healthcare', 'pharmacy', 'employer', 'other'];
const UNKNOWN_CODE = '0000000000000';
const CHECKED_AT = 'Kontrollerat 2026-06-02 kl. 10:15:00 svensk tid';

/** The demo cards by the answer (and rulebook case) each gives. */
const CASES: [DemoLabel | null, string, string][] = [
  ['valid card', 'valid', 'valid'],
  ['valid card with AT-UND', 'valid', 'valid_at_und'],
  ['expired card (no visit for four months)', 'not_valid', 'not_valid'],
  ['grounds changed to work, AT-UND kept', 'not_valid', 'not_valid_at_und'],
  [null, 'unknown', 'unknown'],
];

const grouped = (c: string) => `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8, 12)}-${c.slice(12)}`;
const oneSymbolChanged = (c: string) => `${c.slice(0, 6)}${c[6] === 'X' ? 'Y' : 'X'}${c.slice(7)}`;
/** A US-layout hand scanner typing into a Swedish layout: "/" comes out as "-" and ":" as "Ö". */
const swedishLayout = (s: string) => s.replaceAll('/', '-').replaceAll(':', 'Ö');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let server: DemoServer;
let base: string;
let video: string;
const code = (label: DemoLabel) => server.codes[label];
const qrUrl = (c: string) => `${base}/K/${c}`.toUpperCase(); // C2: what the card's QR holds

async function start() {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startDemoServer({ env: { PORT: String(port), PUBLIC_BASE_URL: base } });
  assert.equal(server.origin, base);
  // The fake camera films a card whose QR code holds the valid demo card's address.
  video = join(mkdtempSync(join(tmpdir(), 'lmakort-camera-')), 'card-qr.y4m');
  writeQrVideo(video, qrUrl(code('valid card')));
}
const chromiumArgs = () => [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  `--use-file-for-fake-video-capture=${video}`,
];
const stop = () => server?.stop();

browserSuite('verifier app in a browser', { start, chromiumArgs, stop, timeout: 120_000 }, (session) => {
  let phone: BrowserContext;
  /** Every request any page in any context made, to prove nothing left our origin. */
  const allRequests: string[] = [];

  async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await session.newContext({ ...PHONE, serviceWorkers: 'block', ...options });
    context.on('request', (r: Request) => allRequests.push(r.url()));
    return context;
  }
  const open = (context: BrowserContext = phone, query = '') => VerifyPage.open(context, base, query);

  before(async () => {
    phone = await newContext();
  });

  it('scans a card QR code with the camera (jsQR, served by us) and shows its answer', async () => {
    const context = await newContext();
    await context.grantPermissions(['camera'], { origin: base });
    const p = await open(context);
    await p.testId('scan').click();
    await p.waitForAnswer('valid');
    assert.equal(await p.text(p.headline), 'LMA-kort giltigt');
    assert.equal(await p.page.locator('body').getAttribute('data-decoder'), 'jsqr');
    assert.equal(await p.text(p.testId('checked-at')), CHECKED_AT);
    assert.equal(await p.text(p.testId('checked-code')), `Kod: ${grouped(code('valid card'))}`);
    assert.deepEqual(p.statusRequests(), [`${base}/api/v1/status/${code('valid card')}?receipt=1`]);
    assert.ok(await p.page.locator('#camera[hidden]').count(), 'the camera is closed after the scan');
  });

  it('uses BarcodeDetector where the browser has one (a stand-in here: Chromium on Linux has none), and a QR code to another host is a counterfeit', async () => {
    const context = await newContext();
    await context.grantPermissions(['camera'], { origin: base });
    const lookAlike = `HTTP://127.0.0.1.NIP.IO/K/${code('valid card')}`;
    // The stand-in answers only for a real camera frame (a <video> with a picture), as the platform's would.
    await context.addInitScript((raw: string) => {
      const w = globalThis as unknown as Record<string, unknown>;
      w.BarcodeDetector = class {
        static async getSupportedFormats() {
          return ['qr_code'];
        }
        async detect(source: { videoWidth?: number }) {
          return (source.videoWidth ?? 0) > 0 ? [{ rawValue: raw, format: 'qr_code' }] : [];
        }
      };
    }, lookAlike);
    const p = await open(context);
    await p.testId('scan').click();
    await p.waitForAnswer('counterfeit');
    assert.equal(await p.page.locator('body').getAttribute('data-decoder'), 'barcode-detector');
    assert.match(await p.text(p.testId('answer-sub')), /QR-koden leder till http:\/\/127\.0\.0\.1\.nip\.io/);
    assert.deepEqual(p.statusRequests(), [], 'no lookup for a counterfeit');
  });

  describe('typing the code from the back of the card (C1)', () => {
    it('a mistyped symbol is caught while typing and on Enter — nothing is sent', async () => {
      const p = await open();
      const typo = grouped(oneSymbolChanged(code('valid card')));
      await p.codeInput.pressSequentially(typo.slice(0, 7));
      assert.equal(await p.codeStatus.getAttribute('data-state'), 'partial');
      assert.equal(await p.text(p.codeStatus), '6 av 13 tecken');
      await p.codeInput.pressSequentially(typo.slice(7));
      assert.equal(await p.codeStatus.getAttribute('data-state'), 'check');
      assert.equal(await p.text(p.codeStatus), 'Kontrolltecknet stämmer inte – kontrollera tecknen.');
      assert.equal(await p.codeInput.getAttribute('aria-invalid'), 'true');
      await p.codeInput.press('Enter');
      await p.waitForAnswer('typo');
      assert.equal(await p.text(p.headline), 'Koden är felskriven – kontrollera tecknen');
      assert.deepEqual(p.statusRequests(), [], 'no request was sent for a typo');
    });

    it('lower case with spaces: the check symbol matches, and the answer comes', async () => {
      const p = await open();
      const c = code('card after a rejection (avslag)').toLowerCase();
      await p.codeInput.pressSequentially(
        `${c.slice(0, 4)} ${c.slice(4, 8)} ${c.slice(8, 12)} ${c.slice(12)}`,
      );
      assert.equal(await p.codeStatus.getAttribute('data-state'), 'ok');
      assert.equal(
        await p.text(p.codeStatus),
        `Kontrolltecknet stämmer: ${grouped(code('card after a rejection (avslag)'))}`,
      );
      await p.page.getByRole('button', { name: 'Kontrollera', exact: true }).click();
      await p.waitForAnswer('not_valid');
      assert.equal(await p.text(p.headline), 'LMA-kort EJ giltigt');
      assert.ok(await p.testId('no-at-und').isVisible());
    });
  });

  describe('a hand scanner that types the URL and Enter', () => {
    it('into the ordinary field: the card address is read and checked', async () => {
      const p = await open();
      await p.typeAndEnter(qrUrl(code('valid card with AT-UND')), 'valid');
      assert.ok(await p.testId('at-und').isVisible());
      assert.equal(
        await p.text(p.testId('at-und')),
        'AT-UND finns Undantagen från kravet på arbetstillstånd',
      );
    });

    it('till mode: focused field, mangled layout and a scanner prefix, a big answer with sound, next customer', async () => {
      const context = await newContext();
      // Records every tone the page plays (WebAudio oscillators), to hear the difference.
      await context.addInitScript(() => {
        const w = globalThis as unknown as {
          __tones: number[];
          OscillatorNode: { prototype: { start: () => void } };
        };
        w.__tones = [];
        const start = w.OscillatorNode.prototype.start;
        w.OscillatorNode.prototype.start = function (this: { frequency: { value: number } }, ...args: []) {
          w.__tones.push(this.frequency.value);
          return start.apply(this, args);
        };
      });
      const p = await open(context, '?mode=till');
      const tones = () =>
        p.page.evaluate(() => (globalThis as unknown as { __tones: number[] }).__tones.splice(0));
      assert.equal(await p.activeId(), 'code', 'the field has focus');
      assert.equal(await p.text(p.page.locator('label[for="code"]')), 'Skanna kortet eller skriv koden');

      await p.page.keyboard.type(`]Q1${swedishLayout(qrUrl(code('valid card')))}`);
      await p.page.keyboard.press('Enter');
      await p.waitForAnswer('valid');
      assert.equal(await p.text(p.headline), 'LMA-kort giltigt');
      const big = Number.parseFloat(await p.computed(p.headline, 'fontSize'));
      assert.ok(big >= 40, `till answer is big: ${big}px`);
      assert.deepEqual(await tones(), [880, 1320], 'two rising beeps for valid');
      assert.equal(await p.codeInput.inputValue(), '', 'the field is cleared for the next scan');
      assert.equal(await p.activeId(), 'code');

      // The next customer's card replaces the answer straight away.
      await p.page.keyboard.type(swedishLayout(qrUrl(code('card after a rejection (avslag)'))).toLowerCase());
      await p.page.keyboard.press('Enter');
      await p.waitForAnswer('not_valid');
      assert.deepEqual(await tones(), [196], 'one low tone for not valid');

      assert.equal(await p.text(p.testId('next')), 'Nästa kund');
      await p.next();
      assert.equal(await p.activeId(), 'code');
      await p.page.keyboard.type(oneSymbolChanged(code('valid card')));
      await p.page.keyboard.press('Enter');
      await p.waitForAnswer('typo');
      assert.deepEqual(await tones(), [440, 440], 'a third sound for anything else');
      await p.page.keyboard.press('Escape');
      await p.page.locator('#result[hidden]').waitFor({ state: 'attached' });
    });
  });

  describe('each role’s guidance for each answer, as the rulebooks say', () => {
    for (const [label, result, key] of CASES) {
      it(`${label ?? 'a well-formed code of no card'}: ${key}`, async () => {
        const p = await open();
        await p.typeAndEnter(label ? code(label) : UNKNOWN_CODE, result);
        for (const role of ROLES) {
          await p.chooseRole(role);
          const book = RULEBOOKS[role];
          const g = book.answers[key as keyof typeof book.answers];
          assert.ok(g, `${role} has guidance for ${key}`);
          assert.equal(await p.guidance.getAttribute('data-case'), key);
          assert.equal(await p.guidance.getAttribute('data-role'), role);
          assert.equal(await p.text(p.guidance.locator('.meaning')), g.meaning.sv, `${role}/${key} meaning`);
          const items = p.guidance.locator(':scope > div > ol > li');
          assert.equal(await items.count(), g.steps.length, `${role}/${key} steps`);
          for (const [i, step] of g.steps.entries())
            assert.ok((await p.text(items.nth(i))).startsWith(step.sv), `${role}/${key} step ${i + 1}`);
        }
        assert.deepEqual(p.statusRequests().length, 1, 'switching roles asks the server nothing (P1)');
      });
    }

    it('healthcare, not valid: ask — "rejected" gives code 66, "not renewed" the agency’s numbers and hours', async () => {
      const p = await open();
      await p.chooseRole('healthcare');
      await p.typeAndEnter(code('expired card (no visit for four months)'), 'not_valid');
      const options = p.testId('ask-option');
      assert.deepEqual(await options.allTextContents(), [
        'Har fått avslag',
        'Har inte uppdaterat sitt LMA-kort',
        'Kortet är borttappat, stulet eller ersatt',
        'Har fått uppehållstillstånd',
      ]);
      await options.nth(0).click();
      let chosen = await p.text(p.testId('ask-steps'));
      assert.match(chosen, /Personen tolkas som tillståndslös\./);
      assert.match(chosen, /Län- och kommunkod ska ändras till 66\./);
      await options.nth(1).click();
      chosen = await p.text(p.testId('ask-steps'));
      assert.match(chosen, /Ring Migrationsverket och fråga om LMA-kortet är giltigt eller ej\./);
      assert.match(chosen, /Mottagningsenheten i Halmstad: 010-485 74 63/);
      assert.match(
        chosen,
        /Migrationsverket Göteborg: 010-485 37 42 \(telefontid måndag – fredag kl\. 9-12\)/,
      );
      assert.match(chosen, /boka ny tid/);
      assert.match(chosen, /utomlänsprislistan/);
      assert.match(chosen, /mellan 8-12/);
      assert.equal(
        await p.page.locator('[data-testid="ask-steps"] a[href="tel:+46104857463"]').count(),
        2,
        'the Halmstad number is a phone link wherever it is given',
      );
    });

    it('healthcare, more routines: an old card without QR (GAS) and re-applicants with a personal number', async () => {
      const p = await open();
      await p.chooseRole('healthcare');
      await p.testId('notes').locator('summary').click();
      const old = await p.text(p.testId('note-old-card'));
      assert.match(old, /GAS/);
      assert.match(old, /Melker/);
      assert.match(old, /Måndag till fredag 08\.00-16\.00\./);
      assert.match(old, /Vårdenheter i egen regi: 010-47 61 900 — Val 2 följt av val 5 följt av val 2/);
      assert.match(old, /Vårdenheter i privat regi: 010-45 53 950 — Val 2 följt av val 5/);
      const again = await p.text(p.testId('note-re-applicant'));
      assert.match(again, /inget reservnummer/);
      assert.match(again, /88\/88/);
    });
  });

  describe('hard to fool', () => {
    const fakes: [string, string, string][] = [
      ['a look-alike host', 'HTTP://127.0.0.1.NIP.IO/K/', 'http://127.0.0.1.nip.io'],
      ['our address as the user part before @', 'HTTP://127.0.0.1@EVIL.EXAMPLE/K/', '127.0.0.1@evil.example'],
      ['https instead of our http', 'HTTPS://127.0.0.1/K/', 'https://127.0.0.1'],
      ['a punycode host', 'HTTP://XN--LM-8KC.EXAMPLE/K/', 'xn--lm-8kc.example'],
    ];
    for (const [what, prefix, shown] of fakes) {
      it(`a QR code pointing elsewhere (${what}): counterfeit warning, no lookup`, async () => {
        const p = await open();
        await p.typeAndEnter(`${prefix}${code('valid card')}`, 'counterfeit');
        assert.equal(await p.text(p.headline), 'Varning: inte Migrationsverkets QR-kod');
        assert.ok(
          (await p.text(p.testId('answer-sub'))).includes(shown),
          await p.text(p.testId('answer-sub')),
        );
        assert.deepEqual(p.statusRequests(), []);
        assert.equal(await p.guidance.isVisible(), false, 'no guidance for a counterfeit');
      });
    }

    const grey: [string, (p: VerifyPage, context: BrowserContext) => Promise<unknown>, RegExp][] = [
      [
        '429 Too Many Requests',
        (p) =>
          p.page.route('**/api/v1/status/**', (route) =>
            route.fulfill({ status: 429, headers: { 'retry-after': '42' }, body: '{}' }),
          ),
        /Försök igen om 42 sekunder/,
      ],
      [
        '503 Service Unavailable',
        (p) => p.page.route('**/api/v1/status/**', (route) => route.fulfill({ status: 503, body: '{}' })),
        /kan inte svara just nu/,
      ],
      [
        'the network cut mid-check',
        async (p, context) => {
          await p.page.route('**/api/v1/status/**', async (route) => {
            await context.setOffline(true);
            await route.abort('internetdisconnected');
          });
        },
        /Ingen nätverksanslutning/,
      ],
      ['an offline phone', async (_p, context) => context.setOffline(true), /Ingen nätverksanslutning/],
    ];
    for (const [what, arrange, reason] of grey) {
      it(`could not check (${what}): its own grey answer, never "not valid"`, async () => {
        const context = await newContext();
        const p = await open(context);
        await arrange(p, context);
        await p.typeAndEnter(code('valid card'), 'unavailable');
        assert.equal(await p.text(p.headline), 'Kunde inte kontrollera');
        const sub = await p.text(p.testId('answer-sub'));
        assert.match(sub, reason);
        assert.match(sub, /varken giltigt eller ej giltigt/);
        assert.doesNotMatch(await p.text(p.answer), /EJ giltigt\b(?! eller)/);
        const colour = await p.computed(p.answer, 'borderTopColor');
        assert.equal(colour, 'rgb(85, 85, 85)', 'grey, not red');
        assert.ok(await p.testId('retry').isVisible());
        assert.match(
          await p.text(p.testId('checked-at')),
          /^Försökte \d{4}-\d{2}-\d{2} kl\. \d{2}:\d{2}:\d{2} svensk tid$/,
        );
        await context.setOffline(false);
        await p.page.unrouteAll({ behavior: 'ignoreErrors' });
        await p.testId('retry').click();
        await p.waitForAnswer('valid');
      });
    }

    it('a specimen card (flagged in the data): a grey EXEMPEL screen naming the answer it demonstrates', async () => {
      const context = await newContext();
      const p = await open(context);
      await p.page.route('**/api/v1/status/**', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: '{"result":"not_valid","atUnd":true,"checkedAt":"2026-06-02T08:15:00.000Z","specimen":true}',
        }),
      );
      await p.typeAndEnter(code('valid card'), 'specimen');
      assert.equal(await p.text(p.testId('specimen-banner')), 'EXEMPEL');
      assert.equal(await p.text(p.headline), 'LMA-kort EJ giltigt');
      assert.match(
        await p.text(p.answer),
        /Övningskort för utbildning – inget riktigt LMA-kort\. Exemplet visar svaret:/,
      );
      assert.ok(await p.testId('at-und').isVisible());
      assert.equal(await p.computed(p.answer, 'borderTopColor'), 'rgb(85, 85, 85)');
      assert.equal(await p.guidance.getAttribute('data-case'), 'not_valid_at_und');
      await p.screenshot('verify-specimen-phone.png');
    });
  });

  describe('receipts (C9), checked in the page against our keys', () => {
    it('a real receipt: "Kvitto verifierat"; the PDF button posts it; the .ics reminder is ours', async () => {
      const context = await newContext({ acceptDownloads: true });
      const p = await open(context);
      await p.chooseRole('employer');
      await p.typeAndEnter(code('valid card with AT-UND'), 'valid');
      await p.page.locator('[data-testid="receipt"][data-state="verified"]').waitFor();
      assert.match(
        await p.text(p.testId('receipt-status')),
        /^Kvitto verifierat – signerat med tjänstens nyckel \S+…\.$/,
      );

      // The PDF is made by the server (POST /verify/receipt.pdf); here its answer is stood in for,
      // and what the page sends and does with it is checked.
      let posted: { receipt?: string; lang?: string } = {};
      await p.page.route('**/verify/receipt.pdf', async (route) => {
        posted = route.request().postDataJSON();
        await route.fulfill({ status: 200, contentType: 'application/pdf', body: '%PDF-1.7\n%stand-in\n' });
      });
      const pdf = await p.download(() => p.testId('receipt-pdf').click());
      assert.equal(pdf.suggestedFilename(), 'lma-kvitto-2026-06-02.pdf');
      assert.equal(readFileSync((await pdf.path()) as string, 'utf8'), '%PDF-1.7\n%stand-in\n');
      assert.equal(posted.lang, 'sv');
      assert.match(posted.receipt ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.equal(await p.text(p.testId('pdf-status')), 'Kvittot är sparat som PDF.');
      await p.page.unroute('**/verify/receipt.pdf');
      await p.page.route('**/verify/receipt.pdf', (route) => route.fulfill({ status: 500, body: '' }));
      await p.testId('receipt-pdf').click();
      await p.page.getByText('PDF:en kunde inte skapas (svar 500). Försök igen senare.').waitFor();

      await p.testId('ics-days').fill('14');
      const ics = await p.download(() => p.testId('ics').click());
      assert.equal(ics.suggestedFilename(), 'lma-kontrollera-igen.ics');
      const text = readFileSync((await ics.path()) as string, 'utf8');
      const lines = text.replaceAll('\r\n ', '').split('\r\n');
      assert.ok(text.endsWith('\r\n') && !text.replaceAll('\r\n', '').includes('\n'), 'CRLF only');
      assert.equal(lines[0], 'BEGIN:VCALENDAR');
      assert.ok(lines.includes('DTSTART;VALUE=DATE:20260616'), '14 days after the check on 2 June');
      assert.ok(lines.some((l) => /^UID:[0-9a-f-]{36}@lmakort-verify$/.test(l)));
      assert.ok(lines.some((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l)));
      assert.ok(lines.includes('SUMMARY:Kontrollera LMA-kortet igen'));
      assert.ok(!text.includes(code('valid card with AT-UND')), 'no card code in the calendar');
    });

    const tampering: [string, (body: Record<string, unknown>) => Record<string, unknown>][] = [
      [
        'a changed payload (and answer)',
        (body) => {
          const [h, payload, sig] = String(body.receipt).split('.');
          const claims = JSON.parse(Buffer.from(String(payload), 'base64url').toString());
          const forged = Buffer.from(JSON.stringify({ ...claims, result: 'not_valid' })).toString(
            'base64url',
          );
          return { ...body, result: 'not_valid', receipt: `${h}.${forged}.${sig}` };
        },
      ],
      ['a genuine receipt under a changed answer', (body) => ({ ...body, atUnd: !body.atUnd })],
    ];
    for (const [what, tamper] of tampering) {
      it(`a tampered receipt is refused: ${what}`, async () => {
        const context = await newContext();
        const p = await open(context);
        await p.page.route('**/api/v1/status/**', async (route) => {
          const response = await route.fetch();
          await route.fulfill({
            response,
            json: tamper((await response.json()) as Record<string, unknown>),
          });
        });
        await p.codeInput.fill(code('valid card'));
        await p.codeInput.press('Enter');
        await p.page.locator('[data-testid="receipt"][data-state="refused"]').waitFor();
        assert.equal(
          await p.text(p.testId('receipt-status')),
          'Kvittot kunde INTE verifieras. Lita inte på det och spara det inte.',
        );
        assert.equal(await p.testId('receipt-pdf').isVisible(), false, 'no PDF of a refused receipt');
      });
    }
  });

  it('eight languages with a one-tap switch; Arabic and Persian right to left', async () => {
    const p = await open();
    await p.typeAndEnter(code('valid card'), 'valid');
    const expected: Record<string, [string, 'ltr' | 'rtl']> = {
      en: ['LMA card valid', 'ltr'],
      ar: ['بطاقة LMA سارية', 'rtl'],
      fa: ['کارت LMA معتبر است', 'rtl'],
      ti: ['ካርድ LMA ዝሰርሕ እዩ', 'ltr'],
      so: ['Kaarka LMA waa ansax', 'ltr'],
      uk: ['Картка LMA дійсна', 'ltr'],
      ru: ['Карта LMA действительна', 'ltr'],
      sv: ['LMA-kort giltigt', 'ltr'],
    };
    for (const [lang, [headline, dir]] of Object.entries(expected)) {
      await p.chooseLanguage(lang);
      assert.equal(await p.text(p.headline), headline, lang);
      assert.equal(await p.page.locator('html').getAttribute('dir'), dir, lang);
      assert.equal(
        await p.page.locator('#review').isVisible(),
        lang !== 'sv',
        `${lang}: a translation is marked awaiting review, the original is not`,
      );
      // The guidance is in Swedish or English (the rulebooks' languages), and says so.
      const guidanceLang = lang === 'sv' ? null : 'en';
      assert.equal(
        await p.guidance.locator('.meaning').getAttribute('lang'),
        lang === 'en' ? null : guidanceLang,
      );
    }
    assert.deepEqual(p.statusRequests().length, 1, 'switching language asks the server nothing');
  });

  it('axe-core: zero violations on every screen (phone, desktop, till mode, right to left)', async () => {
    const context = await newContext({ bypassCSP: true, acceptDownloads: true });
    const desktop = await newContext({ ...DESKTOP_EN, bypassCSP: true });
    const audit = (p: VerifyPage, state: string) => p.assertAccessible(state);
    const p = await open(context);
    await audit(p, 'start');
    for (const [label, result] of [
      ['valid card', 'valid'],
      ['grounds changed to work, AT-UND kept', 'not_valid'],
    ] as const) {
      await p.typeAndEnter(code(label), result);
      await p.page.locator('[data-testid="receipt"][data-state="verified"]').waitFor();
      await audit(p, label);
    }
    await p
      .testId('ask-option')
      .first()
      .click()
      .catch(() => {});
    await p.typeAndEnter(code('expired card (no visit for four months)'), 'not_valid');
    await p.testId('ask-option').nth(1).click();
    await audit(p, 'not valid, asked');
    await p.typeAndEnter(`HTTPS://EVIL.EXAMPLE/K/${code('valid card')}`, 'counterfeit');
    await audit(p, 'counterfeit');
    await p.typeAndEnter(oneSymbolChanged(code('valid card')), 'typo');
    await audit(p, 'typo');
    await p.typeAndEnter(UNKNOWN_CODE, 'unknown');
    await audit(p, 'unknown');
    await p.chooseLanguage('ar');
    await audit(p, 'Arabic');
    await p.chooseLanguage('sv');
    await p.testId('notes').locator('summary').click();
    await audit(p, 'notes open');
    const till = await open(context, '?mode=till');
    await till.typeAndEnter(code('valid card'), 'valid');
    await audit(till, 'till mode');
    const wide = await open(desktop);
    await wide.typeAndEnter(code('valid card with AT-UND'), 'valid');
    await audit(wide, 'desktop');
  });

  it('C6: nothing from another origin, no CSP violation, no script error, no cookie — and the service worker keeps the shell offline', async () => {
    const context = await newContext({ serviceWorkers: 'allow' });
    const p = await open(context);
    await p.page.evaluate(async () => {
      const nav = (globalThis as unknown as { navigator: unknown }).navigator as {
        serviceWorker: { ready: Promise<unknown>; controller: unknown };
      };
      await nav.serviceWorker.ready;
    });
    // Reload once so the worker controls the page, then go offline: the app still opens.
    await p.page.reload({ waitUntil: 'load' });
    await p.page.locator('body[data-ready="true"]').waitFor();
    await context.setOffline(true);
    await p.page.reload({ waitUntil: 'load' });
    await p.page.locator('body[data-ready="true"]').waitFor();
    await p.typeAndEnter(code('valid card'), 'unavailable');
    assert.match(await p.text(p.testId('answer-sub')), /Ingen nätverksanslutning/);
    await context.setOffline(false);

    assert.ok(allRequests.length > 50, `requests were recorded (${allRequests.length})`);
    const foreign = allRequests.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith('blob:'));
    assert.deepEqual(foreign, [], 'every request goes to the server itself');
    assert.deepEqual(p.cspViolations(), [], 'no CSP violation');
    assert.deepEqual(p.pageErrors, [], 'no script error');
    assert.deepEqual(await context.cookies(), [], 'no cookie');
  });

  describe('screenshots for docs/screens/ (390×844 phone, 1280×800 desktop)', () => {
    it('phone: start, each answer with guidance, counterfeit, could not check, till mode, Arabic', async () => {
      const context = await newContext();
      const p = await open(context);
      assertScreenshot(await p.screenshot('verify-start-phone.png'));
      await p.typeAndEnter(code('valid card'), 'valid');
      await p.page.locator('[data-testid="receipt"][data-state="verified"]').waitFor();
      assertScreenshot(await p.screenshot('verify-valid-healthcare-phone.png'));
      await p.typeAndEnter(code('expired card (no visit for four months)'), 'not_valid');
      await p.testId('ask-option').nth(1).click();
      assertScreenshot(await p.screenshot('verify-not-valid-asked-phone.png'));
      await p.chooseRole('employer');
      await p.typeAndEnter(code('grounds changed to work, AT-UND kept'), 'not_valid');
      await p.page.locator('[data-testid="receipt"][data-state="verified"]').waitFor();
      assertScreenshot(await p.screenshot('verify-not-valid-atund-employer-phone.png'));
      await p.chooseRole('pharmacy');
      await p.typeAndEnter(UNKNOWN_CODE, 'unknown');
      assertScreenshot(await p.screenshot('verify-unknown-pharmacy-phone.png'));
      await p.typeAndEnter(`HTTPS://LMA-KORT.EXAMPLE/K/${code('valid card')}`, 'counterfeit');
      assertScreenshot(await p.screenshot('verify-counterfeit-phone.png'));
      await p.typeAndEnter(oneSymbolChanged(code('valid card')), 'typo');
      assertScreenshot(await p.screenshot('verify-typo-phone.png'));
      await context.setOffline(true);
      await p.typeAndEnter(code('valid card'), 'unavailable');
      assertScreenshot(await p.screenshot('verify-could-not-check-phone.png'));
      await context.setOffline(false);
      await p.chooseRole('healthcare');
      await p.chooseLanguage('ar');
      await p.typeAndEnter(code('valid card with AT-UND'), 'valid');
      assertScreenshot(await p.screenshot('verify-valid-arabic-phone.png'));
      await p.chooseLanguage('sv');
      const till = await open(context, '?mode=till');
      await till.typeAndEnter(swedishLayout(qrUrl(code('valid card'))), 'valid');
      assertScreenshot(await till.screenshot('verify-till-valid-phone.png'));
    });

    it('desktop in English', async () => {
      const desktop = await newContext({ ...DESKTOP_EN });
      const p = await open(desktop);
      await p.typeAndEnter(code('valid card with AT-UND'), 'valid');
      await p.page.locator('[data-testid="receipt"][data-state="verified"]').waitFor();
      assert.equal(readable(await p.headline.textContent()), 'LMA card valid');
      assertScreenshot(await p.screenshot('verify-valid-desktop.png'));
    });
  });
});
