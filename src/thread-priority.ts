// Background work can wait; a nurse's check should not. On Linux every thread has its own scheduling
// policy and nice value, so a background worker thread — a document thread (src/documents/worker.mjs),
// the backup's copy (src/store/data-dir-tar-worker.mjs) — lowers its own, and the main thread, which
// answers the lookups, keeps its priority.
//
// Where the machine has a core beside the main thread's, a background thread takes the idle policy
// (SCHED_IDLE): it runs only on a core nothing else wants, and a lookup's thread waking up takes the
// core from it at once. A nice value alone is not enough on a busy machine: the scheduler still lets
// a niced thread finish its time slice (milliseconds) before a woken lookup thread gets the core, and
// shares out about a tenth of the cores to it whatever the lookups need. The price of the idle policy:
// while every core is busy at normal priority, background work waits. With a single core it could
// wait for ever under a steady stream of lookups, so there the thread is only niced, and
// LMA_BACKGROUND_PRIORITY=nice chooses that everywhere (the test runner does: it keeps both cores busy
// with test files of its own). Node.js has no call for the policy; `chrt` (util-linux) sets it, and
// without `chrt` the thread is only niced.

import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';

/** How much lower than the main thread a background thread runs (its nice value, added). */
export const BACKGROUND_THREAD_NICE = 10;

/** How background threads give way: the idle policy where a core is spare (the default), or niced only. */
export type BackgroundPriority = 'idle' | 'nice';
export const BACKGROUND_PRIORITIES: readonly BackgroundPriority[] = ['idle', 'nice'];

/** LMA_BACKGROUND_PRIORITY (default idle); null when it is set to anything else. */
export function backgroundPriorityOf(env: NodeJS.ProcessEnv): BackgroundPriority | null {
  const raw = env.LMA_BACKGROUND_PRIORITY || 'idle';
  return (BACKGROUND_PRIORITIES as readonly string[]).includes(raw) ? (raw as BackgroundPriority) : null;
}

/**
 * The environment a background thread starts with: this process's, with LMA_BACKGROUND_PRIORITY set
 * to `priority` where one is given (the config's setting), so the thread lowers itself as the config
 * says and not only as the variable said when the process started.
 */
export function backgroundThreadEnv(priority?: BackgroundPriority): NodeJS.ProcessEnv {
  return priority ? { ...process.env, LMA_BACKGROUND_PRIORITY: priority } : { ...process.env };
}

/** How a background thread was lowered: the idle policy (and niced), niced only, or not at all. */
export type LoweredTo = BackgroundPriority | null;

/**
 * Lowers the calling thread's priority — call it only on a background worker thread, where a
 * moment's blocking (`chrt` runs once) holds up no lookup. A worker thread reads
 * LMA_BACKGROUND_PRIORITY from the environment its starter gave it (backgroundThreadEnv), which
 * src/config.ts checked at start-up. Null where it cannot be done (no
 * /proc/thread-self: not Linux); the thread then runs at the normal priority.
 */
export function lowerThisThreadsPriority(
  priority: BackgroundPriority = backgroundPriorityOf(process.env) ?? 'idle',
): LoweredTo {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(tid) || tid <= 0) return null;
  setPriority(tid, BACKGROUND_THREAD_NICE);
  if (priority === 'nice' || availableParallelism() < 2) return 'nice';
  try {
    execFileSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5_000 });
    return 'idle';
  } catch {
    return 'nice'; // no chrt, or the system refused: niced is still lower than the main thread
  }
}
