// A latch shared with test/support/gated-worker.mjs: tasks on that pool start, count themselves,
// and wait until the test opens the latch.

import type { Task } from '../../src/documents/task-types.ts';
import { RenderPool } from '../../src/services/render-pool.ts';

// Node has had Atomics.waitAsync since 16; the project's TypeScript lib (ES2022) does not name it.
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> | string };
  }
).waitAsync;

export class Gate {
  readonly cells = new Int32Array(new SharedArrayBuffer(8));

  /** Resolves once at least `n` tasks have started (and are held). */
  async started(n = 1): Promise<void> {
    for (;;) {
      const seen = Atomics.load(this.cells, 1);
      if (seen >= n) return;
      const wait = waitAsync(this.cells, 1, seen);
      if (wait.async) await wait.value;
    }
  }

  open(): void {
    Atomics.store(this.cells, 0, 1);
    Atomics.notify(this.cells, 0);
  }
}

/** A pool of the real worker, its tasks of the kinds in `hold` behind the latch. */
export function gatedPool(
  gate: Gate,
  options: { threads: number; queue: number; hold: Task['kind'][] },
): RenderPool {
  return new RenderPool({
    threads: options.threads,
    queue: options.queue,
    workerUrl: new URL('./gated-worker.mjs', import.meta.url),
    workerData: { gate: gate.cells, hold: options.hold },
  });
}
