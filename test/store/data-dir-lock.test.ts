// One process per embedded data directory (S4): a lock file that cannot be read is taken as held
// (the error names it), a lock is taken over only from a process that is provably gone, and a
// process never deletes a lock it did not make.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DataDirLockedError, lockDataDir, openEmbedded } from '../../src/store/db.ts';

function dataDirWithLock(content: string | null): { dir: string; lock: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'lmakort-lock-')), 'data');
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'lmakort.lock');
  if (content !== null) writeFileSync(lock, content);
  return { dir, lock };
}

/** The pid of a process that has ended (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(String(r.stdout));
}

describe('the embedded data directory lock', () => {
  for (const [what, content] of [
    ['that is empty', ''],
    ['that is damaged', '{"pid": 12'],
    ['without a pid', '{"command":"serve"}'],
  ] as const) {
    it(`a lock file ${what} is taken as held: refused, the file named and left in place`, async () => {
      const { dir, lock } = dataDirWithLock(content);
      await assert.rejects(openEmbedded(dir, 'serve'), (error: Error) => {
        assert.ok(error instanceof DataDirLockedError);
        assert.match(error.message, new RegExp(lock.replaceAll('/', '\\/')));
        return true;
      });
      assert.equal(readFileSync(lock, 'utf8'), content, 'the lock file is untouched');
    });
  }

  it('a lock naming a live process is refused; one naming a process that has ended is taken over', () => {
    const live = dataDirWithLock(
      JSON.stringify({ pid: process.ppid, command: 'serve', startedAt: '2026-06-02T10:00:00Z' }),
    );
    assert.throws(() => lockDataDir(live.dir, 'serve'), DataDirLockedError);
    const dead = dataDirWithLock(
      JSON.stringify({ pid: deadPid(), command: 'serve', startedAt: '2026-06-02T10:00:00Z' }),
    );
    const release = lockDataDir(dead.dir, 'serve');
    assert.equal(JSON.parse(readFileSync(dead.lock, 'utf8')).pid, process.pid);
    release();
    assert.ok(!existsSync(dead.lock), 'our own lock is removed on release');
  });

  it('a process holding the lock refuses to take it again, even in the same process', () => {
    const { dir } = dataDirWithLock(null);
    const release = lockDataDir(dir, 'serve');
    try {
      assert.throws(() => lockDataDir(dir, 'backup'), DataDirLockedError);
    } finally {
      release();
    }
  });

  it('release never deletes a lock another process made', () => {
    const { dir, lock } = dataDirWithLock(null);
    const release = lockDataDir(dir, 'serve');
    const theirs = JSON.stringify({ pid: process.ppid, command: 'serve', startedAt: '2026-06-02T10:00:00Z' });
    writeFileSync(lock, theirs);
    release();
    assert.equal(readFileSync(lock, 'utf8'), theirs, 'their lock is still there');
  });
});
