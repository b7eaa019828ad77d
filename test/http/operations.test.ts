// Through real HTTP: /readyz naming the failed check, /metrics (counts by result only, P1/P3,
// and its protection), admin statistics with Swedish day boundaries (R6), the OpenAPI document checked
// against real answers, and officer logs carrying ids only (R12, P5).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { pinnedClock } from '../../src/clock.ts';
import type { Db } from '../../src/store/db.ts';
import { ReadModel } from '../../src/store/read-model.ts';
import { backends } from '../support/backends.ts';
import { appOn, type Json, officerClient, type RunningApp, startApp, status } from '../support/http.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithOrderedCard,
  makeSystem,
  OFFICER,
  type TestSystem,
} from '../support/system.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

async function getText(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

for (const backend of backends) {
  describe(`operations over HTTP on ${backend.name}`, () => {
    const f = appOn(backend);

    it('/readyz is 200 with every check ok, and 503 naming pending migrations', async () => {
      const ok = await fetch(`${f.web.url}/readyz`);
      assert.equal(ok.status, 200);
      assert.deepEqual(((await ok.json()) as Json).checks, {
        database: 'ok',
        readModel: 'ok',
        migrations: 'ok',
      });
      await f.s.db.query("DELETE FROM schema_migrations WHERE name = '0002_lookup_counts.sql'");
      try {
        const r = await fetch(`${f.web.url}/readyz`);
        const body = (await r.json()) as Json;
        assert.equal(r.status, 503);
        assert.deepEqual(body.failed, ['migrations']);
        assert.match(body.checks.migrations, /pending 0002_lookup_counts\.sql/);
      } finally {
        await f.s.db.query("INSERT INTO schema_migrations (name) VALUES ('0002_lookup_counts.sql')");
      }
    });

    it('/readyz is 503 naming the read model while it is not loaded, and the database when it does not answer', async () => {
      const loading = await startApp({ ...f.s, readModel: new ReadModel() });
      const hanging: Db = {
        ...f.s.db,
        query: (sql, params) => (sql === 'SELECT 1' ? new Promise(() => {}) : f.s.db.query(sql, params)),
      };
      const noDb = await startApp({ ...f.s, db: hanging });
      try {
        const r1 = (await (await fetch(`${loading.url}/readyz`)).json()) as Json;
        assert.deepEqual(r1.failed, ['readModel']);
        const r2 = await fetch(`${noDb.url}/readyz`);
        assert.equal(r2.status, 503);
        const b2 = (await r2.json()) as Json;
        assert.deepEqual(b2.failed, ['database', 'migrations']);
        assert.match(b2.checks.database, /no answer within 1000 ms/);
        assert.equal((await fetch(`${noDb.url}/healthz`)).status, 200, 'the process itself is up');
      } finally {
        await loading.close();
        await noDb.close();
      }
    });

    it('P1, P3: /metrics counts lookups by result only — no code, address or user agent in any label', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const unknown = 'ZZZZ-ZZZZ-ZZZZ';
      await status(f.web, a.code, { 'user-agent': 'SecretScanner/9.9' });
      await fetch(`${f.web.url}/k/${a.code}`);
      await status(f.web, 'not-a-code');
      const api = officerClient(f.web);
      const visit = await api.post(`/applicants/${a.applicantId}/visits`, {});
      assert.equal(visit.status, 201);
      const m = await getText(`${f.web.url}/metrics`);
      assert.equal(m.status, 200);
      assert.match(m.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.match(m.text, /^lmakort_lookups_total\{result="valid"\} 2$/m);
      assert.match(m.text, /^lmakort_lookups_total\{result="malformed"\} 1$/m);
      assert.match(m.text, /^lmakort_lookups_total\{result="unknown"\} 0$/m);
      assert.match(m.text, /^lmakort_lookup_duration_seconds_count\{surface="api"\} 2$/m);
      assert.match(m.text, /^lmakort_lookup_duration_seconds_count\{surface="page"\} 1$/m);
      assert.match(
        m.text,
        /^lmakort_officer_writes_total\{kind="POST \/api\/v1\/applicants\/:id\/visits"\} 1$/m,
      );
      // The card was handed over before its card-ready letter was printed: the letter is withdrawn.
      assert.match(m.text, /^lmakort_letters\{kind="card_ready",state="withdrawn"\} [1-9]\d*$/m);
      assert.match(m.text, new RegExp(`^lmakort_read_model_cards ${f.s.readModel.cardCount}$`, 'm'));
      assert.match(m.text, /^lmakort_read_model_lag_seconds 0$/m);
      assert.match(m.text, /^lmakort_reminders_made_total 0$/m);
      for (const secret of [a.code, a.applicantId, 'SecretScanner', '127.0.0.1', 'not-a-code', unknown]) {
        assert.ok(!m.text.includes(secret), `${secret} must not appear in /metrics`);
      }
      const labels = new Set([...m.text.matchAll(/[{,](\w+)="/g)].map((x) => x[1]));
      assert.deepEqual([...labels].sort(), ['kind', 'le', 'result', 'state', 'surface']);
    });

    it('/metrics is closed by a token when one is set, absent in production without one, and off the main port with LMA_METRICS_PORT', async () => {
      const withToken = await startApp(f.s, { metricsToken: METRICS_TOKEN, nodeEnv: 'production' });
      const production = await startApp(f.s, { nodeEnv: 'production' });
      const ownPort = await startApp(f.s, { metricsPort: 9999 });
      try {
        assert.equal((await fetch(`${withToken.url}/metrics`)).status, 401);
        const wrong = await fetch(`${withToken.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
        assert.equal(wrong.status, 401);
        const right = await getText(`${withToken.url}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
        assert.equal(right.status, 200);
        assert.match(right.text, /lmakort_lookups_total/);
        assert.equal((await fetch(`${production.url}/metrics`)).status, 404);
        assert.equal((await fetch(`${ownPort.url}/metrics`)).status, 404);
      } finally {
        await withToken.close();
        await production.close();
        await ownPort.close();
      }
    });

    it('R12, P5: officer requests are logged by route and ids only; personal fields are redacted if they ever reach a log', async () => {
      const api = officerClient(f.web);
      const reg = await api.post('/applicants', {
        givenName: 'Zenebech',
        familyName: 'Woldemariam',
        birthDate: '1987-03-29',
        nationality: 'ETH',
        language: 'ti',
        personalIdentityNumber: '19870329-1230',
        address: { street: 'Hemligagatan 17', postalCode: '123 45', city: 'Borlänge' },
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const id = reg.body.id as string;
      assert.equal((await api.get(`/applicants/${id}`)).status, 200);
      f.web.app.log.info(
        {
          body: { givenName: 'Zenebech', address: { street: 'Hemligagatan 17' } },
          headers: { authorization: `Bearer ${f.web.officerToken}` },
        },
        'a careless log line',
      );
      const logs = f.web.logs.join('');
      for (const secret of [
        'Zenebech',
        'Woldemariam',
        '1987-03-29',
        '19870329',
        'Hemligagatan',
        'Borlänge',
        f.web.officerToken,
      ]) {
        assert.ok(!logs.includes(secret), `${secret} must not be logged`);
      }
      assert.match(logs, /"msg":"a careless log line"/);
      assert.match(logs, /"givenName":"\[redacted\]"/);
      const line = f.web.logs
        .map((l) => JSON.parse(l) as Json)
        .find((l) => l.msg === 'officer request' && l.target === id);
      assert.ok(line, 'the officer request names the applicant by id');
      assert.equal(line.route, '/api/v1/applicants/:id');
    });
  });

  describe(`admin statistics on ${backend.name}`, () => {
    let s: TestSystem;
    let web: RunningApp;
    let admin: ReturnType<typeof officerClient>;

    before(async () => {
      s = await makeSystem(await backend.open()); // now: 2 June 2026, noon in Stockholm
      web = await startApp(s, { cardCostSek: 150 });
      admin = officerClient(web, web.adminToken);
      const a = await anApplicantWithActiveCard(s.service, {}, '2026-05-10');
      const b = await anApplicantWithActiveCard(s.service, {}, '2026-06-01');
      // 00:30 on 1 June in Stockholm is still 31 May in UTC: counted on the Swedish day (R6).
      await anApplicantWithOrderedCard(s.service.at(pinnedClock(new Date('2026-06-01T00:30:00+02:00'))));
      await s.service.registerVisit(OFFICER, a.applicantId, {}); // extends a's card to 2 September
      await s.service.registerVisit(OFFICER, a.applicantId, {}); // the same day again: no extension
      await s.service.cancelCard(OFFICER, b.cardId, { reason: 'lost' }); // and a new card is ordered
      await status(web, a.code);
      await status(web, a.code);
      await status(web, 'ZZZZZZZZZZZZ0');
      await status(web, 'AAAA-AAAA-AAAA-A');
    });
    after(async () => {
      await web.close();
      await s.db.close();
    });

    it('per Swedish day: cards ordered, produced, handed over, cancelled by reason, extensions, letters, lookups and savings', async () => {
      const r = await admin.get('/statistics?from=2026-05-31&to=2026-06-02&by=day');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const [may31, june1, june2] = r.body.periods as Json[];
      assert.deepEqual(
        r.body.periods.map((p: Json) => p.period),
        ['2026-05-31', '2026-06-01', '2026-06-02'],
      );
      assert.equal(may31.cardsOrdered, 0);
      assert.equal(june1.cardsOrdered, 2);
      assert.equal(june1.cardsProduced, 1);
      assert.equal(june1.cardsHandedOver, 1);
      assert.equal(june1.letters.card_ready, 1);
      assert.equal(june2.cardsOrdered, 1);
      assert.deepEqual(june2.cardsCancelled, { lost: 1, stolen: 0, damaged: 0, biodata_changed: 0 });
      assert.equal(june2.extensions, 1);
      assert.equal(june2.savedSek, 150);
      const lookups = june2.lookups;
      assert.equal(lookups.valid, 2);
      assert.equal(lookups.unknown + lookups.malformed, 2);
      assert.equal(r.body.totals.cardsOrdered, 3);
      assert.equal(r.body.cardCostSek, 150);
    });

    it('per month, and the lookup counts table holds only day, result and count (P3)', async () => {
      const r = await admin.get('/statistics?from=2026-05-01&to=2026-06-30&by=month');
      assert.deepEqual(
        r.body.periods.map((p: Json) => [p.period, p.cardsOrdered, p.cardsHandedOver, p.extensions]),
        [
          ['2026-05', 1, 1, 0],
          ['2026-06', 3, 1, 1],
        ],
      );
      const cols = await s.db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'lookup_counts' ORDER BY column_name",
      );
      assert.deepEqual(
        cols.rows.map((c) => c.column_name),
        ['count', 'day', 'result'],
      );
    });

    it('bad input is 400 naming the field; an officer token is 403; the SVG chart has no script', async () => {
      const backwards = await admin.get('/statistics?from=2026-06-02&to=2026-06-01');
      assert.equal(backwards.status, 400);
      assert.equal(backwards.body.field, 'to');
      const badDate = await admin.get('/statistics?from=2026-02-30&to=2026-03-01');
      assert.equal(badDate.status, 400);
      assert.equal(badDate.body.field, 'from');
      const badBy = await admin.get('/statistics?from=2026-06-01&to=2026-06-02&by=week');
      assert.equal(badBy.status, 400);
      assert.equal(badBy.body.field, 'by');
      assert.equal((await officerClient(web).get('/statistics?from=2026-06-01&to=2026-06-02')).status, 403);
      const svg = await getText(`${web.url}/api/v1/statistics.svg?from=2026-05-31&to=2026-06-02`, {
        authorization: `Bearer ${web.adminToken}`,
      });
      assert.equal(svg.status, 200);
      assert.match(svg.headers.get('content-type') ?? '', /^image\/svg\+xml/);
      assert.match(svg.text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(svg.text, /2026-06-02: 4 lookups/);
      assert.match(svg.text, /2026-06-02: 1 extensions/);
      assert.doesNotMatch(svg.text, /<script|href=/i);
    });
  });

  describe(`OpenAPI document on ${backend.name}`, () => {
    const f = appOn(backend);

    it('is OpenAPI 3.1 with every route in it, and real answers match their declared schemas', async () => {
      const res = await fetch(`${f.web.url}/api/openapi.json`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as Json;
      assert.equal(doc.openapi, '3.1.0');
      assert.equal(typeof doc.info.title, 'string');
      assert.equal(typeof doc.info.version, 'string');
      assert.equal(typeof doc.paths, 'object');

      // Every route the app registered (bar the docs themselves and /metrics) is in the document.
      const documented = new Set<string>();
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
      }
      // printRoutes draws a tree of path segments: rebuild each full path from its ancestors.
      const stack: string[] = [];
      const registered = f.web.app
        .printRoutes({ commonPrefix: false })
        .split('\n')
        .flatMap((line) => {
          const m = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
          if (!m) return [];
          const depth = (m[1] as string).length / 4;
          stack.length = depth;
          const path = (stack[depth - 1] ?? '') + (m[2] as string);
          stack[depth] = path;
          return (m[3] as string).split(', ').map((verb) => `${verb} ${path}`);
        })
        // The officer console's HTML pages (/officer/…) are not API and are left out on purpose.
        .filter(
          (r) => !r.startsWith('HEAD ') && !/ \/api\/docs|\/api\/openapi\.json|\/metrics| \/officer/.test(r),
        )
        .map((r) => r.replace(/:(\w+)/g, '{$1}'));
      assert.ok(registered.length > 20, `found ${registered.length} routes`);
      for (const r of registered) assert.ok(documented.has(r), `${r} is documented`);

      const ajv = new Ajv2020.default({ strict: false });
      addFormats.default(ajv);
      const check = async (path: string, url: string, init: RequestInit = {}) => {
        const r = await fetch(url, init);
        const body = await r.json();
        const op = doc.paths[path].get;
        const declared = op.responses[String(r.status)];
        assert.ok(declared, `${path} declares ${r.status}`);
        const schema = declared.content
          ? (Object.values(declared.content)[0] as Json).schema
          : declared.schema;
        assert.ok(ajv.validate(schema, body), `${path} ${r.status}: ${ajv.errorsText()}`);
      };
      const a = await anApplicantWithActiveCard(f.s.service);
      await check('/api/v1/status/{code}', `${f.web.url}/api/v1/status/${a.code}`);
      await check('/api/v1/status/{code}', `${f.web.url}/api/v1/status/ZZZZZZZZZZZZ0`);
      await check('/api/v1/status/{code}', `${f.web.url}/api/v1/status/nonsense`);
      await check('/readyz', `${f.web.url}/readyz`);
      await check('/api/v1/statistics', `${f.web.url}/api/v1/statistics?from=2026-06-01&to=2026-06-02`, {
        headers: { authorization: `Bearer ${f.web.adminToken}` },
      });
    });

    it('/api/docs is served from us: no other origin anywhere, its own CSP, the lookup CSP unchanged', async () => {
      const page = await getText(`${f.web.url}/api/docs/`);
      assert.equal(page.status, 200);
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /https?:|\*/);
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
      assert.ok(assets.length >= 4);
      for (const asset of assets) {
        assert.doesNotMatch(asset, /^(https?:)?\/\//, `${asset} is ours`);
        const r = await fetch(new URL(asset, `${f.web.url}/api/docs/`));
        assert.equal(r.status, 200, asset);
        await r.arrayBuffer();
      }
      const init = await getText(`${f.web.url}/api/docs/static/swagger-initializer.js`);
      assert.doesNotMatch(init.text.replace(/\/\/.*$/gm, ''), /https?:\/\//);
      const lookup = await fetch(`${f.web.url}/k/`);
      await lookup.text();
      assert.match(
        lookup.headers.get('content-security-policy') ?? '',
        /^default-src 'none'; style-src 'self'; /,
      );
    });
  });
}
