// The officer console through real HTTP on PGlite and PostgreSQL: sessions (hashed, idle
// timeout, lifetime, sign-out), lock-out, CSRF and Origin on every POST, roles, the history naming
// the signed-in officer (P4), the console's CSP, and hostile input shown as text.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { backends } from '../support/backends.ts';
import { ConsoleClient, consoleOn, PASSWORD, pageText, signInAs } from '../support/console.ts';
import { status } from '../support/http.ts';
import { anApplicantWithActiveCard, anApplicantWithOrderedCard, OFFICER, PHOTO } from '../support/system.ts';

const START = '2026-06-02T12:00:00+02:00';

for (const backend of backends) {
  describe(`officer console over HTTP on ${backend.name}`, () => {
    const f = consoleOn(backend, { olle: 'officer', astrid: 'admin', greta: 'auditor' });
    beforeEach(() => f.s.clock.set(START));

    const signedIn = (username: string) => signInAs(f.web, username);
    const accounts = () => new OfficerAccounts(f.s.db, f.s.clock);
    const rowCount = async (sql: string, params: unknown[] = []) =>
      (await f.s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]?.n;

    it('sign-in sets a __Host- session cookie (Secure, HttpOnly, SameSite=Strict); only its SHA-256 is stored', async () => {
      const c = new ConsoleClient(f.web);
      const page = await c.get('/officer/sign-in');
      assert.equal(page.status, 200);
      const r = await c.post('/officer/sign-in', {
        username: 'olle',
        password: PASSWORD,
        next: '/officer/cards',
      });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/officer/cards');
      const cookie = r.headers.getSetCookie().find((l) => l.startsWith('__Host-lma-session='));
      assert.ok(cookie, 'a session cookie');
      assert.match(cookie, /; Path=\/; Secure; HttpOnly; SameSite=Strict/);
      assert.doesNotMatch(cookie, /Domain=/i);
      const id = c.cookies.get('__Host-lma-session') as string;
      assert.match(id, /^[A-Za-z0-9_-]{43}$/, '256 random bits');
      const sha = createHash('sha256').update(id).digest('hex');
      assert.equal(await rowCount('officer_sessions WHERE id_hash = $1', [sha]), 1);
      assert.equal(await rowCount('officer_sessions WHERE id_hash = $1', [id]), 0);
      const home = await c.get('/officer/cards');
      assert.equal(home.status, 200);
      assert.match(home.body, /Inloggad som <strong data-testid="username">olle<\/strong>/);
    });

    it('console pages: strict CSP (no inline script), no-store, our own assets only', async () => {
      const c = await signedIn('olle');
      const r = await c.get('/officer/');
      const csp = r.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
      assert.doesNotMatch(r.body, /<script>|<style>| style="| on\w+="/, 'no inline script or style');
      const css = await c.get('/officer/assets/console.css');
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
      const js = await c.get('/officer/assets/console.js');
      assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
      // The public lookup keeps its own, stricter policy: no script at all.
      const lookup = await fetch(`${f.web.url}/k/`);
      await lookup.arrayBuffer();
      assert.doesNotMatch(lookup.headers.get('content-security-policy') ?? '', /script-src/);
    });

    it('signed out: pages lead to sign-in (remembering where), writes are refused and write nothing', async () => {
      const c = new ConsoleClient(f.web);
      const r = await c.get('/officer/cards');
      assert.equal(r.status, 303);
      assert.equal(r.location, '/officer/sign-in?next=%2Fofficer%2Fcards');
      const a = await anApplicantWithActiveCard(f.s.service);
      const visits = await rowCount('visits');
      const post = await c.post(`/officer/applicants/${a.applicantId}/visits`, {}, { csrf: 'x' });
      assert.equal(post.status, 303);
      assert.equal(await rowCount('visits'), visits);
      // An address outside the console is never where sign-in leads.
      const evil = new ConsoleClient(f.web);
      await evil.get('/officer/sign-in');
      const to = await evil.post('/officer/sign-in', {
        username: 'olle',
        password: PASSWORD,
        next: '//evil.example/officer/',
      });
      assert.equal(to.location, '/officer/');
      const lang = await evil.get('/officer/language/en?back=%2Fofficer%2F%0d%0aSet-Cookie%3A%20x%3D1');
      assert.equal(lang.status, 303);
      assert.equal(lang.location, '/officer/', 'no header injection through the way back');
      assert.equal(
        (await evil.get('/officer/language/en?back=https%3A%2F%2Fevil.example%2F')).location,
        '/officer/',
      );
    });

    it('wrong passwords: 401 with a clear message; the 5th locks the account, saying nothing more; history has no password', async () => {
      await accounts().createOfficer('test', { username: 'lina', role: 'officer', password: PASSWORD });
      const c = new ConsoleClient(f.web);
      const first = await c.signIn('lina', 'wrong-password-1');
      assert.equal(first.status, 401);
      assert.match(
        pageText(first.body),
        /Fel användarnamn eller lösenord\. Efter för många misslyckade försök låses kontot i 15 minuter/,
      );
      assert.match(first.body, /value="lina"/, 'the username is kept');
      assert.doesNotMatch(first.body, /wrong-password-1/, 'the password is not');
      for (let i = 2; i <= 4; i++) assert.equal((await c.signIn('lina', `wrong-password-${i}`)).status, 401);
      const fifth = await c.signIn('lina', 'wrong-password-5');
      assert.equal(fifth.status, 401);
      assert.equal(
        pageText(fifth.body),
        pageText(first.body).replaceAll(/wrong-password-1/g, 'wrong-password-5'),
      );
      const right = await c.signIn('lina', PASSWORD);
      assert.equal(right.status, 401, 'the right password is refused while locked');
      const officer = (await accounts().listOfficers()).find((o) => o.username === 'lina');
      assert.equal(officer?.lockedUntil, '2026-06-02T10:15:00.000Z', 'locked for 15 minutes');
      f.s.clock.advance(15 * 60_000 + 1000);
      assert.equal((await c.signIn('lina', PASSWORD)).status, 303, 'the lock ends on time');

      const { rows } = await f.s.db.query<{ action: string; details: unknown }>(
        "SELECT action, details FROM history WHERE actor = 'officer:lina' ORDER BY id",
      );
      assert.deepEqual(
        rows.map((r) => r.action),
        [
          ...Array(4).fill('officer.sign_in_failed'),
          'officer.locked_out',
          'officer.sign_in_refused',
          'officer.signed_in',
        ],
      );
      assert.doesNotMatch(JSON.stringify(rows), /wrong-password|a-long-enough/);
      assert.ok(!f.web.logs.join('').includes('wrong-password'), 'no password in the logs');
    });

    it('an unknown username reads exactly like a wrong password', async () => {
      const c = new ConsoleClient(f.web);
      const r = await c.signIn('nobody', PASSWORD);
      assert.equal(r.status, 401);
      assert.match(pageText(r.body), /Fel användarnamn eller lösenord\./);
    });

    it('idle timeout: 30 minutes without a request end the session; activity keeps it; 12 hours end it anyway', async () => {
      const c = await signedIn('olle');
      const lapsedId = c.cookies.get('__Host-lma-session') as string;
      f.s.clock.advance(29 * 60_000);
      assert.equal((await c.get('/officer/')).status, 200, 'still alive after 29 minutes');
      f.s.clock.advance(29 * 60_000);
      assert.equal((await c.get('/officer/')).status, 200, 'each request restarts the idle time');
      f.s.clock.advance(31 * 60_000);
      const lapsed = await c.get('/officer/');
      assert.equal(lapsed.status, 303);
      assert.match(lapsed.location ?? '', /^\/officer\/sign-in\?lapsed=1/);
      const page = await c.get(lapsed.location as string);
      assert.match(pageText(page.body), /Du har loggats ut eftersom du inte har varit aktiv/);

      const busy = await signedIn('olle');
      for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
        f.s.clock.advance(20 * 60_000);
        assert.equal((await busy.get('/officer/')).status, 200);
      }
      f.s.clock.advance(25 * 60_000);
      assert.equal((await busy.get('/officer/')).status, 303, 'over after 12 hours however busy');
      const lapsedHash = createHash('sha256').update(lapsedId).digest('hex');
      assert.equal(
        await rowCount('officer_sessions WHERE id_hash = $1', [lapsedHash]),
        0,
        'purged at a sign-in',
      );
      assert.equal(await accounts().purgeDeadSessions(), 1, 'the 12-hour session is purged too');
    });

    it('sign-out ends the session in the database: the old cookie opens nothing', async () => {
      const c = await signedIn('olle');
      const id = c.cookies.get('__Host-lma-session') as string;
      await c.get('/officer/');
      const out = await c.post('/officer/sign-out');
      assert.equal(out.status, 303);
      assert.equal(out.location, '/officer/sign-in?out=1');
      const sha = createHash('sha256').update(id).digest('hex');
      assert.equal(await rowCount('officer_sessions WHERE id_hash = $1', [sha]), 0);
      const replay = new ConsoleClient(f.web);
      replay.cookies.set('__Host-lma-session', id);
      assert.equal((await replay.get('/officer/')).status, 303);
    });

    it('CSRF: no token, a forged token, another origin or no Origin: 403 and nothing written', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const c = await signedIn('olle');
      await c.get(`/officer/applicants/${a.applicantId}`);
      const before = [await rowCount('visits'), await rowCount('history')];
      const path = `/officer/applicants/${a.applicantId}/visits`;
      const attempts = [
        await c.post(path, {}, { csrf: null }),
        await c.post(path, {}, { csrf: 'forged-token-forged-token-forged-token-abcd' }),
        // One symbol changed (never to itself: a token ending in A would otherwise stay valid).
        await c.post(path, {}, { csrf: `${c.csrf.slice(0, -1)}${c.csrf.endsWith('A') ? 'B' : 'A'}` }),
        await c.post(path, {}, { origin: 'https://evil.example' }),
        await c.post(path, {}, { origin: null }),
      ];
      for (const r of attempts) {
        assert.equal(r.status, 403);
        assert.match(pageText(r.body), /Formuläret kunde inte skickas/);
      }
      // The sign-in form too (login CSRF): its double-submit token must match its cookie.
      const other = new ConsoleClient(f.web);
      await other.get('/officer/sign-in');
      assert.equal(
        (await other.post('/officer/sign-in', { username: 'olle', password: PASSWORD }, { csrf: 'x' }))
          .status,
        403,
      );
      assert.deepEqual([await rowCount('visits'), await rowCount('history')], before, 'nothing written');

      const ok = await c.post(path);
      assert.equal(ok.status, 303);
      // Behind a TLS proxy the browser's Origin is the public address (PUBLIC_BASE_URL).
      await c.get(`/officer/applicants/${a.applicantId}`);
      assert.equal((await c.post(path, {}, { origin: 'https://lma.example.se' })).status, 303);
      assert.equal((await c.post(path, {}, { origin: 'https://lma.example.se.evil.example' })).status, 403);
      assert.equal(await rowCount('visits'), (before[0] as number) + 2);
    });

    it('P4: every change through the console is in the history under the signed-in officer', async () => {
      const c = await signedIn('olle');
      await c.get('/officer/applicants/new');
      const reg = await c.post('/officer/applicants', {
        givenName: 'Hodan',
        familyName: 'Warsame',
        birthDate: '1994-02-03',
        nationality: 'SOM',
        language: 'so',
      });
      assert.equal(reg.status, 303);
      const id = (reg.location as string).split('/').pop() as string;
      const page = await c.get(reg.location as string);
      assert.match(pageText(page.body), /Hodan Warsame är registrerad med ärendenummer \d{2}-\d{6}\./);
      assert.equal((await c.postPhoto(`/officer/applicants/${id}/photo`, PHOTO)).status, 303);
      await c.get(`/officer/applicants/${id}`);
      const fp = await c.post(`/officer/applicants/${id}/fingerprints`);
      assert.equal(fp.status, 303);
      const after = await c.get(`/officer/applicants/${id}`);
      assert.match(
        pageText(after.body),
        /Fingeravtrycken är registrerade\. Kort \d{2}-\d{6}\/1 är beställt\./,
      );
      const { rows } = await f.s.db.query<{ actor: string; action: string; correlation_id: string | null }>(
        'SELECT actor, action, correlation_id FROM history WHERE applicant_id = $1 ORDER BY id',
        [id],
      );
      assert.deepEqual(
        rows.map((r) => `${r.actor} ${r.action}`),
        [
          'officer:olle applicant.registered',
          'officer:olle photo.recorded',
          'officer:olle fingerprints.recorded',
          'officer:olle card.ordered',
        ],
      );
      assert.ok(
        rows.every((r) => r.correlation_id),
        'each with the request id',
      );
      // R12, P5: console requests are logged by route and officer only — no name, no birth date.
      const logs = f.web.logs.join('');
      assert.match(logs, /"msg":"console request"/);
      for (const personal of ['Hodan', 'Warsame', '1994-02-03'])
        assert.ok(!logs.includes(personal), personal);
    });

    it('roles: an officer reaching admin pages gets 403; an auditor cannot write', async () => {
      const officer = await signedIn('olle');
      await officer.get('/officer/');
      for (const path of ['/officer/admin/officers', '/officer/admin/tokens', '/officer/audit']) {
        const r = await officer.get(path);
        assert.equal(r.status, 403, path);
        assert.match(pageText(r.body), /Din roll \(Handläggare\) får inte göra detta/);
      }
      const officers = await rowCount('officers');
      const tokens = await rowCount('api_tokens');
      assert.equal(
        (
          await officer.post('/officer/admin/officers', {
            username: 'mallory',
            role: 'admin',
            password: PASSWORD,
          })
        ).status,
        403,
      );
      assert.equal((await officer.post('/officer/admin/tokens', { name: 'x', role: 'admin' })).status, 403);
      assert.deepEqual([await rowCount('officers'), await rowCount('api_tokens')], [officers, tokens]);

      const a = await anApplicantWithActiveCard(f.s.service);
      const auditor = await signedIn('greta');
      const view = await auditor.get(`/officer/applicants/${a.applicantId}`);
      assert.equal(view.status, 200);
      assert.equal((view.body.match(/<form method="post"/g) ?? []).length, 1, 'only the sign-out form');
      const visits = await rowCount('visits');
      const w = await auditor.post(`/officer/applicants/${a.applicantId}/visits`);
      assert.equal(w.status, 403);
      assert.equal(
        (await auditor.post(`/officer/cards/${a.cardId}/cancel`, { reason: 'lost', confirm: 'yes' })).status,
        403,
      );
      assert.equal(await rowCount('visits'), visits);
      assert.equal((await status(f.web, a.code)).body.result, 'valid', 'the card is untouched');
      assert.equal((await auditor.get('/officer/audit')).status, 200, 'an auditor reads the sign-in log');
    });

    it('admin: creates an officer, resets a password (their sessions end), shows a token once', async () => {
      const admin = await signedIn('astrid');
      await admin.get('/officer/admin/officers');
      const bad = await admin.post('/officer/admin/officers', {
        username: 'X Y',
        role: 'officer',
        password: 'short',
      });
      assert.equal(bad.status, 400);
      assert.match(pageText(bad.body), /Användarnamn: 2–40 tecken/);
      assert.match(pageText(bad.body), /Lösenord: minst 12 tecken/);
      const made = await admin.post('/officer/admin/officers', {
        username: 'nils',
        role: 'officer',
        password: PASSWORD,
      });
      assert.equal(made.status, 303);
      const nils = await signedIn('nils');
      const { rows } = await f.s.db.query<{ id: string }>("SELECT id FROM officers WHERE username = 'nils'");
      const id = rows[0]?.id as string;
      await admin.get('/officer/admin/officers');
      assert.equal(
        (await admin.post(`/officer/admin/officers/${id}/password`, { password: 'another-long-password' }))
          .status,
        303,
      );
      assert.equal((await nils.get('/officer/')).status, 303, 'signed out by the reset');
      assert.equal((await new ConsoleClient(f.web).signIn('nils', 'another-long-password')).status, 303);

      await admin.get('/officer/admin/tokens');
      const token = await admin.post('/officer/admin/tokens', { name: 'region-system', role: 'officer' });
      assert.equal(token.status, 201);
      const secret = /data-testid="secret">(lma_[A-Za-z0-9_-]+)</.exec(token.body)?.[1] as string;
      const api = await fetch(`${f.web.url}/api/v1/tokens`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(api.status, 403, 'the token works (officer role: 403 on tokens, not 401)');
      const list = await admin.get('/officer/admin/tokens');
      assert.ok(!list.body.includes(secret), 'never shown again');
    });

    it('register: bad input is 400 with each field named and the input kept; script in a name is text', async () => {
      const c = await signedIn('olle');
      await c.get('/officer/applicants/new');
      const count = await rowCount('applicants');
      const bad = await c.post('/officer/applicants', {
        givenName: '<script>alert(1)</script>',
        familyName: '',
        birthDate: '2026-13-01',
        nationality: 'Sverige',
        language: 'xx',
        personalIdentityNumber: '19900101-1234',
        street: 'Storgatan 1',
      });
      assert.equal(bad.status, 400);
      const text = pageText(bad.body);
      for (const expected of [
        'Efternamn: fyll i',
        'Födelsedatum: skriv ett datum som ÅÅÅÅ-MM-DD',
        'Medborgarskap: tre bokstäver',
        'Språk för brev: välj ett av alternativen',
        'Personnummer (om sökanden har ett): inget giltigt personnummer',
        'Postnummer: fyll i gatuadress, postnummer och ort',
      ])
        assert.ok(text.includes(expected), `names the problem: ${expected}`);
      assert.match(bad.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/, 'kept, escaped');
      assert.doesNotMatch(bad.body, /<script>alert/);
      assert.equal(await rowCount('applicants'), count, 'nothing written');

      const ok = await c.post('/officer/applicants', {
        givenName: '<script>alert(1)</script>',
        familyName: '"><img src=x onerror=alert(2)>',
        birthDate: '1990-01-01',
        nationality: 'syr',
        language: 'ar',
      });
      assert.equal(ok.status, 303);
      const page = await c.get(ok.location as string);
      assert.ok(
        page.body.includes(
          '<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;</h1>',
        ),
      );
      assert.doesNotMatch(page.body, /<img src=x/);
    });

    it('photo: a non-image is 415, 6 MB is 413, an empty choice 400 — each naming the photo, nothing stored', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const c = await signedIn('olle');
      await c.get(`/officer/applicants/${a.applicantId}`);
      const photos = await rowCount('photos');
      const history = await rowCount('history');
      const pdf = await c.postPhoto(`/officer/applicants/${a.applicantId}/photo`, Buffer.from('%PDF-1.7\n…'));
      assert.equal(pdf.status, 415);
      assert.match(pageText(pdf.body), /Filen är inte en JPEG- eller PNG-bild\./);
      const huge = Buffer.concat([PHOTO.subarray(0, 8), Buffer.alloc(6 * 1024 * 1024)]);
      const big = await c.postPhoto(`/officer/applicants/${a.applicantId}/photo`, huge);
      assert.equal(big.status, 413);
      assert.match(pageText(big.body), /Filen är för stor: högst 5 MB\./);
      const none = await c.postPhoto(`/officer/applicants/${a.applicantId}/photo`, new Uint8Array(0));
      assert.equal(none.status, 400);
      assert.deepEqual([await rowCount('photos'), await rowCount('history')], [photos, history]);
    });

    it('R14: a visit or a handover never says the card is valid when the lookup says it is not', async () => {
      const c = await signedIn('olle');
      const flashAfter = async (path: string) => {
        const r = await c.post(path);
        assert.equal(r.status, 303);
        const page = await c.get(r.location as string);
        return pageText(/data-testid="flash"[^>]*>(.*?)<\/div>/s.exec(page.body)?.[1] ?? page.body);
      };
      const rejected = await anApplicantWithActiveCard(f.s.service, {}, '2026-01-10');
      await f.s.service.registerDecision(OFFICER, rejected.applicantId, { type: 'rejected' });
      await c.get(`/officer/applicants/${rejected.applicantId}`);
      const visit = await flashAfter(`/officer/applicants/${rejected.applicantId}/visits`);
      assert.equal(
        visit,
        'Besöket är registrerat. Kortets slutdatum är 2026-09-02, men kontrollen visar LMA-kort EJ giltigt — beslut: avslag från 2026-06-02.',
      );
      assert.equal((await status(f.web, rejected.code)).body.result, 'not_valid');

      const lapsed = await anApplicantWithActiveCard(f.s.service, {}, '2026-01-10');
      await c.get(`/officer/applicants/${lapsed.applicantId}`);
      assert.equal(
        await flashAfter(`/officer/applicants/${lapsed.applicantId}/visits`),
        'Besöket är registrerat. Kortet gäller nu till 2026-09-02 (tidigare 2026-04-10).',
        'a lapsed card is renewed by the visit and says so',
      );
      assert.equal((await status(f.web, lapsed.code)).body.result, 'valid');

      const waiting = await anApplicantWithOrderedCard(f.s.service);
      await f.s.service.markCardProduced(OFFICER, waiting.cardId);
      await f.s.service.registerDecision(OFFICER, waiting.applicantId, { type: 'withdrawn' });
      await c.get(`/officer/applicants/${waiting.applicantId}`);
      assert.match(
        await flashAfter(`/officer/cards/${waiting.cardId}/handover`),
        /^Kort \d{2}-\d{6}\/1 är utlämnat, men kontrollen visar LMA-kort EJ giltigt — beslut: återkallad ansökan från 2026-06-02\.$/,
      );
    });

    it('a decision asks first, then ends coverage; the lookup follows at once (R8, C5)', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const c = await signedIn('olle');
      await c.get(`/officer/applicants/${a.applicantId}`);
      const ask = await c.post(`/officer/applicants/${a.applicantId}/decisions`, {
        type: 'rejected',
        effectiveDate: '',
      });
      assert.equal(ask.status, 200);
      assert.match(pageText(ask.body), /Registrera beslutet "Avslag" från 2026-06-02\?/);
      assert.equal((await status(f.web, a.code)).body.result, 'valid', 'nothing changed yet');
      const bad = await c.post(`/officer/applicants/${a.applicantId}/decisions`, {
        type: 'rejected',
        effectiveDate: '2026-02-30',
        confirm: 'yes',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /id="f-effectiveDate-error">skriv ett datum/);
      const done = await c.post(`/officer/applicants/${a.applicantId}/decisions`, {
        type: 'rejected',
        effectiveDate: '',
        confirm: 'yes',
      });
      assert.equal(done.status, 303);
      assert.equal((await status(f.web, a.code)).body.result, 'not_valid');
    });
  });
}
