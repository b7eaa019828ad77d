// C4–C6, S1, P1, P2 through real HTTP: what a verifier sees, and what the service never keeps.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { formatCardCode } from '../../src/domain/card-code.ts';
import { ReadModel } from '../../src/store/read-model.ts';
import { backends } from '../support/backends.ts';
import { appOn, type Json, startApp, status } from '../support/http.ts';
import { anApplicantWithActiveCard, anApplicantWithChangedGrounds } from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];

/** A well-formed code (correct check symbol) that no card has. */
const UNKNOWN_CODE = '0000-0000-0000-0';

/** One symbol changed: the check character catches it (C1). */
function typo(code: string): string {
  const c = code[5] === 'X' ? 'Y' : 'X';
  return code.slice(0, 5) + c + code.slice(6);
}

describe('public lookup over HTTP', () => {
  const f = appOn(backend, { abuseLimit: 5, trustProxy: true });
  let valid: Awaited<ReturnType<typeof anApplicantWithActiveCard>>;
  let withAtUnd: Awaited<ReturnType<typeof anApplicantWithActiveCard>>;

  before(async () => {
    valid = await anApplicantWithActiveCard(f.s.service, {
      givenName: 'Zainab',
      familyName: 'Qureshi',
      birthDate: '1987-03-04',
      personalIdentityNumber: '198112189876',
    });
    withAtUnd = await anApplicantWithChangedGrounds(f.s.service);
  });

  // Each test speaks from its own client address so the abuse limit of one does not touch another.
  let n = 0;
  const client = () => ({ 'x-forwarded-for': `198.51.100.${++n}` });

  it('C5: a valid card answers 200 {"result":"valid","atUnd":false,"checkedAt"} (then its status-list entry)', async () => {
    const r = await status(f.web, valid.code, client());
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), [
      'result',
      'atUnd',
      'checkedAt',
      'statusListCredential',
      'statusListIndex',
    ]);
    assert.equal(r.body.result, 'valid');
    assert.equal(r.body.atUnd, false);
    assert.equal(r.body.checkedAt, '2026-06-02T10:00:00.000Z');
  });

  it('C1, C5: the code is read case-insensitively, with hyphens, spaces and O/I/L as 0/1', async () => {
    const messy = formatCardCode(valid.code)
      .toLowerCase()
      .replaceAll('0', 'o')
      .replaceAll('1', 'l')
      .replace('-', ' ');
    const r = await status(f.web, messy, client());
    assert.equal(r.body.result, 'valid');
  });

  it('C5: not valid with AT-UND is its own answer (grounds changed, may still work)', async () => {
    const r = await status(f.web, withAtUnd.code, client());
    assert.equal(r.status, 200);
    assert.equal(r.body.result, 'not_valid');
    assert.equal(r.body.atUnd, true);
  });

  it('C5: a well-formed code of no card is 404 unknown', async () => {
    const r = await status(f.web, UNKNOWN_CODE, client());
    assert.equal(r.status, 404);
    assert.equal(r.body.result, 'unknown');
  });

  it('R11, C5: a typo is malformed (400 problem+json), never unknown', async () => {
    const res = await fetch(`${f.web.url}/api/v1/status/${typo(valid.code)}`, { headers: client() });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await res.json()) as Json;
    assert.equal(body.result, 'malformed');
    assert.equal(body.status, 400);
    assert.ok(body.type && body.title);
  });

  it('C6: public answers are not cached, set no cookie, send a strict CSP and no referrer', async () => {
    for (const path of [`/api/v1/status/${valid.code}`, `/k/${valid.code}`, '/k/']) {
      const res = await fetch(f.web.url + path, { headers: client() });
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
      assert.equal(res.headers.get('set-cookie'), null, path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|\*/);
    }
  });

  it('C6: every page links our one stylesheet, named by its hash and cached; JSON allows no style at all', async () => {
    const pages = {
      valid: `/k/${valid.code}`,
      'with AT-UND': `/k/${withAtUnd.code}`,
      unknown: `/k/${UNKNOWN_CODE}`,
      malformed: `/k/${typo(valid.code)}`,
      'typed into the form': `/k/?code=${encodeURIComponent(formatCardCode(valid.code))}`,
      form: '/k/',
    };
    const sheets = new Set<string>();
    for (const [name, path] of Object.entries(pages)) {
      const res = await fetch(f.web.url + path, { headers: client() });
      const html = await res.text();
      assert.doesNotMatch(html, /<style|style=/, `${name}: no inline style`);
      const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1] as string);
      assert.equal(links.length, 1, `${name}: one stylesheet`);
      sheets.add(links[0] as string);
      assert.equal(
        res.headers.get('content-security-policy'),
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        name,
      );
      assert.equal(
        res.headers.get('cache-control'),
        'no-store',
        `${name}: the answer itself is never cached`,
      );
    }
    assert.equal(sheets.size, 1, 'every page the same stylesheet');
    const [sheet] = [...sheets] as [string];
    const css = await fetch(f.web.url + sheet, { headers: client() });
    const text = await css.text();
    assert.equal(css.status, 200);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(css.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(css.headers.get('set-cookie'), null);
    // Its name is its content's hash, so a changed stylesheet is a new address, never a stale cache.
    assert.ok(sheet.includes(createHash('sha256').update(text).digest('hex').slice(0, 16)), sheet);
    for (const rule of ['.valid{', '.not_valid{', '.unknown{', '.x{', 'button{', 'prefers-color-scheme:dark'])
      assert.ok(text.includes(rule), `the stylesheet has ${rule}`);
    const stale = await fetch(`${f.web.url}/assets/lookup-0000000000000000.css`, { headers: client() });
    await stale.arrayBuffer();
    assert.equal(stale.status, 404, 'no other stylesheet is served');
    const json = await fetch(`${f.web.url}/api/v1/status/${valid.code}`, { headers: client() });
    await json.arrayBuffer();
    assert.doesNotMatch(json.headers.get('content-security-policy') ?? '', /style-src/);
  });

  it('C6: an address the router cannot read is a plain 400 problem with the same headers, echoing nothing', async () => {
    for (const path of ['/k/%E0%A4%A', `/api/v1/status/${'A'.repeat(300)}`]) {
      const res = await fetch(f.web.url + path, { headers: client() });
      assert.equal(res.status, 400, path);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
      const body = await res.text();
      assert.ok(!body.includes('%E0') && !body.includes('AAAA'), body);
    }
  });

  it('C4: the page says "LMA-kort giltigt" in Swedish by default, with the time of the check', async () => {
    const res = await fetch(`${f.web.url}/k/${valid.code}`, { headers: client() });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /<html lang="sv">/);
    assert.match(html, /<h1>LMA-kort giltigt<\/h1>/);
    assert.match(html, /Kontrollerat 2026-06-02 kl\.\u00a012:00:00 svensk\u00a0tid/);
    assert.match(html, /Ingen AT-UND/);
    assert.doesNotMatch(html, /<script/i, 'no JavaScript needed');
  });

  it('C4: English via ?lang=en and via Accept-Language', async () => {
    const byQuery = await (await fetch(`${f.web.url}/k/${valid.code}?lang=en`, { headers: client() })).text();
    assert.match(byQuery, /<h1>LMA card valid<\/h1>/);
    const byHeader = await (
      await fetch(`${f.web.url}/k/${withAtUnd.code}`, {
        headers: { ...client(), 'accept-language': 'en-GB,en;q=0.9,sv;q=0.5' },
      })
    ).text();
    assert.match(byHeader, /<h1>LMA card NOT\u00a0valid<\/h1>/, 'NOT stays with valid on a narrow screen');
    assert.match(byHeader, /AT-UND finns/);
  });

  it('C2: the upper-case address from the QR code answers like the lower-case one', async () => {
    const res = await fetch(`${f.web.url}/K/${valid.code}`, { headers: client() });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /LMA-kort giltigt/);
  });

  it('C4: /k/ is a form, and the form’s GET answers the typed code', async () => {
    const form = await (await fetch(`${f.web.url}/k/`, { headers: client() })).text();
    // A GET form (the default method), the page's one h1.
    assert.match(form, /<form action="\/k\/" class="o"><h1 class="f">/);
    const typed = await fetch(
      `${f.web.url}/k/?code=${encodeURIComponent(formatCardCode(valid.code).toLowerCase())}`,
      {
        headers: client(),
      },
    );
    assert.match(await typed.text(), /LMA-kort giltigt/);
  });

  it('C4: a typo reads "Koden är felskriven" and echoes the input escaped', async () => {
    const res = await fetch(`${f.web.url}/k/?code=${encodeURIComponent('<b>x</b>')}`, { headers: client() });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /Koden är felskriven — kontrollera tecknen/);
    assert.match(html, /&lt;b&gt;x&lt;\/b&gt;/);
    assert.doesNotMatch(html, /<b>x<\/b>/);
    assert.match(
      html,
      /<input id="code"[^>]* value="&lt;b&gt;x&lt;\/b&gt;"/,
      'the typo is put back to be fixed',
    );
  });

  it('C4, R12, P5: no name, birth date, dossier number, personal identity number or date reaches a public answer', async () => {
    const view = (await f.s.service.applicantView(valid.applicantId)) as { cards: { validUntil: string }[] };
    const secrets = [
      'Zainab',
      'Qureshi',
      '1987-03-04',
      valid.dossierNumber,
      '198112189876',
      '9876',
      view.cards[0]?.validUntil,
    ];
    for (const path of [`/k/${valid.code}`, `/k/${valid.code}?lang=en`, `/api/v1/status/${valid.code}`]) {
      const res = await fetch(f.web.url + path, { headers: client() });
      const everything = JSON.stringify([...res.headers]) + (await res.text());
      for (const secret of secrets)
        assert.ok(!everything.includes(secret as string), `${secret} leaked in ${path}`);
    }
  });

  it('S1, P2: after too many unknown or malformed answers a client gets 429 with Retry-After, even for a real card', async () => {
    const me = { 'x-forwarded-for': '203.0.113.77' };
    for (let i = 0; i < 5; i++) await status(f.web, i % 2 ? UNKNOWN_CODE : 'nonsense', me);
    const blocked = await status(f.web, valid.code, me);
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    const page = await fetch(`${f.web.url}/k/${valid.code}`, { headers: me });
    assert.equal(page.status, 429);
    assert.match(await page.text(), /Kunde inte kontrollera/);
    const neighbour = await status(f.web, valid.code, { 'x-forwarded-for': '203.0.113.78' });
    assert.equal(neighbour.status, 200, 'another client is not affected');
    f.s.clock.advance(600_000);
    assert.equal((await status(f.web, valid.code, me)).status, 200, 'the window ends and the key rotates');
  });

  it('S1: an IPv6 client is limited by its /64, so rotating the interface id does not help', async () => {
    for (let i = 0; i < 5; i++)
      await status(f.web, UNKNOWN_CODE, { 'x-forwarded-for': `2001:db8:1:2::${i + 1}` });
    const r = await status(f.web, valid.code, { 'x-forwarded-for': '2001:db8:1:2:ffff::9' });
    assert.equal(r.status, 429);
  });

  it('P1: nothing about a public lookup is logged — no code, no address, no user agent', async () => {
    f.web.logs.length = 0;
    const agent = 'NurseTablet/1.0 (ward 7)';
    await status(f.web, valid.code, { 'user-agent': agent, 'x-forwarded-for': '192.0.2.55' });
    await fetch(`${f.web.url}/k/${valid.code}`, {
      headers: { 'user-agent': agent, 'x-forwarded-for': '192.0.2.55' },
    });
    await fetch(`${f.web.url}/k/${UNKNOWN_CODE}`, {
      headers: { 'user-agent': agent, 'x-forwarded-for': '192.0.2.55' },
    });
    const all = f.web.logs.join('');
    for (const needle of [valid.code, '0000000000000', '192.0.2.55', '127.0.0.1', agent]) {
      assert.ok(!all.includes(needle), `log contains ${needle}`);
    }
  });

  it('the fast path on the socket answers exactly as the routed handlers do (same status, headers, body)', async () => {
    const paths = [
      `/api/v1/status/${valid.code}`,
      `/api/v1/status/${withAtUnd.code}`,
      `/api/v1/status/${UNKNOWN_CODE}`,
      `/api/v1/status/${typo(valid.code)}`,
      `/k/${valid.code}`,
      `/K/${withAtUnd.code}?lang=en`,
      `/k/${encodeURIComponent(formatCardCode(valid.code).toLowerCase().replace('-', ' '))}`,
    ];
    const headersOf = (h: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(h)
          .filter(([k]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k))
          .map(([k, v]) => [k, String(v)]),
      );
    for (const path of paths) {
      const who = client();
      const socket = await fetch(f.web.url + path, { headers: { ...who, 'accept-language': 'sv' } });
      const routed = await f.web.app.inject({
        method: 'GET',
        url: path,
        headers: { ...who, 'accept-language': 'sv' },
      });
      assert.equal(socket.status, routed.statusCode, path);
      assert.equal(await socket.text(), routed.body, path);
      assert.deepEqual(headersOf(Object.fromEntries(socket.headers)), headersOf(routed.headers), path);
    }
  });

  it('C5: while the read model is not loaded the service answers 503, never a guess', async () => {
    const cold = await startApp({ ...f.s, readModel: new ReadModel() });
    try {
      const r = await status(cold, valid.code);
      assert.equal(r.status, 503);
      const page = await fetch(`${cold.url}/k/${valid.code}`);
      assert.equal(page.status, 503);
      assert.match(await page.text(), /Kunde inte kontrollera/);
    } finally {
      await cold.close();
    }
  });
});
