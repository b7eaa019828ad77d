// With the real executable: SIGTERM lets an in-flight request finish and releases the data
// directory; backup (directly and through a running server) and restore into fresh directories, after
// which every card answers exactly as before.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openEmbedded } from '../../src/store/db.ts';
import { runCli, type ServerProcess, startServer, tempDataDir } from '../support/cli.ts';

const CLOCK = '2026-06-02T10:00:00+02:00';

async function stop(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

async function allCodes(dataDir: string): Promise<string[]> {
  const db = await openEmbedded(dataDir, 'test');
  try {
    const { rows } = await db.query<{ code: string }>('SELECT code FROM cards ORDER BY code');
    return rows.map((r) => r.code);
  } finally {
    await db.close();
  }
}

async function answers(url: string, codes: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const code of codes) {
    const r = await fetch(`${url}/api/v1/status/${code}`);
    out.push(`${r.status} ${await r.text()}`);
  }
  return out;
}

describe('lmakort operations', () => {
  it('SIGTERM during an in-flight request: it finishes, the process exits 0 and the data directory is free at once', async () => {
    const dataDir = tempDataDir();
    const env = { LMA_DATA_DIR: dataDir, LMA_CLOCK: CLOCK };
    const token = (await runCli(['token', 'create', '--role', 'officer'], env)).stdout
      .trim()
      .split('\n')
      .at(-1);
    const server = await startServer([], env);
    const body = JSON.stringify({
      givenName: 'Inflight',
      familyName: 'Request',
      birthDate: '1990-01-01',
      nationality: 'SYR',
      language: 'ar',
    });
    // Expect: 100-continue: the server says "continue" only once the request is in its hands, so the
    // signal is sent while the request is certainly in flight (its body not yet sent).
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/v1/applicants`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
        },
      });
      req.on('continue', () => {
        server.child.kill('SIGTERM');
        // The server handles the signal on its event loop; the body follows in the next turns.
        setImmediate(() => req.end(body));
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    const answer = await response;
    assert.equal(answer.status, 201, answer.text);
    assert.equal(await server.exited, 0, server.output());
    assert.ok(!existsSync(join(dataDir, 'lmakort.lock')), 'the lock is released');
    const db = await openEmbedded(dataDir, 'test'); // a new process could open it right away
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM applicants WHERE given_name = 'Inflight'",
    );
    await db.close();
    assert.equal(rows[0]?.n, 1, 'the acknowledged write is there');
  });

  it('backup (direct and through the server) and restore: every card answers exactly as before', async () => {
    const dataDir = tempDataDir();
    const env = { LMA_DATA_DIR: dataDir, LMA_CLOCK: CLOCK };
    assert.equal((await runCli(['demo', '--cards', '200'], env)).code, 0);
    const admin = (await runCli(['token', 'create', '--role', 'admin'], env)).stdout
      .trim()
      .split('\n')
      .at(-1) as string;
    const codes = await allCodes(dataDir);
    assert.ok(codes.length > 200, `${codes.length} cards`);

    const direct = join(tempDataDir(), '..', 'direct.tar.gz');
    const b1 = await runCli(['backup', '--out', direct], env);
    assert.equal(b1.code, 0, b1.stderr);
    assert.match(b1.stdout, /backup written to .*direct\.tar\.gz \(\d+ bytes, \d+ ms\)/);

    const server = await startServer([], env);
    let before: string[];
    const viaServer = join(tempDataDir(), '..', 'via-server.tar.gz');
    try {
      before = await answers(server.url, codes);
      const refused = await runCli(['backup', '--out', join(tempDataDir(), '..', 'x.tar.gz')], env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /in use by another lmakort process[\s\S]*--server URL --token/);
      const refusedRestore = await runCli(['restore', direct, '--force'], env);
      assert.equal(refusedRestore.code, 1);
      assert.match(refusedRestore.stderr, /in use by another lmakort process[\s\S]*Stop the server/);
      const officerRefused = await runCli(
        ['backup', '--out', viaServer, '--server', server.url, '--token', 'lma_nope'],
        env,
      );
      assert.equal(officerRefused.code, 1);
      assert.match(officerRefused.stderr, /answered 401/);
      const b2 = await runCli(['backup', '--out', viaServer, '--server', server.url, '--token', admin], env);
      assert.equal(b2.code, 0, b2.stderr);
    } finally {
      assert.equal(await stop(server), 0);
    }

    for (const file of [direct, viaServer]) {
      const target = tempDataDir();
      const r = await runCli(['restore', file], { LMA_DATA_DIR: target });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`${codes.length} cards`));
      const again = await runCli(['restore', file], { LMA_DATA_DIR: target });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /is not empty .*--force/);
      const restored = await startServer([], { LMA_DATA_DIR: target, LMA_CLOCK: CLOCK });
      try {
        assert.deepEqual(await answers(restored.url, codes), before, `${file} restores every answer`);
      } finally {
        assert.equal(await stop(restored), 0);
      }
    }
    const forced = await runCli(['restore', direct, '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
  });

  it('with DATABASE_URL, backup and restore point to pg_dump / pg_restore', async () => {
    const r = await runCli(['backup', '--out', '/tmp/never.tar.gz'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pg_dump/);
    const s = await runCli(['restore', '/tmp/never.tar.gz'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    assert.equal(s.code, 1);
    assert.match(s.stderr, /pg_restore/);
  });
});
