// The shipped deployment, run: nginx with deploy/nginx/lmakort.conf (TLS, HTTP/2) in front of two
// `lmakort serve` instances on one PostgreSQL database. Under lookup load one instance is killed
// with SIGKILL: lookups keep their answers through the proxy, and the instance, started again,
// answers again. An instance cut off from the database says so at /readyz; the status lists are
// cached for their max-age. Needs nginx and LMA_TEST_DATABASE_URL; skipped with a message without
// them, unless LMA_REQUIRE_NGINX=1 (CI) makes that a failure.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCardCode } from '../../src/domain/card-code.ts';
import { createPostgresDatabase, postgresUrl } from '../support/backends.ts';
import { runCli, type ServerProcess, startServer } from '../support/cli.ts';
import {
  type Answer,
  freePort,
  http2Client,
  NGINX,
  type RunningNginx,
  startNginx,
  startRelay,
} from '../support/deployment.ts';

const CLOCK = '2026-06-02T10:00:00+02:00';
/** Well-formed codes (right check character) of no card: 404 answers. */
const UNKNOWN = ['0000-0000-0000-0'];

function why(): string | null {
  if (!existsSync(NGINX)) return `${NGINX} not found — apt-get install -y nginx to run the deployment test`;
  if (!postgresUrl) return 'LMA_TEST_DATABASE_URL is not set — the deployment runs on PostgreSQL';
  return null;
}
const missing = why();

/** The instances' environment: behind one proxy, a pinned clock, no abuse limit in the way of load. */
function instanceEnv(port: number, databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    LMA_HOST: '127.0.0.1',
    PUBLIC_BASE_URL: 'https://lmakort.example.se',
    LMA_TRUST_PROXY: 'true',
    LMA_TRUST_PROXY_HOPS: '1',
    LMA_CLOCK: CLOCK,
    LMA_ABUSE_LIMIT: '1000000',
    LMA_LOG_LEVEL: 'warn',
    LMA_REDIS_URL: '',
    LMA_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'lmakort-deploy-')), 'data'),
  };
}

/** Whether nginx's log shows `port` answering a lookup (200 or 404) in `log`. */
function answeredBy(log: string, port: number): boolean {
  return log.split('\n').some((line) => {
    const [addresses = '', statuses = ''] = line.split('|');
    const a = addresses.split(', ');
    const s = statuses.split(', ');
    return a.some((address, i) => address === `127.0.0.1:${port}` && (s[i] === '200' || s[i] === '404'));
  });
}

if (missing && process.env.LMA_REQUIRE_NGINX === '1') {
  describe('deployment: nginx in front of two instances', () => {
    it('needs nginx and PostgreSQL', () => assert.fail(`LMA_REQUIRE_NGINX=1 but ${missing}`));
  });
} else {
  describe('deployment: nginx in front of two instances (deploy/)', { skip: missing ?? false }, () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let relay: Awaited<ReturnType<typeof startRelay>>;
    let nginx: RunningNginx;
    let a: ServerProcess;
    let b: ServerProcess;
    let ports: [number, number];
    let bDatabaseUrl: string;
    /** Every lookup path sent under load, with the answer instance A gave directly. */
    const reference = new Map<string, { status: number; body: string }>();

    before(
      async () => {
        database = await createPostgresDatabase();
        relay = await startRelay(new URL(database.url));
        const viaRelay = new URL(database.url);
        viaRelay.hostname = '127.0.0.1';
        viaRelay.port = String(relay.port);
        bDatabaseUrl = viaRelay.toString();
        const demo = await runCli(['demo'], { DATABASE_URL: database.url, LMA_CLOCK: CLOCK });
        assert.equal(demo.code, 0, demo.stderr);
        // The demo also prints a mistyped code (400); the load here is of well-formed codes only.
        const codes = [...demo.stdout.matchAll(/\/k\/([0-9A-Z]+)/g)]
          .map((m) => m[1] as string)
          .filter((c) => parseCardCode(c).ok);
        assert.ok(codes.length >= 6, demo.stdout);
        ports = [await freePort(), await freePort()];
        [a, b] = await Promise.all([
          startServer([], instanceEnv(ports[0], database.url)),
          startServer([], instanceEnv(ports[1], bDatabaseUrl)),
        ]);
        nginx = await startNginx(ports);
        const paths = [
          ...codes.map((c) => `/api/v1/status/${c}`),
          ...UNKNOWN.map((c) => `/api/v1/status/${c}`),
          `/k/${codes[0]}?lang=en`,
          `/k/${codes[1]}`,
        ];
        for (const path of paths) {
          const direct = await fetch(`${a.url}${path}`);
          reference.set(path, { status: direct.status, body: await direct.text() });
          const other = await fetch(`${b.url}${path}`);
          assert.equal(await other.text(), reference.get(path)?.body, `the instances agree on ${path}`);
        }
        assert.ok([...reference.values()].every((r) => r.status === 200 || r.status === 404));
      },
      { timeout: 180_000 },
    );
    after(async () => {
      a?.child.kill('SIGKILL');
      b?.child.kill('SIGKILL');
      await Promise.all([a?.exited, b?.exited]);
      await nginx?.stop();
      await relay?.close();
      await database?.drop();
    });

    it('speaks HTTPS and HTTP/2 with a certificate; plain http is sent to https', async () => {
      const client = http2Client(nginx.httpsPort, nginx.cert);
      try {
        const r = await client.get('/healthz');
        assert.equal(r.status, 200);
        assert.equal(client.session().alpnProtocol, 'h2');
        assert.match(String(r.headers['strict-transport-security']), /max-age=\d+/);
      } finally {
        client.close();
      }
      const plain = await fetch(`http://127.0.0.1:${nginx.httpPort}/k/`, { redirect: 'manual' });
      assert.equal(plain.status, 301);
      assert.match(plain.headers.get('location') ?? '', /^https:\/\/127\.0\.0\.1(:\d+)?\/k\/$/);
    });

    it('kill -9 of one instance under load: ≥ 99.9 % of lookups answer, none wrongly; restarted, it answers again', {
      timeout: 240_000,
    }, async (t) => {
      const client = http2Client(nginx.httpsPort, nginx.cert);
      const paths = [...reference.keys()];
      const tally = { sent: 0, right: 0, wrong: 0, failed: 0 };
      const failures = new Map<string, number>();
      let stop = false;
      const waiters: { done: number; resolve: () => void }[] = [];
      const reached = (done: number) =>
        new Promise<void>((resolve) => {
          if (tally.right + tally.wrong + tally.failed >= done) resolve();
          else waiters.push({ done, resolve });
        });
      const record = (path: string, answer: Answer | Error) => {
        const want = reference.get(path) as { status: number; body: string };
        if (answer instanceof Error) {
          tally.failed++;
          failures.set(answer.message, (failures.get(answer.message) ?? 0) + 1);
        } else if (answer.status === want.status && answer.body === want.body) tally.right++;
        else if (answer.status === 200 || answer.status === 404) tally.wrong++;
        else {
          tally.failed++;
          failures.set(String(answer.status), (failures.get(String(answer.status)) ?? 0) + 1);
        }
        const done = tally.right + tally.wrong + tally.failed;
        for (const w of waiters.filter((x) => x.done <= done)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      };
      const worker = async () => {
        while (!stop) {
          const path = paths[tally.sent++ % paths.length] as string;
          record(path, await client.get(path).catch((error: Error) => error));
        }
      };
      const started = performance.now();
      const workers = Array.from({ length: 16 }, worker);

      await reached(1500);
      assert.ok(answeredBy(nginx.upstreamLog(), ports[1]), 'B answered lookups before it was killed');
      b.child.kill('SIGKILL');
      await b.exited;
      const killedAt = tally.right + tally.wrong + tally.failed;
      await reached(killedAt + 1500);
      const logBeforeRestart = nginx.upstreamLog().length;
      b = await startServer([], instanceEnv(ports[1], bDatabaseUrl));
      // nginx tries B again once its fail_timeout has passed: wait for the load to reach it.
      const deadline = Date.now() + 60_000;
      let rejoined = false;
      while (!rejoined && Date.now() < deadline) {
        await reached(tally.right + tally.wrong + tally.failed + 200);
        rejoined = answeredBy(nginx.upstreamLog().slice(logBeforeRestart), ports[1]);
      }
      await reached(tally.right + tally.wrong + tally.failed + 1000);
      stop = true;
      await Promise.all(workers);
      client.close();
      const seconds = (performance.now() - started) / 1000;
      const total = tally.right + tally.wrong + tally.failed;
      t.diagnostic(
        `${total} lookups in ${seconds.toFixed(1)} s through nginx (HTTP/2, 16 streams): ${tally.right} right, ` +
          `${tally.wrong} wrong, ${tally.failed} failed ${JSON.stringify(Object.fromEntries(failures))}`,
      );
      assert.ok(rejoined, 'the restarted instance answered lookups through nginx again');
      assert.equal(tally.wrong, 0, 'no lookup answered a wrong result');
      assert.ok(tally.right / total >= 0.999, `${tally.right} of ${total} lookups answered`);
    });

    it('caches the status lists for as long as their Cache-Control says, the same bytes', async () => {
      const client = http2Client(nginx.httpsPort, nginx.cert);
      try {
        const index = await client.get('/status-lists');
        assert.equal(index.status, 200);
        const first = new URL((JSON.parse(index.body) as { lists: string[] }).lists[0] as string).pathname;
        const direct = await fetch(`${a.url}${first}`);
        const directBody = await direct.text();
        const miss = await client.get(first);
        const hit = await client.get(first);
        assert.equal(miss.status, 200);
        assert.equal(miss.headers['x-cache-status'], 'MISS');
        assert.equal(hit.headers['x-cache-status'], 'HIT');
        assert.equal(hit.headers['cache-control'], direct.headers.get('cache-control'));
        assert.match(String(hit.headers['cache-control']), /^public, max-age=\d+$/);
        assert.equal(hit.body, directBody);
        // Lookups are never cached (Cache-Control: no-store).
        const lookup = await client.get([...reference.keys()][0] as string);
        assert.equal(lookup.headers['x-cache-status'], undefined);
      } finally {
        client.close();
      }
    });

    it('an instance cut off from PostgreSQL says so at /readyz and answers 503; lookups through nginx keep their answers', async () => {
      relay.cut();
      try {
        const ready = await fetch(`${b.url}/readyz`);
        assert.equal(ready.status, 503);
        const body = (await ready.json()) as { failed: string[] };
        assert.ok(body.failed.includes('database'), JSON.stringify(body));
        // Once it has noticed that it cannot hear the others' changes, its own lookups answer 503
        // "could not check" — which is what makes nginx send them to the other instance.
        const probe = `${b.url}${[...reference.keys()][0]}`;
        let direct = await fetch(probe);
        for (let i = 0; direct.status !== 503 && i < 100; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          direct = await fetch(probe);
        }
        assert.equal(direct.status, 503, 'the cut-off instance answers "could not check"');
        const client = http2Client(nginx.httpsPort, nginx.cert);
        try {
          for (let i = 0; i < 200; i++) {
            const path = [...reference.keys()][i % reference.size] as string;
            const r = await client.get(path);
            assert.equal(r.body, reference.get(path)?.body, path);
          }
        } finally {
          client.close();
        }
      } finally {
        relay.restore();
      }
      assert.equal((await fetch(`${a.url}/readyz`)).status, 200, 'the other instance stays ready');
    });

    it('the systemd units have no errors systemd-analyze can see', {
      skip: !existsSync('/usr/bin/systemd-analyze') && 'no systemd-analyze',
    }, () => {
      const dir = mkdtempSync(join(tmpdir(), 'lmakort-units-'));
      const units = new URL('../../deploy/systemd/', import.meta.url).pathname;
      execFileSync('cp', [`${units}lmakort@.service`, join(dir, 'lmakort@3001.service')]);
      execFileSync('cp', [`${units}lmakort-migrate.service`, dir]);
      const r = spawnSync(
        'systemd-analyze',
        ['verify', '--man=no', join(dir, 'lmakort@3001.service'), join(dir, 'lmakort-migrate.service')],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(`${r.stdout}${r.stderr}`.trim(), '');
    });
  });
}
