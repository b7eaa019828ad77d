// What can stall a bench process's event loop besides its own code, watched in the server and the
// load generator alike: the longest garbage-collector pause since the last look, and its kind; the
// major page faults (a page read back from disk, e.g. code the host reclaimed while the process
// ran), each of which holds the thread for as long as the disk takes; and, on Linux, how the main
// thread spent its longest hold: on a CPU (its own work, or a virtual CPU the host took away, which
// the guest cannot tell apart) or runnable and waiting for a core (other threads had them).

import { readFileSync } from 'node:fs';
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
  /** The longest gap between two ticks of a 2 ms timer, split; null where /proc has no schedstat. */
  longestHold: Hold | null;
}

export interface Hold {
  ms: number;
  /** Of it, ms the main thread was on a CPU. */
  onCpuMs: number;
  /** Of it, ms the main thread was runnable but had no core. */
  waitingMs: number;
}

/** The calling thread's time on a CPU and waiting to run, ns (/proc/thread-self/schedstat); null off Linux. */
function schedstat(): [number, number] | null {
  try {
    const [onCpu, waiting] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return Number.isFinite(onCpu) && Number.isFinite(waiting) ? [onCpu as number, waiting as number] : null;
  } catch {
    return null;
  }
}

/** Watches the gaps between ticks of a 2 ms timer on this (the main) thread; `take()` answers the longest. */
function watchHolds(): { take(): Hold | null } {
  let last = schedstat();
  if (!last) return { take: () => null };
  let lastAt = performance.now();
  let longest: Hold = { ms: 0, onCpuMs: 0, waitingMs: 0 };
  setInterval(() => {
    const at = performance.now();
    const now = schedstat() as [number, number];
    const ms = at - lastAt;
    if (ms > longest.ms) {
      const [onCpu, waiting] = last as [number, number];
      longest = { ms, onCpuMs: (now[0] - onCpu) / 1e6, waitingMs: (now[1] - waiting) / 1e6 };
    }
    last = now;
    lastAt = at;
  }, 2).unref();
  return {
    take() {
      const hold = longest;
      longest = { ms: 0, onCpuMs: 0, waitingMs: 0 };
      return hold;
    },
  };
}

/**
 * Starts watching this process's event-loop delay, garbage-collector pauses and major page faults;
 * `take()` answers the worst of each since the last take (or the start) and starts afresh.
 */
export function watchStalls(): { take(): Stalls } {
  const gc = watchGc();
  const majorFaultsSince = countMajorFaults();
  const holds = watchHolds();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  return {
    take() {
      const stalls = {
        loopDelayMaxMs: loopDelay.max / 1e6,
        gcMax: gc.take(),
        majorFaults: majorFaultsSince(),
        longestHold: holds.take(),
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
