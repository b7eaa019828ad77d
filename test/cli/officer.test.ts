// `lmakort officer create`: the first admin, the password read from standard input and
// stored only as a scrypt hash; short passwords, bad names and roles refused with a clear line.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempDataDir } from '../support/cli.ts';

function allBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(readFileSync(join(entry.parentPath, entry.name)));
  }
  return Buffer.concat(parts);
}

describe('lmakort officer create', () => {
  it('makes the first admin from a password on standard input; the password is stored nowhere in clear', async () => {
    const dataDir = tempDataDir();
    const password = 'Lösenord-för-första-admin';
    const r = await runCli(
      ['officer', 'create', '--username', 'Ada.Admin', '--role', 'admin'],
      { LMA_DATA_DIR: dataDir },
      `${password}\n`,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'officer "ada.admin" (admin) created; sign in at /officer/');
    assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password));
    assert.ok(!allBytes(dataDir).includes(Buffer.from(password)), 'not in the data directory');

    const again = await runCli(
      ['officer', 'create', '--username', 'ada.admin', '--role', 'officer'],
      { LMA_DATA_DIR: dataDir },
      `${password}\n`,
    );
    assert.equal(again.code, 1);
    assert.match(again.stderr, /the username ada\.admin is taken/);
  });

  it('refuses a short password, a bad name, a missing name and an unknown role (exit 2), writing nothing', async () => {
    const dataDir = tempDataDir();
    const env = { LMA_DATA_DIR: dataDir };
    const short = await runCli(
      ['officer', 'create', '--username', 'bo', '--role', 'officer'],
      env,
      'short\n',
    );
    assert.equal(short.code, 2);
    assert.match(short.stderr, /password \(first line of standard input\) needs at least 12 characters/);
    const empty = await runCli(['officer', 'create', '--username', 'bo', '--role', 'officer'], env, '');
    assert.equal(empty.code, 2);
    const name = await runCli(
      ['officer', 'create', '--username', 'bo bo', '--role', 'officer'],
      env,
      'long enough password\n',
    );
    assert.equal(name.code, 2);
    assert.match(name.stderr, /--username must be 2–40 characters/);
    const missing = await runCli(['officer', 'create', '--role', 'officer'], env, 'long enough password\n');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--username is required/);
    const role = await runCli(
      ['officer', 'create', '--username', 'bo', '--role', 'boss'],
      env,
      'long enough password\n',
    );
    assert.equal(role.code, 2);
    assert.match(role.stderr, /--role must be officer, admin or auditor/);
    const ok = await runCli(
      ['officer', 'create', '--username', 'bo', '--role', 'auditor'],
      env,
      'long enough password\n',
    );
    assert.equal(ok.code, 0, 'the name was still free: nothing was written by the refusals');
  });
});
