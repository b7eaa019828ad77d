// Documents never take the CPU from the lookups: on Linux a document thread runs at a lower priority
// (a higher nice value) than the main thread, which answers every lookup.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { RenderPool } from '../../src/services/render-pool.ts';
import { BACKGROUND_THREAD_NICE } from '../../src/thread-priority.ts';

/** Each thread of this process with its nice value (field 19 of /proc/self/task/TID/stat). */
function threadNiceValues(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nice.set(Number(tid), Number(fields[16]));
  }
  return nice;
}

const linux = existsSync('/proc/thread-self');

describe('document threads yield the CPU to the lookups', { skip: !linux && 'needs Linux (/proc)' }, () => {
  const pool = new RenderPool({ threads: 1, queue: 2 });
  after(() => pool.destroy());

  it('a document thread runs at a nice value above the main thread', async () => {
    const before = threadNiceValues();
    // Any task starts the worker (the pool starts none until it has work).
    await pool.cardsPdf([], 'no cards');
    const now = threadNiceValues();
    const mainNice = now.get(process.pid);
    assert.equal(mainNice, before.get(process.pid), 'the main thread keeps its priority');
    const lowered = [...now].filter(
      ([tid, n]) => !before.has(tid) && n === (mainNice ?? 0) + BACKGROUND_THREAD_NICE,
    );
    assert.equal(lowered.length >= 1, true, `a new thread at nice ${BACKGROUND_THREAD_NICE}: ${[...now]}`);
  });
});
