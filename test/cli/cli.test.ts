// C8 and S4 with the real executable: clear refusals, one process per embedded data directory,
// tokens printed last, and every acknowledged write surviving kill -9.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { officerApi, runCli, startServer, tempDataDir } from '../support/cli.ts';
import type { Json } from '../support/http.ts';

const CLOCK = '2026-06-02T10:00:00+02:00';

describe('lmakort CLI', () => {
  it('C8: an unknown command or option is a usage error (exit 2) naming the problem', async () => {
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const inherited = await runCli(['constructor']);
    assert.equal(inherited.code, 2, 'a name every object has is not a command');
    assert.match(inherited.stderr, /unknown command "constructor"/);
    const role = await runCli(['token', 'create', '--role', 'boss']);
    assert.equal(role.code, 2);
    assert.match(role.stderr, /--role must be officer or admin/);
    const cards = await runCli(['demo', '--cards', 'many']);
    assert.equal(cards.code, 2);
    assert.match(cards.stderr, /--cards must be a whole number/);
  });

  it('C8: production refuses LMA_CLOCK and a missing PUBLIC_BASE_URL, saying which', async () => {
    const r = await runCli(['migrate'], { NODE_ENV: 'production', LMA_CLOCK: CLOCK, PUBLIC_BASE_URL: '' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /LMA_CLOCK is refused when NODE_ENV=production/);
    assert.match(r.stderr, /PUBLIC_BASE_URL is required in production/);
    const bad = await runCli(['migrate'], { LMA_CLOCK: 'yesterday' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /LMA_CLOCK must be an ISO 8601 instant/);
  });

  it('C8: a bad LMA_REDIS_URL is refused, saying what it must be', async () => {
    const r = await runCli(['migrate'], { LMA_REDIS_URL: 'localhost:6379' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /LMA_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('C8: token create prints the token as the last line; only its hash is stored', async () => {
    const dataDir = tempDataDir();
    const r = await runCli(['token', 'create', '--role', 'admin', '--name', 'first-admin'], {
      LMA_DATA_DIR: dataDir,
    });
    assert.equal(r.code, 0, r.stderr);
    const token = r.stdout.trim().split('\n').at(-1) as string;
    assert.match(token, /^lma_[A-Za-z0-9_-]{43}$/);
    assert.ok(!grepDir(dataDir, token), 'the token itself is nowhere in the data directory');
  });

  it('S3: token create refuses a name with a control character and makes no token', async () => {
    const dataDir = tempDataDir();
    const r = await runCli(['token', 'create', '--role', 'officer', '--name', 'region\tsystem'], {
      LMA_DATA_DIR: dataDir,
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--name must not contain control characters/);
    assert.doesNotMatch(r.stdout, /lma_/);
  });

  it('C9: keys rotate makes a new signing key, keeps the old one published, and revoke names a missing key', async () => {
    const env = { LMA_DATA_DIR: tempDataDir(), LMA_CLOCK: CLOCK };
    const first = await runCli(['keys', 'list'], env);
    assert.equal(first.code, 0, first.stderr);
    const [oldKid] = first.stdout.trim().split(/\s+/);
    assert.match(first.stdout, /active/);
    const rotated = await runCli(['keys', 'rotate'], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, new RegExp(`retired \\(still published\\): ${oldKid}`));
    assert.match(rotated.stdout, new RegExp(`${oldKid}\\s+retired`));
    const missing = await runCli(['keys', 'revoke', 'no-such-kid'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no unrevoked key "no-such-kid"/);
    // A key id is base64url and may begin with "-": it is read as the key id, not as an option.
    const dashed = await runCli(['keys', 'revoke', '-aBc_9'], env);
    assert.equal(dashed.code, 1, dashed.stderr);
    assert.match(dashed.stderr, /no unrevoked key "-aBc_9"/);
    const usage = await runCli(['keys', 'revoke'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: lmakort keys list/);
  });

  it('S4, C8: every acknowledged write survives kill -9, and a second process cannot open the data directory', async () => {
    const dataDir = tempDataDir();
    const env = { LMA_DATA_DIR: dataDir, LMA_CLOCK: CLOCK };
    const made = await runCli(['token', 'create', '--role', 'officer'], env);
    const token = made.stdout.trim().split('\n').at(-1) as string;

    const server = await startServer([], env);
    const api = officerApi(() => server.url, token);

    const locked = await runCli(['migrate'], env);
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /in use by another lmakort process \(pid \d+, "serve"/);

    // Acknowledged writes: applicants with an active card each, then visits, a decision, AT-UND.
    const acknowledged: { id: string; code: string; expect: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const reg = (await (
        await api('POST', '/applicants', {
          givenName: `Kill${i}`,
          familyName: 'Nine',
          birthDate: '1990-01-01',
          nationality: 'SOM',
          language: 'so',
        })
      ).json()) as Json;
      await api('POST', `/applicants/${reg.id}/fingerprints`, {});
      const photo = await fetch(`${server.url}/api/v1/applicants/${reg.id}/photo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        body: readFileSync(new URL('../../docs/samples/photo.png', import.meta.url)),
      });
      const card = ((await photo.json()) as Json).cardOrdered;
      await api('POST', `/cards/${card.id}/produced`);
      const last = await api('POST', `/cards/${card.id}/handover`, {});
      assert.equal(last.status, 200);
      acknowledged.push({ id: reg.id, code: card.code, expect: 'valid' });
    }
    const decided = acknowledged[2] as { id: string; code: string; expect: string };
    assert.equal(
      (await api('POST', `/applicants/${decided.id}/decisions`, { type: 'withdrawn' })).status,
      201,
    );
    decided.expect = 'not_valid';
    // The very last acknowledged write before the kill.
    const final = acknowledged[7] as { id: string; code: string; expect: string };
    assert.equal((await api('PUT', `/applicants/${final.id}/at-und`, { granted: true })).status, 200);
    final.expect = 'valid+atUnd';

    // P1: a looked-up code that matches no card leaves no trace anywhere.
    const probe = '7Z7Z-7Z7Z-7Z7Z-';
    const unknownCode = await firstWellFormedUnknown(server.url, probe);
    server.child.kill('SIGKILL');
    await server.exited;

    const again = await startServer([], env);
    try {
      for (const a of acknowledged) {
        const r = (await (await fetch(`${again.url}/api/v1/status/${a.code}`)).json()) as Json;
        assert.equal(`${r.result}${r.atUnd ? '+atUnd' : ''}`, a.expect, `card ${a.code} after kill -9`);
        const view = (await (
          await fetch(`${again.url}/api/v1/applicants/${a.id}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as Json;
        assert.equal(view.cards[0].state, 'active');
      }
      assert.match(again.output(), /ready in \d+ ms; clock pinned at 2026-06-02T08:00:00.000Z/);
    } finally {
      again.child.kill('SIGTERM');
      assert.equal(await again.exited, 0, 'a graceful stop exits 0');
    }
    // P1: neither output nor data directory holds a looked-up code, a client address or user agent.
    const output = server.output() + again.output();
    for (const a of acknowledged) assert.ok(!output.includes(a.code), 'a looked-up code in the output');
    assert.ok(!output.includes(unknownCode), 'an unknown looked-up code in the output');
    assert.doesNotMatch(output, /remoteAddress|"ip"|user-agent|ProbeAgent/i);
    const stored = (acknowledged[0] as { code: string }).code;
    assert.ok(grepDir(dirname(dataDir), stored), 'the search does see what is stored (a card code)');
    assert.ok(!grepDir(dirname(dataDir), unknownCode), 'an unknown looked-up code in the data directory');
    assert.ok(!grepDir(dirname(dataDir), 'ProbeAgent'), 'a user agent in the data directory');
  });
});

/** Looks up well-formed codes no card has (each with a test user agent) and returns one. */
async function firstWellFormedUnknown(url: string, prefix: string): Promise<string> {
  for (const check of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
    const res = await fetch(`${url}/api/v1/status/${prefix}${check}`, {
      headers: { 'user-agent': 'ProbeAgent/9' },
    });
    if (res.status === 404) return `${prefix}${check}`.replaceAll('-', '');
  }
  throw new Error('no well-formed code found');
}

function grepDir(dir: string, needle: string): boolean {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = `${entry.parentPath ?? dirname(entry.name)}/${entry.name}`;
    if (readFileSync(path).includes(needle)) return true;
  }
  return false;
}
