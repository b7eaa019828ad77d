// The one clock every time-dependent path reads (C8). `now()` is wall time (pinned by LMA_CLOCK);
// `monotonicMs()` measures intervals (abuse-limit windows) and keeps running even when now() is pinned.

export interface Clock {
  now(): Date;
  monotonicMs(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
};

/** A clock pinned at one instant, as LMA_CLOCK asks for; intervals still pass in real time. */
export function pinnedClock(instant: Date): Clock {
  const t = instant.getTime();
  return { now: () => new Date(t), monotonicMs: () => performance.now() };
}

/** A clock for tests: both wall time and interval time move only when told to. */
export interface ManualClock extends Clock {
  set(instant: Date | string): void;
  advance(ms: number): void;
}

export function manualClock(start: Date | string): ManualClock {
  let t = new Date(start).getTime();
  let mono = 0;
  return {
    now: () => new Date(t),
    monotonicMs: () => mono,
    set: (instant) => {
      t = new Date(instant).getTime();
    },
    advance: (ms) => {
      t += ms;
      mono += ms;
    },
  };
}
