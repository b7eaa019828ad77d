// What can stall a bench process's event loop besides its own code, watched in the server and the
// load generator alike: the longest garbage-collector pause since the last look, and its kind; and
// the major page faults (a page read back from disk, e.g. code the host reclaimed while the process
// ran), each of which holds the thread for as long as the disk takes.

import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface GcPause {
  ms: number;
  kind: string;
}

export interface Stalls {
  /** The event loop's largest delay, in ms. */
  loopDelayMaxMs: number;
  /** The longest garbage-collector pause, and its kind. */
  gcMax: GcPause;
  /** Major page faults: pages read back from disk. */
  majorFaults: number;
}

/**
 * Starts watching this process's event-loop delay, garbage-collector pauses and major page faults;
 * `take()` answers the worst of each since the last take (or the start) and starts afresh.
 */
export function watchStalls(): { take(): Stalls } {
  const gc = watchGc();
  const majorFaultsSince = countMajorFaults();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  return {
    take() {
      const stalls = {
        loopDelayMaxMs: loopDelay.max / 1e6,
        gcMax: gc.take(),
        majorFaults: majorFaultsSince(),
      };
      loopDelay.reset();
      return stalls;
    },
  };
}

function watchGc(): { take(): GcPause } {
  let longest: GcPause = { ms: 0, kind: '' };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration > longest.ms)
        longest = { ms: entry.duration, kind: gcKind((entry as { detail?: unknown }).detail) };
    }
  }).observe({ entryTypes: ['gc'] });
  return {
    take() {
      const pause = longest;
      longest = { ms: 0, kind: '' };
      return pause;
    },
  };
}

function gcKind(detail: unknown): string {
  const kind = (detail as { kind?: number } | undefined)?.kind;
  if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) return 'major';
  if (kind === constants.NODE_PERFORMANCE_GC_MINOR) return 'minor';
  if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) return 'incremental';
  if (kind === constants.NODE_PERFORMANCE_GC_WEAKCB) return 'weak callbacks';
  return 'other';
}

function countMajorFaults(): () => number {
  let last = process.resourceUsage().majorPageFault;
  return () => {
    const now = process.resourceUsage().majorPageFault;
    const since = now - last;
    last = now;
    return since;
  };
}
