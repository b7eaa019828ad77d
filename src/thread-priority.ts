// Background work can wait a few milliseconds; a nurse's check should not. On Linux every thread has
// its own nice value, so a background worker thread — a document thread (src/documents/worker.mjs),
// the backup's copy (src/store/data-dir-tar-worker.mjs) — lowers its own and the main thread, which
// answers the lookups, keeps its priority: when the cores are busy the scheduler gives a lookup's
// thread about nine times a background thread's share of a core.

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** How much lower than the main thread a background thread runs (its nice value, added). */
export const BACKGROUND_THREAD_NICE = 10;

/**
 * Lowers the calling thread's priority — call it only on a background worker thread. False where it
 * cannot be done (no /proc/thread-self: not Linux); the thread then runs at the normal priority.
 */
export function lowerThisThreadsPriority(): boolean {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return false;
  }
  if (!Number.isSafeInteger(tid) || tid <= 0) return false;
  setPriority(tid, BACKGROUND_THREAD_NICE);
  return true;
}
