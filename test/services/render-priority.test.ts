// Documents never take the CPU from the lookups: on Linux a document thread runs at a lower priority
// than the main thread, which answers every lookup — the idle policy where the machine has a core
// beside the main thread's and `chrt` is there, and a higher nice value in any case.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { RenderPool } from '../../src/services/render-pool.ts';
import { BACKGROUND_THREAD_NICE, type BackgroundPriority } from '../../src/thread-priority.ts';

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

/** Each thread of this process with its nice value and policy (fields 19 and 41 of /proc/self/task/TID/stat). */
function threads(): Map<number, { nice: number; policy: number }> {
  const seen = new Map<number, { nice: number; policy: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    seen.set(Number(tid), { nice: Number(fields[16]), policy: Number(fields[38]) });
  }
  return seen;
}

const linux = existsSync('/proc/thread-self');
const hasChrt = (() => {
  try {
    execFileSync('chrt', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * The new threads a pool starts for its first task, made while LMA_BACKGROUND_PRIORITY=`env`, with the
 * pool given `priority` (the config's setting) or none.
 */
async function threadsStartedWith(
  env: BackgroundPriority,
  priority?: BackgroundPriority,
): Promise<{ nice: number; policy: number }[]> {
  const saved = process.env.LMA_BACKGROUND_PRIORITY;
  process.env.LMA_BACKGROUND_PRIORITY = env; // a worker thread gets the environment as it is now
  const pool = new RenderPool({ threads: 1, queue: 2, ...(priority ? { priority } : {}) });
  try {
    const before = threads();
    // Any task starts the worker (the pool starts none until it has work).
    await pool.cardsPdf([], 'no cards');
    const now = threads();
    assert.deepEqual(now.get(process.pid), before.get(process.pid), 'the main thread keeps its priority');
    return [...now].filter(([tid]) => !before.has(tid)).map(([, t]) => t);
  } finally {
    await pool.destroy();
    if (saved === undefined) delete process.env.LMA_BACKGROUND_PRIORITY;
    else process.env.LMA_BACKGROUND_PRIORITY = saved;
  }
}

describe('document threads yield the CPU to the lookups', { skip: !linux && 'needs Linux (/proc)' }, () => {
  const main = () => threads().get(process.pid) as { nice: number; policy: number };

  /** The threads a pool started that are lowered by the background nice value; at least one. */
  const loweredOf = (fresh: { nice: number; policy: number }[]) => {
    const lowered = fresh.filter((t) => t.nice === main().nice + BACKGROUND_THREAD_NICE);
    // The worker, and any thread it starts once lowered (Node.js 24 starts some): they inherit its priority.
    assert.ok(
      lowered.length >= 1,
      `a new thread at nice ${BACKGROUND_THREAD_NICE}: ${JSON.stringify(fresh)}`,
    );
    return new Set(lowered.map((t) => t.policy));
  };
  const idleExpected = hasChrt && availableParallelism() >= 2;

  it('idle (the default): niced and, where a core is spare and chrt is there, on the idle policy', async () => {
    assert.equal(main().policy, SCHED_OTHER);
    assert.deepEqual(
      loweredOf(await threadsStartedWith('idle')),
      new Set([idleExpected ? SCHED_IDLE : SCHED_OTHER]),
    );
  });

  it('nice: only niced, on the normal policy', async () => {
    assert.deepEqual(loweredOf(await threadsStartedWith('nice')), new Set([SCHED_OTHER]));
  });

  it("the pool's own setting (the config's) wins over the environment's", async () => {
    assert.deepEqual(
      loweredOf(await threadsStartedWith('nice', 'idle')),
      new Set([idleExpected ? SCHED_IDLE : SCHED_OTHER]),
    );
    assert.deepEqual(loweredOf(await threadsStartedWith('idle', 'nice')), new Set([SCHED_OTHER]));
    assert.equal(main().policy, SCHED_OTHER, 'the main thread keeps the normal policy');
  });
});
