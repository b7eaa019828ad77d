// Waiting for a condition without sleeping: checked at once, then each time the emitter says so.

import type { EventEmitter } from 'node:events';

/** Resolves when cond() holds: now, or after one of the emitter's `event`s. */
export function until(emitter: EventEmitter, event: string, cond: () => boolean): Promise<void> {
  if (cond()) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (cond()) {
        emitter.off(event, check);
        resolve();
      }
    };
    emitter.on(event, check);
  });
}
