// The server's backup tarball, read back by GNU tar: every directory and file, byte for byte, long
// paths included, named from the root with a leading "/" as PGlite's own dump names them. It is
// written on a worker thread of its own: the copy completes while the main thread is blocked, and the
// copy's errors come back from that thread as rejections.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeDataDirTarGzOffThread } from '../../src/store/data-dir-tar.ts';

describe('data directory tarball', () => {
  const work = mkdtempSync(join(tmpdir(), 'lmakort-tar-'));
  after(() => rmSync(work, { recursive: true, force: true }));

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

  it('is one gzip stream across many compressed pieces, as `lmakort restore` (the Web DecompressionStream) reads it', async () => {
    // Several MiB, so the archive is compressed in several pieces; half random, half compressible.
    const big = join(work, 'big');
    mkdirSync(big);
    const content = Buffer.concat([randomBytes(2_500_000), Buffer.alloc(2_500_000, 0x4c)]);
    writeFileSync(join(big, 'relation'), content);
    const file = join(work, 'big.tar.gz');
    await writeDataDirTarGzOffThread(big, file);
    const gz = readFileSync(file);
    // Node 24's DecompressionStream refuses anything after the first gzip member's end.
    let tar = Buffer.alloc(0);
    for await (const chunk of new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip')))
      tar = Buffer.concat([tar, chunk]);
    assert.equal(tar.length % 512, 0);
    assert.ok(tar.includes(content.subarray(0, 4096)), 'the file is in the tarball');
    assert.ok(tar.subarray(512, 512 + content.length).equals(content), 'byte for byte after its header');
  });

  it('holds every directory and file as GNU tar reads them', async () => {
    const file = join(work, 'backup.tar.gz');
    await writeDataDirTarGzOffThread(root, file);
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

  it('is made on another thread: the archive completes while the main thread is blocked', async () => {
    const file = join(work, 'while-blocked.tar.gz');
    const copied = writeDataDirTarGzOffThread(root, file);
    // Blocks this thread's event loop until the archive is a whole gzip stream. Made on this thread,
    // the copy could not take a step meanwhile, and the wait would end only at its time limit.
    const wait = spawnSync(
      'sh',
      ['-c', 'until gzip -t "$1" 2>/dev/null; do sleep 0.01; done', 'wait', file],
      {
        timeout: 30_000,
      },
    );
    assert.equal(wait.status, 0, 'the archive was complete before the main thread ran again');
    await copied;
    execFileSync('tar', ['-tzf', file]);
  });

  it('rejects with the copy error when the directory is missing', async () => {
    const missing = join(work, 'no-such-dir');
    await assert.rejects(
      writeDataDirTarGzOffThread(missing, join(work, 'missing.tar.gz')),
      (error: Error) => {
        assert.match(error.message, /ENOENT/);
        assert.ok(error.message.includes(missing), error.message);
        assert.equal((error as NodeJS.ErrnoException).code, 'ENOENT');
        return true;
      },
    );
  });

  it('rejects when the thread stops without an answer, or fails before it can give one', async () => {
    const out = join(work, 'never.tar.gz');
    const exits = new URL('data:text/javascript,process.exit(3)');
    await assert.rejects(writeDataDirTarGzOffThread(root, out, { entry: exits }), {
      message: 'the backup thread stopped (exit code 3) before the copy was done',
    });
    const throws = new URL(`data:text/javascript,${encodeURIComponent("throw new Error('no tsx here')")}`);
    await assert.rejects(writeDataDirTarGzOffThread(root, out, { entry: throws }), {
      message: 'no tsx here',
    });
  });

  it("starts the thread with the priority it is given, whatever the process's LMA_BACKGROUND_PRIORITY says", async () => {
    // This entry answers with the setting it was started with, as a failure so the copy stops there.
    const tells = new URL(
      `data:text/javascript,${encodeURIComponent(
        "import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ ok: false, message: String(process.env.LMA_BACKGROUND_PRIORITY) });",
      )}`,
    );
    const out = join(work, 'never.tar.gz');
    for (const priority of ['idle', 'nice'] as const) {
      await assert.rejects(writeDataDirTarGzOffThread(root, out, { entry: tells, priority }), {
        message: priority,
      });
    }
  });

  const shortFile = '/sys/devices/system/cpu/online'; // stat says 4096 bytes; it reads a few
  it('rejects with "changed size" when a file reads shorter than its size said', {
    skip: !existsSync(shortFile) && `needs ${shortFile} (Linux)`,
  }, async () => {
    const shrinking = join(work, 'shrinking');
    mkdirSync(shrinking);
    writeFileSync(join(shrinking, 'PG_VERSION'), '17\n');
    symlinkSync(shortFile, join(shrinking, 'online'));
    await assert.rejects(
      writeDataDirTarGzOffThread(shrinking, join(work, 'shrinking.tar.gz')),
      /^Error: \/online changed size while it was copied$/,
    );
  });
});
