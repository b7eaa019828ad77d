// `lmakort doctor`, run as an operator runs it: every check says ok, or what is wrong and how to fix
// it, and the exit status is 1 when anything is wrong. It changes nothing it checks.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { supportedNode } from '../../src/cli/doctor.ts';
import { listMigrations } from '../../src/store/migrate.ts';
import { createPostgresDatabase, postgresUrl } from '../support/backends.ts';
import { runCli, tempDataDir } from '../support/cli.ts';

/** The environment without anything from the caller's that doctor reads. */
const clean = {
  DATABASE_URL: undefined,
  LMA_LETTER_DIR: undefined,
  LMA_CLOCK: undefined,
  LMA_RULEBOOK_DIR: undefined,
};

describe('lmakort doctor', () => {
  it('a migrated embedded database: every check ok, exit 0', async () => {
    const dataDir = tempDataDir();
    const env = { ...clean, LMA_DATA_DIR: dataDir };
    assert.equal((await runCli(['migrate'], env)).code, 0);
    const r = await runCli(['doctor'], env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const check of [
      'Node.js',
      'configuration',
      'rulebooks',
      'folders',
      'database',
      'migrations',
      'signing keys',
    ])
      assert.match(r.stdout, new RegExp(`^ok +${check} `, 'm'), check);
    assert.match(r.stdout, /nothing wrong found/);
    assert.doesNotMatch(r.stdout, /FAIL/);
  });

  it('a fresh installation: no database yet is a note, not a problem, and doctor does not make one', async () => {
    const dataDir = tempDataDir();
    const r = await runCli(['doctor'], { ...clean, LMA_DATA_DIR: dataDir });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^note +database +no embedded database in .* yet/m);
    assert.ok(!existsSync(dataDir), 'the data directory is left as it was');
  });

  it('wrong settings: each is named with its fix, template placeholders too, exit 1', async () => {
    const r = await runCli(['doctor'], {
      ...clean,
      LMA_DATA_DIR: tempDataDir(),
      LMA_ABUSE_LIMIT: 'lots',
      LMA_METRICS_TOKEN: 'CHANGE-ME-to-24-or-more-characters',
    });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL +configuration +LMA_ABUSE_LIMIT must be a whole number/m);
    assert.match(r.stdout, /^FAIL +configuration +LMA_METRICS_TOKEN still holds the template's CHANGE-ME/m);
    assert.match(r.stdout, /fix: set a real value for LMA_METRICS_TOKEN/);
    assert.match(r.stdout, /2 problems to fix/);
  });

  it('a letter folder that cannot be written, and pending migrations, are problems with their fixes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lmakort-doctor-'));
    writeFileSync(join(dir, 'a-file'), '');
    const dataDir = tempDataDir();
    // A database as an older version left it: its last migration not applied (its record removed).
    assert.equal((await runCli(['migrate'], { ...clean, LMA_DATA_DIR: dataDir })).code, 0);
    const { openEmbedded } = await import('../../src/store/db.ts');
    const db = await openEmbedded(dataDir, 'test');
    await db.query("DELETE FROM schema_migrations WHERE name = '0007_status_list.sql'");
    await db.close();
    const r = await runCli(['doctor'], {
      ...clean,
      LMA_DATA_DIR: dataDir,
      LMA_LETTER_DIR: join(dir, 'a-file', 'letters'),
    });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL +folders +LMA_LETTER_DIR .* cannot be written/m);
    assert.match(r.stdout, /^FAIL +migrations +1 not applied: 0007_status_list\.sql/m);
    assert.match(r.stdout, /fix: `lmakort migrate`/);
  });

  it('a PostgreSQL server that does not answer: named without its password, exit 1', async () => {
    const r = await runCli(['doctor'], {
      ...clean,
      DATABASE_URL: 'postgres://lma:s3cret-pw@127.0.0.1:1/lmakort',
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^FAIL +database +cannot reach PostgreSQL at postgres:\/\/lma:\*\*\*@127\.0\.0\.1:1\/lmakort/m,
    );
    assert.match(r.stdout, /fix: start PostgreSQL, or correct DATABASE_URL/);
    assert.ok(!r.stdout.includes('s3cret-pw'));
  });

  it('on PostgreSQL: migrations, the clock against the server, and the signing key', {
    skip: !postgresUrl && 'LMA_TEST_DATABASE_URL not set',
  }, async () => {
    const fresh = await createPostgresDatabase();
    try {
      const env = { ...clean, DATABASE_URL: fresh.url };
      const before = await runCli(['doctor'], env);
      assert.equal(before.code, 1);
      assert.match(
        before.stdout,
        new RegExp(`^FAIL +migrations +${listMigrations().length} not applied`, 'm'),
      );
      // A server start makes the first signing key; `keys rotate` does the same from the CLI.
      assert.equal((await runCli(['keys', 'rotate'], env)).code, 0);
      const r = await runCli(['doctor'], env);
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^ok +clock +within 2 s of the database server's/m);
      assert.match(r.stdout, /^ok +signing keys +active key \S+ signs/m);
    } finally {
      await fresh.drop();
    }
  });

  it('knows the Node.js versions the project runs on', () => {
    for (const v of ['20.19.0', '20.20.2', '22.12.0', '24.0.0', '25.1.0']) assert.ok(supportedNode(v), v);
    for (const v of ['18.20.0', '20.18.1', '21.7.0', '22.11.0']) assert.ok(!supportedNode(v), v);
  });
});
