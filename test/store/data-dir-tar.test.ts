// The server's backup tarball, read back by GNU tar: every directory and file, byte for byte, long
// paths included, named from the root with a leading "/" as PGlite's own dump names them.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeDataDirTarGz } from '../../src/store/data-dir-tar.ts';

describe('data directory tarball', () => {
  const work = mkdtempSync(join(tmpdir(), 'lmakort-tar-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('holds every directory and file as GNU tar reads them', async () => {
    const root = join(work, 'pg');
    const deep = join(root, 'base', 'a'.repeat(90), 'b'.repeat(40));
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(root, 'empty'));
    const files: Record<string, Buffer> = {
      PG_VERSION: Buffer.from('17\n'),
      'base/16384': randomBytes(3 * 65536 + 17),
      [`base/${'a'.repeat(90)}/${'b'.repeat(40)}/long-named-file`]: randomBytes(1000),
      'empty-file': Buffer.alloc(0),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(root, name), bytes);

    const file = join(work, 'backup.tar.gz');
    await writeDataDirTarGz(root, file);
    const listed = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n');
    assert.ok(listed.includes('/PG_VERSION'), listed.join(', '));
    assert.ok(listed.includes('/empty'), 'an empty directory is an entry of its own');
    assert.ok(listed.some((l) => l.endsWith('/long-named-file')));

    const out = join(work, 'out');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', file, '-C', out]);
    for (const [name, bytes] of Object.entries(files)) {
      assert.ok(readFileSync(join(out, name)).equals(bytes), name);
    }
  });
});
