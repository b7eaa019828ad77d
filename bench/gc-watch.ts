// The longest garbage-collector pause of this process since the last look, and its kind: a stall
// of the event loop that matches one says the collector, not the code, held the loop up. The
// mixed-load bench watches both the server and the load generator.

import { constants, PerformanceObserver } from 'node:perf_hooks';

export interface GcPause {
  ms: number;
  kind: string;
}

/** Starts watching; `take()` answers the longest pause since the last take (or the start) and resets. */
export function watchGc(): { take(): GcPause } {
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
