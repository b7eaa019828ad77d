// A document can wait a few milliseconds; a nurse's check should not. On Linux every thread has its
// own nice value, so a document worker thread lowers its own and the main thread, which answers the
// lookups, keeps its priority: when the cores are busy the scheduler gives a lookup's thread about
// nine times a document thread's share of a core.

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** How much lower than the main thread a document thread runs (its nice value, added). */
export const DOCUMENT_THREAD_NICE = 10;

/**
 * Lowers the calling thread's priority — call it only on a document worker thread. False where it
 * cannot be done (no /proc/thread-self: not Linux); documents then run at the normal priority.
 */
export function lowerThisThreadsPriority(): boolean {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return false;
  }
  if (!Number.isSafeInteger(tid) || tid <= 0) return false;
  setPriority(tid, DOCUMENT_THREAD_NICE);
  return true;
}
