// Over real HTTP: the verifier app's shell and headers (C6 with camera=(self) on /verify only),
// and C9 receipts on the status API, checked with an independent JOSE implementation (jose's own
// verifier against the published JWKS). P1: nothing about a check or a receipt is logged or kept.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { compactVerify, createLocalJWKSet } from 'jose';
import { ReadModel } from '../../src/store/read-model.ts';
import { backends } from '../support/backends.ts';
import { appOn, type Json, startApp } from '../support/http.ts';
import { anApplicantWithActiveCard, anApplicantWithChangedGrounds, BASE_URL } from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];
const UNKNOWN_CODE = '0000000000000';

describe('the verifier app and receipts over HTTP', () => {
  const f = appOn(backend, { abuseLimit: 3 });
  let valid: Awaited<ReturnType<typeof anApplicantWithActiveCard>>;
  let changedGrounds: Awaited<ReturnType<typeof anApplicantWithActiveCard>>;

  before(async () => {
    valid = await anApplicantWithActiveCard(f.s.service);
    changedGrounds = await anApplicantWithChangedGrounds(f.s.service);
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${f.web.url}${path}`, { headers });
  const jwks = async () => createLocalJWKSet((await (await get('/.well-known/jwks.json')).json()) as Json);

  describe('C9: GET /api/v1/status/{code}?receipt=1', () => {
    it('adds a JWS over exactly {code, result, atUnd, checkedAt}, verifiable with the published keys', async () => {
      for (const [card, result, atUnd] of [
        [valid, 'valid', false],
        [changedGrounds, 'not_valid', true],
      ] as const) {
        const res = await get(`/api/v1/status/${card.code.toLowerCase()}?receipt=1`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const body = (await res.json()) as Json;
        assert.deepEqual(Object.keys(body), [
          'result',
          'atUnd',
          'checkedAt',
          'statusListCredential', // the card's status-list entry
          'statusListIndex',
          'receipt',
        ]);
        assert.equal(body.result, result);
        const { payload, protectedHeader } = await compactVerify(body.receipt, await jwks(), {
          algorithms: ['EdDSA'],
        });
        assert.deepEqual(protectedHeader, { alg: 'EdDSA', kid: f.s.keys.currentKid, typ: 'lma-receipt+jws' });
        // Exactly these keys in this order: the canonical code (upper case, no hyphens), and the
        // same instant the answer gives.
        assert.equal(
          new TextDecoder().decode(payload),
          `{"code":"${card.code}","result":"${result}","atUnd":${atUnd},"checkedAt":"${body.checkedAt}"}`,
        );
      }
    });

    it('also on 404 unknown; the plain answer stays byte for byte as it was', async () => {
      const res = await get(`/api/v1/status/${UNKNOWN_CODE}?receipt=1`);
      assert.equal(res.status, 404);
      const body = (await res.json()) as Json;
      const { payload } = await compactVerify(body.receipt, await jwks());
      assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), {
        code: UNKNOWN_CODE,
        result: 'unknown',
        atUnd: false,
        checkedAt: body.checkedAt,
      });
      const plain = await get(`/api/v1/status/${valid.code}`);
      const entry = f.s.statusLists.entryJson(valid.code) as string;
      assert.equal(
        await plain.text(),
        `{"result":"valid","atUnd":false,"checkedAt":"${f.s.clock.now().toISOString()}",${entry}}`,
      );
    });

    it('a tampered receipt fails verification', async () => {
      const body = (await (await get(`/api/v1/status/${changedGrounds.code}?receipt=1`)).json()) as Json;
      const [h, p, sig] = (body.receipt as string).split('.');
      const claims = JSON.parse(Buffer.from(p as string, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, result: 'valid' })).toString('base64url');
      await assert.rejects(
        compactVerify(`${h}.${forged}.${sig}`, await jwks()),
        /signature verification failed/,
      );
    });

    it('a bad receipt parameter is 400 naming the field, and no lookup is counted', async () => {
      const res = await get(`/api/v1/status/${valid.code}?receipt=yes`);
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const body = (await res.json()) as Json;
      assert.equal(body.field, 'receipt');
      assert.equal(body.receipt, undefined);
    });

    it('no receipt on 400 malformed or 429; P1: no code, receipt or address in the logs', async () => {
      f.web.logs.length = 0; // from here on; the start-up line names the listening address
      const typo = `${valid.code.slice(0, 12)}${valid.code[12] === 'X' ? 'Y' : 'X'}`;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await get(`/api/v1/status/${typo}?receipt=1`);
        statuses.push(res.status);
        const body = (await res.json()) as Json;
        assert.equal(body.receipt, undefined, `no receipt with ${res.status}`);
      }
      assert.ok(statuses.includes(400) && statuses.at(-1) === 429, String(statuses));
      const logs = f.web.logs.join('');
      await get(`/api/v1/status/${valid.code}?receipt=1`, { 'user-agent': 'ClinicTablet/2' });
      for (const secret of [valid.code, typo, 'eyJ', '127.0.0.1', 'ClinicTablet'])
        assert.ok(!logs.includes(secret), `"${secret}" is not in the logs`);
    });

    it('no receipt on 503 (read model not loaded)', async () => {
      const cold = await startApp({ ...f.s, readModel: new ReadModel() });
      try {
        const res = await fetch(`${cold.url}/api/v1/status/${valid.code}?receipt=1`);
        assert.equal(res.status, 503);
        assert.equal(((await res.json()) as Json).receipt, undefined);
      } finally {
        await cold.close();
      }
    });

    it('is documented in the OpenAPI document', async () => {
      const doc = (await (await get('/api/openapi.json')).json()) as Json;
      const op = doc.paths['/api/v1/status/{code}'].get;
      assert.ok(op.parameters.some((p: Json) => p.name === 'receipt' && p.in === 'query'));
      assert.match(
        op.responses['200'].content['application/json'].schema.properties.receipt.description,
        /JWS/,
      );
    });
  });

  describe('/verify: the app shell', () => {
    it('the page: its own strict CSP (self only, no inline script), the camera for itself only', async () => {
      const res = await get('/verify?mode=till');
      assert.equal(res.status, 200);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /connect-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
      assert.match(res.headers.get('permissions-policy') ?? '', /^camera=\(self\), microphone=\(\)/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.equal(res.headers.get('set-cookie'), null);
      const html = await res.text();
      assert.match(html, new RegExp(`<meta name="lma-public-base-url" content="${BASE_URL}">`));
      assert.doesNotMatch(html, /<script>|<script(?![^>]*\bsrc=)[^>]*>[^<]/, 'no inline script');
      assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
      assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'nothing from another origin');
    });

    it('everywhere else the camera stays off (C6)', async () => {
      for (const path of [`/k/${valid.code}`, `/api/v1/status/${valid.code}`, '/k/'])
        assert.match((await get(path)).headers.get('permissions-policy') ?? '', /^camera=\(\)/, path);
    });

    it('serves the scripts, styles, texts, icons, guidance, manifest and jsQR — and nothing else', async () => {
      const expect: [string, RegExp][] = [
        ['/verify/assets/app.js', /^text\/javascript/],
        ['/verify/assets/card-code.js', /^text\/javascript/],
        ['/verify/assets/vendor/jsqr.js', /^text\/javascript/],
        ['/verify/assets/qr-worker.js', /^text\/javascript/],
        ['/verify/assets/verify.css', /^text\/css/],
        ['/verify/assets/i18n/ti.json', /^application\/json/],
        ['/verify/assets/icon-512.png', /^image\/png/],
        ['/verify/guidance.json', /^application\/json/],
        ['/verify/manifest.webmanifest', /^application\/manifest\+json/],
        ['/verify/sw.js', /^text\/javascript/],
      ];
      for (const [path, type] of expect) {
        const res = await get(path);
        assert.equal(res.status, 200, path);
        assert.match(res.headers.get('content-type') ?? '', type, path);
        assert.match(res.headers.get('permissions-policy') ?? '', /camera=\(self\)/, path);
      }
      for (const path of [
        '/verify/assets/card-code.d.ts',
        '/verify/assets/../verify-routes.ts',
        '/verify/assets/%2e%2e/page.html',
        '/verify/assets/nope.js',
      ])
        assert.equal((await get(path)).status, 404, path);
    });

    it('revalidates by ETag (304), so the shell can be cached but never goes stale', async () => {
      const first = await get('/verify/assets/app.js');
      const etag = first.headers.get('etag') ?? '';
      assert.match(etag, /^"[\w-]{22}"$/);
      const again = await get('/verify/assets/app.js', { 'if-none-match': etag });
      assert.equal(again.status, 304);
    });

    it('the service worker caches exactly the shell (never a status, receipt or key) for scope /verify', async () => {
      const res = await get('/verify/sw.js');
      assert.equal(res.headers.get('service-worker-allowed'), '/verify');
      const text = await res.text();
      const shell = JSON.parse(/^const SHELL = (.*);$/m.exec(text)?.[1] ?? '[]') as string[];
      assert.ok(shell.includes('/verify') && shell.includes('/verify/assets/vendor/jsqr.js'));
      assert.ok(shell.includes('/verify/guidance.json'));
      assert.ok(
        shell.every((p) => p.startsWith('/verify')),
        'nothing outside the app',
      );
      assert.match(text, /^const VERSION = '[\w-]{16}';$/m);
    });

    it("the shell holds every module the app's script imports, so it opens offline", async () => {
      const text = await (await get('/verify/sw.js')).text();
      const shell = JSON.parse(/^const SHELL = (.*);$/m.exec(text)?.[1] ?? '[]') as string[];
      const seen = new Set<string>();
      const queue = ['/verify/assets/app.js'];
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        if (seen.has(path)) continue;
        seen.add(path);
        const res = await get(path);
        assert.equal(res.status, 200, path);
        for (const [, file] of (await res.text()).matchAll(/^import [^;]*? from '\.\/([\w-]+\.js)';$/gm))
          queue.push(`/verify/assets/${file}`);
      }
      assert.ok(seen.size > 5, `app.js and the modules it imports: ${[...seen].join(', ')}`);
      for (const path of seen) assert.ok(shell.includes(path), `${path} is in the shell`);
    });

    it('the manifest makes it installable: name, start_url, scope, standalone, 192 and 512 px icons', async () => {
      const m = (await (await get('/verify/manifest.webmanifest')).json()) as Json;
      assert.equal(m.start_url, '/verify');
      assert.equal(m.scope, '/verify');
      assert.equal(m.display, 'standalone');
      assert.deepEqual(
        m.icons.filter((i: Json) => i.type === 'image/png').map((i: Json) => i.sizes),
        ['192x192', '512x512'],
      );
    });

    it('the guidance holds every role, so the server never learns which one is read (P1)', async () => {
      const g = (await (await get('/verify/guidance.json')).json()) as Json;
      assert.deepEqual(Object.keys(g.roles).sort(), ['employer', 'healthcare', 'other', 'pharmacy']);
      assert.equal(g.roles.healthcare.contacts.gas.lines[0].phone, '010-47 61 900');
      assert.equal(JSON.stringify(g).includes('/rulebooks/'), false, 'no server paths');
    });
  });
});
