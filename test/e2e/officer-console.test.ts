// The officer console in Debian's Chromium against the real `lmakort serve --demo`, clicked
// through as a new officer would: a whole card lifecycle with the public answer (C5) checked after
// every step, axe-core on every screen, keyboard-only sign-in and visit, sign-in failures and lock-out,
// a forged CSRF token, role refusals, hostile input. LMA_UPDATE_SCREENS=1 rewrites docs/screens/officer-*.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import type { BrowserContextOptions } from 'playwright-core';
import { browserSuite, DESK_SV, launchChromium, suiteServer } from './support/browser.ts';
import { ACCOUNTS, ConsolePage, startConsoleServer } from './support/console-page.ts';

const PHOTO = readFileSync(new URL('../../docs/samples/photo.png', import.meta.url));

/** A reception tablet held upright: 820×1180 CSS px (a 10.9" iPad). */
const TABLET: BrowserContextOptions = {
  viewport: { width: 820, height: 1180 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'sv-SE',
  timezoneId: 'Europe/Stockholm',
};

const demo = suiteServer(startConsoleServer);

browserSuite('officer console in a browser', demo, (session) => {
  const open = async (options: BrowserContextOptions = DESK_SV) =>
    ConsolePage.in(await session.newContext(options), demo.server.origin);

  it('a whole lifecycle through the UI, the public answer checked after each step (R2–R10)', async () => {
    const p = await open();
    await p.goto('/officer/');
    assert.match(new URL(p.page.url()).pathname, /^\/officer\/sign-in$/, 'signed out: sent to sign in');
    await p.check('sign-in');
    await p.signIn('officer');
    assert.equal(await p.headingText(), 'Sök sökande');
    assert.equal(await p.text(p.byTestId('username')), ACCOUNTS.officer.username);
    await p.check('find');

    // Register.
    await p.page.getByRole('link', { name: 'Registrera sökande' }).click();
    await p.page.waitForURL(/\/officer\/applicants\/new$/);
    await p.check('register');
    await p.page.getByLabel('Förnamn').fill('Meron');
    await p.page.getByLabel('Efternamn').fill('Tesfay');
    await p.page.getByLabel('Födelsedatum').fill('1996-08-14');
    await p.page.getByLabel('Medborgarskap').fill('eri');
    await p.page.getByLabel('Språk för brev').selectOption('ti');
    await p.page.getByLabel('Gatuadress').fill('Storgatan 1');
    await p.page.getByLabel('Postnummer').fill('123 45');
    await p.page.getByLabel('Ort').fill('Malmö');
    await p.press('Registrera');
    assert.equal(await p.headingText(), 'Meron Tesfay');
    const dossier = await p.text(p.byTestId('dossier-number'));
    assert.match(dossier, /^\d{2}-\d{6}$/);
    assert.equal(await p.text(p.flash), `Meron Tesfay är registrerad med ärendenummer ${dossier}.`);
    assert.equal(await p.byTestId('no-card').count(), 1, 'no card before biometrics (R2)');
    await p.check('applicant-new');
    const applicantPath = new URL(p.page.url()).pathname;

    // Biometrics: the photo, then the fingerprints order the card (R2).
    await p.page.getByLabel('Nytt foto').setInputFiles({
      name: 'meron.png',
      mimeType: 'image/png',
      buffer: PHOTO,
    });
    assert.ok(await p.page.locator('img.preview').isVisible(), 'the script previews the chosen photo');
    await p.press('Spara foto');
    assert.equal(await p.text(p.flash), 'Fotot är sparat.');
    assert.ok(await p.page.locator('img.photo').isVisible());
    assert.equal(await p.byTestId('no-card').count(), 1, 'still no card: fingerprints missing');
    await p.press('Registrera att fingeravtryck är tagna');
    assert.equal(await p.text(p.flash), `Fingeravtrycken är registrerade. Kort ${dossier}/1 är beställt.`);
    assert.equal(await p.text(p.byTestId('card-state')), 'Beställt');
    const code = (await p.text(p.byTestId('card-code'))).replaceAll('-', '');
    assert.equal(await p.lookup(code), 'not_valid', 'ordered: not valid yet');
    await p.check('applicant-card-ordered');

    // Card queue: print batch → produced (R3), then handover (R4).
    await p.page.getByRole('link', { name: 'Kortkö' }).click();
    await p.page.waitForURL(/\/officer\/cards$/);
    const row = p.page.getByTestId('queue-ordered').getByRole('row', { name: new RegExp(`${dossier}/1`) });
    assert.equal(await row.count(), 1, 'the new card is in the queue');
    await p.check('card-queue');
    // The print batch: one PDF for the card printer, then "printed" makes its cards produced.
    await p.press(/Skapa utskriftsbatch/);
    assert.match(await p.text(p.flash), /^Utskriftsbatch skapad med \d+ kort/);
    const batch = p.page.getByTestId('queue-batches').getByRole('listitem').last();
    const pdfHref = (await batch.getByRole('link', { name: /PDF/ }).getAttribute('href')) as string;
    const pdf = await p.page.request.get(new URL(pdfHref, p.page.url()).href);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await p.check('card-queue-batch');
    await p.press(/Markera som utskriven/, batch);
    assert.match(await p.text(p.flash), /^\d+ kort är tillverkade/);
    assert.equal(await p.lookup(code), 'not_valid', 'produced: not valid yet');
    const produced = p.page
      .getByTestId('queue-produced')
      .getByRole('row', { name: new RegExp(`${dossier}/1`) });
    await p.press(`Lämna ut idag ${dossier}/1`, produced);
    assert.equal(await p.text(p.flash), `Kort ${dossier}/1 är utlämnat och gäller till 2026-09-02.`);
    assert.equal(await p.lookup(code), 'valid', 'handed over: valid (R4)');

    // Visit (R5): same day as the handover, so the expiry stays; the page says which it is.
    await p.goto(applicantPath);
    await p.press('Registrera besök');
    assert.match(await p.text(p.flash), /Kortet gäller till 2026-09-02/);
    assert.equal(await p.text(p.byTestId('valid-until')), '2026-09-02');
    assert.equal(await p.lookup(code), 'valid');
    await p.check('applicant-active');

    // AT-UND (R9): granted, shown with the answer.
    await p.page.getByLabel('AT-UND', { exact: true }).selectOption('yes');
    await p.press('Spara AT-UND');
    assert.equal(await p.text(p.flash), 'AT-UND gäller från 2026-06-02.');
    assert.equal(await p.lookup(code), 'valid+AT-UND');

    // A decision (R8) asks first, then ends coverage; after a rejection AT-UND is not shown (R11).
    await p.page.getByLabel('Typ av beslut').selectOption('rejected');
    await p.press('Registrera beslut');
    assert.match(await p.text(p.byTestId('confirm')), /Registrera beslutet "Avslag" från 2026-06-02\?/);
    assert.equal(await p.lookup(code), 'valid+AT-UND', 'nothing changed before confirming');
    assert.equal(await p.focusedText(), 'Bekräfta', 'the heading has the focus, not the red button');
    await p.check('confirm-decision');
    await p.press('Registrera beslutet Avslag');
    assert.equal(await p.text(p.flash), 'Beslutet "Avslag" från 2026-06-02 är registrerat.');
    assert.equal(await p.text(p.byTestId('coverage')), 'Omfattas inte av LMA (beslut)');
    assert.equal(await p.lookup(code), 'not_valid');
    assert.equal(
      await p.text(p.byTestId('check-banner').locator('p').first()),
      `Kontrollen visar nu: LMA-kort EJ giltigt — beslut: avslag från 2026-06-02 (${dossier}/1)`,
    );
    assert.equal(await p.text(p.byTestId('check-hidden')), 'AT-UND finns men visas inte efter detta beslut.');
    assert.equal(await p.text(p.byTestId('card-state')), 'Ogiltigt – beslut: avslag från 2026-06-02');

    // Revoking the decision (appeal) asks first, then coverage resumes.
    await p.press(/^Återkalla Avslag/);
    await p.press('Återkalla beslutet Avslag');
    assert.equal(await p.text(p.flash), 'Beslutet "Avslag" är återkallat.');
    assert.equal(await p.lookup(code), 'valid+AT-UND');

    // Lost card (R10): asks first; the old card never becomes valid again, a new one is ordered.
    await Promise.all([
      p.page.waitForNavigation(),
      p.page.getByRole('link', { name: `Spärra kort ${dossier}/1` }).click(),
    ]);
    assert.equal(await p.headingText(), `Spärra kort ${dossier}/1`);
    assert.equal(await p.focusedText(), `Spärra kort ${dossier}/1`, 'the heading has the focus');
    assert.match(
      await p.text(p.byTestId('cancel-consequence')),
      /inget giltigt LMA-kort förrän det nya kortet/,
    );
    await p.check('confirm-cancel');
    await p.press(`Spärra kort ${dossier}/1`);
    assert.match(await p.text(p.error), /Anledning: välj ett av alternativen/, '"Välj…" is not a reason');
    assert.equal(await p.lookup(code), 'valid+AT-UND', 'nothing changed');
    await p.page.getByLabel('Anledning').selectOption('lost');
    await p.press(`Spärra kort ${dossier}/1`);
    assert.equal(
      await p.text(p.flash),
      `Kort ${dossier}/1 är spärrat. Nytt kort ${dossier}/2 är beställt. Sökanden har inget giltigt kort förrän ${dossier}/2 är utlämnat. Ett brev på tigrinja / Tigrinya (ትግርኛ) som förklarar det ligger i brevkön.`,
    );
    // R10: the letter that says so, in the holder's language, offered at once.
    assert.equal(
      await p.text(p.byTestId('offer')),
      'Skriv ut brevet till sökanden nu (tigrinja / Tigrinya (ትግርኛ))',
    );
    assert.equal(await p.lookup(code), 'not_valid', 'a cancelled card reveals nothing (R11)');
    const newCode = (await p.text(p.byTestId('card-code'))).replaceAll('-', '');
    assert.notEqual(newCode, code);
    assert.equal(
      await p.lookup(newCode),
      'not_valid',
      'the new card is only ordered; AT-UND does not show until it is handed over (R11)',
    );

    // New card: produced and handed over from the applicant page.
    await p.press(`Markera kort ${dossier}/2 som tillverkat`);
    assert.match(await p.text(p.flash), new RegExp(`Kort ${dossier}/2 är tillverkat`));
    await p.press(`Lämna ut kort ${dossier}/2`);
    assert.equal(await p.text(p.flash), `Kort ${dossier}/2 är utlämnat och gäller till 2026-09-02.`);
    assert.equal(await p.lookup(newCode), 'valid+AT-UND');
    assert.equal(await p.lookup(code), 'not_valid');
    await p.check('applicant');

    // Letters: two "card ready" letters, in Tigrinya, not forwarded.
    await p.page.getByRole('link', { name: /Visa breven/ }).click();
    await p.page.waitForURL(/\/letters$/);
    const letters = p.page.getByTestId('letters').locator('tbody tr');
    const rows = (await letters.allTextContents()).map((r) => r.replace(/\s+/g, ' '));
    assert.ok(
      rows.some((r) => /Kortet är klart.*tigrinja.*Återkallat: kortet lämnades ut.*Nej/.test(r)),
      rows.join(' | '),
    );
    assert.ok(
      rows.some((r) => /Kortet är spärrat.*tigrinja.*Återkallat: kortet lämnades ut.*Nej/.test(r)),
      rows.join(' | '),
    );
    await p.check('letters');

    // History (P4): every step, by the signed-in officer.
    await p.goto(`${applicantPath}/history`);
    const who = ACCOUNTS.officer.username;
    const sentences = (
      await p.page.getByTestId('history').locator('tbody tr td:nth-child(2)').allTextContents()
    ).map((x) => x.trim());
    assert.ok(sentences.length >= 14, `${sentences.length} history rows`);
    assert.deepEqual(
      sentences.filter((x) => !x.startsWith(`${who} `)),
      [],
      'every step by the signed-in officer',
    );
    for (const a of [
      `${who} registrerade sökanden med ärendenummer ${dossier}.`,
      `${who} sparade ett foto.`,
      `${who} beställde kort ${dossier}/1.`,
      `${who} markerade kort ${dossier}/1 som tillverkat; brevet "Kortet är klart" skapades.`,
      `${who} lämnade ut kort ${dossier}/1; kortet gäller till 2026-09-02.`,
      `${who} återkallade brevet "Kortet är klart": kortet lämnades ut eller spärrades innan brevet skrevs ut, så det skickas inte.`,
      `${who} registrerade ett besök; kortet gäller fortfarande till 2026-09-02.`,
      `${who} beviljade AT-UND från 2026-06-02.`,
      `${who} registrerade beslutet "avslag" från 2026-06-02.`,
      `${who} återkallade beslutet "avslag".`,
      `${who} spärrade kort ${dossier}/1 (förlorat).`,
      `${who} beställde ett nytt kort, ${dossier}/2.`,
    ])
      assert.ok(sentences.includes(a), `history says "${a}": ${sentences.join(' | ')}`);
    await p.check('history');

    // Find by name and birth date.
    await p.goto('/officer/');
    await p.page.getByLabel('Ärendenummer, kortkod eller namn').fill('tesf 14.08.1996');
    await Promise.all([p.page.waitForNavigation(), p.page.keyboard.press('Enter')]);
    assert.equal(await p.headingText(), 'Meron Tesfay', 'one match opens the applicant');

    assert.deepEqual(p.pageErrors, [], 'no script errors');
    assert.deepEqual(
      p.consoleErrors().filter((e) => !/status of 40\d/.test(e)),
      [],
      'no console errors (no CSP violation)',
    );
    assert.deepEqual(
      p.requestUrls().filter((u) => !u.startsWith(demo.server.origin) && !u.startsWith('blob:')),
      [],
      'nothing is loaded from anywhere but us',
    );
  });

  it('keyboard alone: sign in, find a case number, register a visit that shows the new expiry (R5)', async () => {
    const p = await open();
    await p.goto('/officer/sign-in');
    // The username field has focus on arrival; Tab moves on, Enter submits. The browser gives an
    // autofocus field its focus at its next rendering step, which may come after the load event.
    await p.page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { activeElement: { name?: string } | null } }).document
          .activeElement?.name === 'username',
    );
    await p.page.keyboard.type(ACCOUNTS.officer.username);
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.type(ACCOUNTS.officer.password);
    await Promise.all([p.page.waitForNavigation(), p.page.keyboard.press('Enter')]);
    assert.equal(await p.headingText(), 'Sök sökande');

    // The search box has the focus on arrival: the case number without its hyphen, then Enter.
    await p.waitForFocus('input[name="q"]');
    await p.page.keyboard.type('10000003');
    await Promise.all([p.page.waitForNavigation(), p.page.keyboard.press('Enter')]);
    assert.equal(await p.headingText(), 'Farid Demo');
    const code = (await p.text(p.byTestId('card-code'))).replaceAll('-', '');
    assert.equal(await p.lookup(code), 'not_valid', 'expired four months after handover');

    // The visit button has the focus on arrival: Enter registers the visit.
    await p.waitForFocus('[data-testid="register-visit"]');
    await Promise.all([p.page.waitForNavigation(), p.page.keyboard.press('Enter')]);
    assert.equal(
      await p.text(p.flash),
      'Besöket är registrerat. Kortet gäller nu till 2026-09-02 (tidigare 2026-05-02).',
    );
    assert.equal(await p.lookup(code), 'valid', 'the visit made the card valid again');
    await p.screenshot('officer-visit-registered.png');
  });

  it('sign-in failures: one message for a wrong password, an unknown name and a locked account', async () => {
    const WRONG =
      /^Fel användarnamn eller lösenord\. Efter för många misslyckade försök låses kontot i \d+ minuter/;
    const p = await open();
    await p.signIn({ username: ACCOUNTS.auditor.username, password: 'not the password' });
    const message = await p.text(p.error);
    assert.match(message, WRONG);
    assert.equal(await p.page.getByLabel('Användarnamn').inputValue(), ACCOUNTS.auditor.username);
    await p.check('sign-in-failed');
    await p.signIn({ username: 'nobody.here', password: 'whatever-it-is' });
    assert.equal(await p.text(p.error), message, 'an unknown name reads the same');
    for (let i = 0; i < 4; i++)
      await p.signIn({ username: ACCOUNTS.auditor.username, password: `wrong-${i}` });
    assert.equal(await p.text(p.error), message, 'a locked account reads the same');
    await p.screenshot('officer-sign-in-locked.png');
    // Even the right password is refused while locked.
    await p.signIn('auditor');
    assert.equal(await p.text(p.error), message);

    // An admin unlocks it.
    const admin = await open();
    await admin.signIn('admin');
    await admin.goto('/officer/admin/officers');
    await admin.check('admin-officers');
    await admin.press(`Lås upp ${ACCOUNTS.auditor.username}`);
    assert.equal(await admin.text(admin.flash), `${ACCOUNTS.auditor.username} är upplåst.`);
    await p.signIn('auditor');
    assert.equal(await p.headingText(), 'Sök sökande');
  });

  it('CSRF: a forged token is refused with 403 and nothing is written', async () => {
    const p = await open();
    await p.signIn('officer');
    await p.goto('/officer/?dossierNumber=10-000001');
    const before = await p.page.getByTestId('valid-until').textContent();
    await p.page.locator('form:has([data-testid="register-visit"]) input[name="_csrf"]').evaluate((el) => {
      (el as unknown as { value: string }).value = 'forged-token-forged-token-forged-token-abcd';
    });
    const [response] = await Promise.all([
      p.page.waitForResponse((r) => r.request().method() === 'POST'),
      p.byTestId('register-visit').click(),
    ]);
    assert.equal(response.status(), 403);
    await p.page.waitForLoadState('load');
    assert.equal(await p.headingText(), 'Formuläret kunde inte skickas');
    await p.check('csrf-refused');
    await p.goto('/officer/?dossierNumber=10-000001');
    assert.equal(await p.page.getByTestId('valid-until').textContent(), before);
    await p.page.getByRole('link', { name: /Visa hela historiken/ }).click();
    await p.page.waitForURL(/history$/);
    assert.equal(
      await p.page.getByTestId('history').getByText(ACCOUNTS.officer.username).count(),
      0,
      'no history row',
    );
  });

  it('the letter queue, and a first-run link once an administrator exists: readable, no axe violations', async () => {
    const p = await open();
    await p.signIn('officer');
    const queue = await p.goto('/officer/letters');
    assert.equal(queue.status(), 200);
    assert.equal(await p.headingText(), 'Brev som väntar på utskrift');
    await p.check('letter-queue');
    const setup = await p.goto('/officer/setup/no-such-link');
    assert.equal(setup.status(), 410);
    assert.equal(await p.headingText(), 'Länken fungerar inte');
    await p.check('setup-refused');
  });

  it('roles: an officer cannot reach admin pages; an auditor reads but cannot write', async () => {
    const p = await open();
    await p.signIn('officer');
    assert.equal(
      await p.page.getByRole('link', { name: 'Handläggare', exact: true }).count(),
      0,
      'no admin menu',
    );
    const r = await p.goto('/officer/admin/officers');
    assert.equal(r.status(), 403);
    assert.equal(await p.headingText(), 'Ingen behörighet');
    await p.check('forbidden');
    assert.equal((await p.goto('/officer/admin/tokens')).status(), 403);

    const a = await open();
    await a.signIn('auditor');
    await a.goto('/officer/?dossierNumber=10-000002');
    assert.equal(await a.headingText(), 'Yonas Demo');
    assert.equal(await a.page.locator('main form[method="post"]').count(), 0, 'no forms for an auditor');
    await a.check('applicant-auditor');
    assert.equal((await a.goto('/officer/applicants/new')).status(), 403);
    // A hand-made POST with the auditor's own valid token is still refused (role, not just UI).
    const status = await a.page.evaluate(async () => {
      const doc = (
        globalThis as unknown as {
          document: { querySelector(s: string): { getAttribute(n: string): string } | null };
        }
      ).document;
      const csrf =
        doc.querySelector('form[action="/officer/sign-out"] input[name="_csrf"]')?.getAttribute('value') ??
        '';
      const id = (globalThis as unknown as { location: { pathname: string } }).location.pathname.split(
        '/',
      )[3];
      const res = await fetch(`/officer/applicants/${id}/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrf)}`,
      });
      return res.status;
    });
    assert.equal(status, 403);
    await a.goto('/officer/audit');
    assert.match(await a.text(a.byTestId('history')), /loggade in\./);
    await a.check('audit');
  });

  it('hostile input: script in a name shows as text; a non-image and a huge upload are refused', async () => {
    const p = await open();
    await p.signIn('officer');
    await p.goto('/officer/applicants/new');
    await p.press('Registrera');
    assert.match(await p.text(p.error), /Förnamn: fyll i/);
    assert.match(
      await p.text(p.error),
      /Språk för brev: välj ett av alternativen/,
      'no language is preselected',
    );
    assert.equal(await p.page.getByLabel('Förnamn').getAttribute('aria-invalid'), 'true');
    await p.check('register-errors');

    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    await p.page.getByLabel('Förnamn').fill(hostile);
    await p.page.getByLabel('Efternamn').fill('Ö"\'&<b>');
    await p.page.getByLabel('Födelsedatum').fill('2030-01-01');
    await p.page.getByLabel('Medborgarskap').fill('SY');
    await p.press('Registrera');
    assert.match(await p.text(p.error), /Födelsedatum: kan inte ligga i framtiden/);
    assert.match(await p.text(p.error), /Medborgarskap: tre bokstäver/);
    assert.equal(await p.page.getByLabel('Förnamn').inputValue(), hostile, 'input kept as typed');
    await p.page.getByLabel('Födelsedatum').fill('1990-01-01');
    await p.page.getByLabel('Medborgarskap').fill('SYR');
    await p.page.getByLabel('Språk för brev').selectOption('ar');
    let dialogs = 0;
    p.page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await p.press('Registrera');
    assert.equal(await p.headingText(), `${hostile} Ö"'&<b>`, 'the name is shown as text');
    assert.equal(await p.page.locator('main script, main img[src="x"], main b').count(), 0);
    assert.equal(dialogs, 0);

    // A "photo" that is not an image.
    await p.page.getByLabel('Nytt foto').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('%PDF-1.7 not a picture at all'),
    });
    const [bad] = await Promise.all([
      p.page.waitForResponse((r) => r.request().method() === 'POST'),
      p.page.getByRole('button', { name: 'Spara foto' }).click(),
    ]);
    assert.equal(bad.status(), 415);
    await p.page.waitForLoadState('load');
    assert.equal(await p.text(p.page.locator('#f-photo-error')), 'Filen är inte en JPEG- eller PNG-bild.');
    await p.check('photo-refused');

    // 6 MB: the script warns before sending; sent anyway (no script), the server refuses it.
    const huge = Buffer.concat([PHOTO.subarray(0, 8), Buffer.alloc(6 * 1024 * 1024)]);
    await p.page
      .getByLabel('Nytt foto')
      .setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
    assert.equal(
      await p.page
        .getByLabel('Nytt foto')
        .evaluate((el) => (el as unknown as { validationMessage: string }).validationMessage),
      'Filen är för stor: högst 5 MB.',
    );
    const status = await p.page.evaluate(
      async (size) => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
        const form = doc.querySelector('form[enctype="multipart/form-data"]') as { action: string };
        const csrf = doc.querySelector('form[enctype="multipart/form-data"] input[name="_csrf"]') as {
          value: string;
        };
        const data = new FormData();
        data.set('_csrf', csrf.value);
        data.set('photo', new Blob([new Uint8Array(size)], { type: 'image/png' }), 'huge.png');
        return (await fetch(form.action, { method: 'POST', body: data })).status;
      },
      6 * 1024 * 1024,
    );
    assert.equal(status, 413);
    await p.goto(new URL(p.page.url()).pathname.replace(/\/photo$/, ''));
    assert.equal(await p.text(p.byTestId('no-photo')), 'Inget foto ännu.', 'nothing stored');
  });

  it('camera capture: the script takes a picture from the device camera and saves it as the photo', async () => {
    // Chromium's fake camera (a test pattern) and an automatic "allow": the same code path as a tablet's.
    const camera = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ]);
    try {
      const context = await camera.newContext({ ...DESK_SV, permissions: ['camera'] });
      const p = new ConsolePage(await context.newPage(), demo.server.origin);
      await p.signIn('officer');
      await p.goto('/officer/applicants/new');
      await p.page.getByLabel('Förnamn').fill('Kamera');
      await p.page.getByLabel('Efternamn').fill('Test');
      await p.page.getByLabel('Födelsedatum').fill('2001-01-01');
      await p.page.getByLabel('Medborgarskap').fill('AFG');
      await p.page.getByLabel('Språk för brev').selectOption('prs');
      await p.press('Registrera');
      await p.page.getByRole('button', { name: 'Ta foto med kameran' }).click();
      const snap = p.page.getByRole('button', { name: 'Ta bilden' });
      await snap.waitFor({ state: 'visible' });
      await p.page.locator('.camera video').waitFor({ state: 'visible' });
      await snap.click();
      await p.page.locator('img.preview').waitFor({ state: 'visible' });
      assert.equal(
        await p.page
          .getByLabel('Nytt foto')
          .evaluate((el) => (el as unknown as { files: { length: number } }).files.length),
        1,
        'the picture fills the file field',
      );
      await p.press('Spara foto');
      assert.equal(await p.text(p.flash), 'Fotot är sparat.');
      const photo = await context.request.get(`${demo.server.origin}${new URL(p.page.url()).pathname}/photo`);
      assert.equal(photo.headers()['content-type'], 'image/jpeg', 'saved as a JPEG (checked by its bytes)');
      assert.deepEqual(p.pageErrors, []);
      await context.close();
    } finally {
      await camera.close();
    }
  });

  it('English toggle, 200 % zoom and a tablet: the same pages, readable', async () => {
    const p = await open();
    await p.signIn('admin');
    await p.goto('/officer/?dossierNumber=10-000002');
    await Promise.all([p.page.waitForNavigation(), p.byTestId('language').click()]);
    assert.equal(await p.headingText(), 'Yonas Demo');
    assert.equal(await p.page.locator('html').getAttribute('lang'), 'en');
    assert.match(await p.text(p.page.locator('#h-card')), /^Card$/);
    await p.check('applicant-en');
    await p.goto('/officer/admin/tokens');
    await p.page.getByLabel('Name', { exact: true }).fill('region-skane');
    await p.press('Create token');
    assert.match(await p.text(p.byTestId('secret')), /^lma_[A-Za-z0-9_-]{43}$/);
    await p.check('admin-tokens');
    await Promise.all([p.page.waitForNavigation(), p.byTestId('language').click()]);

    // 200 %: a 1280 px wide window at zoom 2 lays out like 640 CSS px; nothing scrolls sideways.
    const zoomed = await open({ ...DESK_SV, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    await zoomed.signIn('officer');
    await zoomed.goto('/officer/?dossierNumber=10-000002');
    const overflow = await zoomed.page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document;
      return doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
    });
    assert.ok(overflow <= 0, `no horizontal scrolling at 200 % (${overflow}px too wide)`);
    await zoomed.assertAccessible('applicant at 200 %');
    await zoomed.screenshot('officer-applicant-zoom200.png');

    const tablet = await open(TABLET);
    await tablet.signIn('officer');
    await tablet.goto('/officer/?dossierNumber=10-000002');
    await tablet.assertAccessible('applicant on a tablet');
    await tablet.screenshot('officer-applicant-tablet.png');
    await tablet.goto('/officer/cards');
    await tablet.screenshot('officer-card-queue-tablet.png');
  });
});
