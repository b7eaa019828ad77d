// The measuring window both load benches use. autocannon builds every request of the list for each
// connection before it sends anything (50 × 1 000 requests here), which blocks the load generator for
// up to ~0.6 s; the first answers would carry that as latency and the rate as idle time. So latencies
// are taken from autocannon's per-response events, and only from SETTLE_MS after its 'start' event.

import autocannon, { type Request, type Result } from 'autocannon';

export const SETTLE_MS = 500;

/**
 * Latencies are kept in arrays of this many, a new one added when the last is full. One array grown
 * by doubling and copying held the load generator for 50–150 ms at one to four million responses (a
 * long scenario's window holds several million), and every answer in flight meanwhile took that as
 * latency.
 */
const CHUNK = 1 << 16;

export interface WindowFigures {
  /** Responses inside the window. */
  count: number;
  /** Every response of the run, warm-up part included. */
  all: number;
  seconds: number;
  bytes: number;
  statusCodes: Record<string, number>;
  /** Latencies inside the window, ms, sorted ascending. */
  sorted: Float64Array;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i] as number;
}

/** Collects per-response figures, keeping those that arrive once the window is open. */
export class ResponseWindow {
  private start = Number.POSITIVE_INFINITY;
  private end = 0;
  private all = 0;
  private count = 0;
  private bytes = 0;
  private chunks: Float64Array[] = [];
  private readonly statusCodes: Record<string, number> = {};

  /** Opens the window SETTLE_MS from now (call on autocannon's 'start'). */
  open(): void {
    this.start = performance.now() + SETTLE_MS;
  }

  record(statusCode: number, ms: number, bytes: number): void {
    this.all++;
    const now = performance.now();
    if (now < this.start) return;
    this.end = now;
    this.bytes += bytes;
    const at = this.count % CHUNK;
    if (at === 0) this.chunks.push(new Float64Array(CHUNK));
    (this.chunks[this.chunks.length - 1] as Float64Array)[at] = ms;
    this.count++;
    this.statusCodes[statusCode] = (this.statusCodes[statusCode] ?? 0) + 1;
  }

  figures(what: string): WindowFigures {
    const seconds = (this.end - this.start) / 1000;
    if (this.count === 0 || !(seconds > 0)) throw new Error(`${what}: no responses in the measuring window`);
    const sorted = new Float64Array(this.count);
    this.chunks.forEach((chunk, i) => {
      sorted.set(chunk.subarray(0, Math.min(CHUNK, this.count - i * CHUNK)), i * CHUNK);
    });
    return {
      count: this.count,
      all: this.all,
      seconds,
      bytes: this.bytes,
      statusCodes: { ...this.statusCodes },
      sorted: sorted.sort(),
    };
  }
}

export interface WindowedRun {
  /** autocannon's own result (errors, timeouts, non-2xx over the whole run). */
  result: Result;
  window: ResponseWindow;
}

/**
 * Runs autocannon over `requests` with a measuring window. It stops after `seconds` or, when
 * `stopWhen` is given, once both that time has passed and the promise has settled.
 */
export function windowedAutocannon(o: {
  url: string;
  requests: Request[];
  connections: number;
  pipelining?: number;
  timeoutSeconds: number;
  seconds: number;
  stopWhen?: Promise<unknown>;
  /** Called when the measuring window opens: the moment from which stalls show in the latencies. */
  onOpen?: () => void;
}): Promise<WindowedRun> {
  const window = new ResponseWindow();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        pipelining: o.pipelining ?? 1,
        duration: o.stopWhen ? 3_600 : o.seconds,
        timeout: o.timeoutSeconds,
        requests: o.requests,
      },
      (error, result) => (error ? reject(error) : resolve({ result, window })),
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) =>
      window.record(statusCode, responseTime, resBytes),
    );
    instance.on('start', () => {
      window.open();
      if (o.onOpen) setTimeout(o.onOpen, SETTLE_MS);
      if (o.stopWhen) {
        const minimum = new Promise((r) => setTimeout(r, SETTLE_MS + o.seconds * 1000));
        void Promise.all([minimum, o.stopWhen]).then(() => instance.stop());
      }
    });
  });
}
