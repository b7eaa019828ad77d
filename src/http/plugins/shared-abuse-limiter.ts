// S1, P2 across instances (LMA_REDIS_URL): the per-client limits on unknown/malformed answers counted
// in Redis, so a client spreading its guesses over N instances gets the same limit as on one.
//
// What is in Redis, and for how long (P2): the window's random hashing key (`lmakort:abuse:key:{w}`)
// and one counter per client bucket (`lmakort:abuse:{w}:{bucket}`, the bucket being the keyed hash
// of the address — never an address or a code), all expiring a few seconds after their window ends.
// Windows are aligned to wall time (window w = [w·len, (w+1)·len)), so every instance agrees on them
// and on the key; the first instance to need a window's key creates it (SET NX).
//
// The lookup's check stays synchronous and cheap: each instance keeps the counts it has learnt (its
// own INCR replies, and a "blocked" message published by whichever instance's INCR reached the limit),
// so a client is refused everywhere within a round trip of reaching the limit anywhere.
//
// Redis unreachable: the limiter falls back to this instance's in-memory limits (neither open nor
// closed: lookups keep answering, and each instance still limits on its own) until Redis is back.
// Redis unreachable at start: refused, with a message naming LMA_REDIS_URL.

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createClient } from '@redis/client';
import { redactUrl } from '../../log-safety.ts';
import { AbuseLimiter, bucketOf, type ClientLimiter, MissCounts } from './abuse-limiter.ts';

const PREFIX = 'lmakort:abuse';
const BLOCKED_CHANNEL = `${PREFIX}:blocked`;
/** Redis keeps a window's keys this long after the window ends (clocks differ a little). */
const SLACK_MS = 5_000;
/** The next window's key is fetched this long before the window starts. */
const PREFETCH_MS = 2_000;

function makeClient(url: string, reconnectStrategy: (retries: number, cause: Error) => number | Error) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy },
  });
}
type RedisClient = ReturnType<typeof makeClient>;

export interface SharedLimiterOptions {
  url: string;
  limit: number;
  windowMs: number;
  /** Wall time in ms (windows are aligned to it across instances); Date.now unless a test says otherwise. */
  wallMs?: () => number;
  /** Told when limits switch between shared (Redis) and this instance's memory, with the reason. */
  onModeChange?: (mode: 'shared' | 'local', error?: Error) => void;
}

export class SharedAbuseLimiter
  extends EventEmitter<{ learnt: []; mode: ['shared' | 'local'] }>
  implements ClientLimiter
{
  private window = -1;
  private key: Buffer | null = null;
  private readonly keys = new Map<number, Buffer>();
  private counts: MissCounts;
  private readonly local: AbuseLimiter;
  private healthy = true;
  private prefetchTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly wallMs: () => number;
  private readonly onModeChange: (mode: 'shared' | 'local', error?: Error) => void;

  private constructor(
    private readonly client: RedisClient,
    private readonly subscriber: RedisClient,
    options: SharedLimiterOptions,
  ) {
    super();
    this.limit = options.limit;
    this.counts = new MissCounts(this.limit);
    this.windowMs = options.windowMs;
    this.wallMs = options.wallMs ?? Date.now;
    this.onModeChange = options.onModeChange ?? (() => {});
    const wall = this.wallMs;
    this.local = new AbuseLimiter(
      { now: () => new Date(wall()), monotonicMs: wall },
      this.limit,
      this.windowMs,
    );
    client.on('error', (error: Error) => this.degrade(error));
    client.on('ready', () => this.recover());
    subscriber.on('error', () => {});
  }

  /** Connects to Redis (and fetches this window's key); throws a message naming LMA_REDIS_URL if it cannot. */
  static async connect(options: SharedLimiterOptions): Promise<SharedAbuseLimiter> {
    let everReady = false;
    // Before the first connection: give up (start-up reports it); afterwards: keep trying.
    const make = () =>
      makeClient(options.url, (retries, cause) => (everReady ? Math.min(100 * 2 ** retries, 5_000) : cause));
    const client = make();
    const subscriber = make();
    client.on('error', () => {});
    subscriber.on('error', () => {});
    try {
      await client.connect();
      await subscriber.connect();
    } catch (error) {
      client.destroy();
      subscriber.destroy();
      throw new Error(
        `LMA_REDIS_URL: cannot reach Redis at ${redactUrl(options.url)} (${(error as Error).message})`,
      );
    }
    everReady = true;
    const limiter = new SharedAbuseLimiter(client, subscriber, options);
    await subscriber.subscribe(BLOCKED_CHANNEL, (message: string) => limiter.onBlocked(message));
    limiter.rotate();
    await limiter.fetchKey(limiter.window);
    return limiter;
  }

  /** Whether limits are shared right now (false: Redis is away, this instance limits on its own). */
  get isShared(): boolean {
    return this.healthy && this.key !== null;
  }

  retryAfter(address: string): number {
    const end = this.rotate();
    if (!this.isShared) return this.local.retryAfter(address);
    if (!this.counts.anyAtLimit || !this.counts.isLimited(bucketOf(this.key as Buffer, address))) return 0;
    return Math.max(1, Math.ceil((end - this.wallMs()) / 1000));
  }

  recordMiss(address: string): void {
    const end = this.rotate();
    if (!this.isShared) {
      this.local.recordMiss(address);
      return;
    }
    const w = this.window;
    const bucket = bucketOf(this.key as Buffer, address);
    this.counts.add(bucket);
    const name = `${PREFIX}:${w}:${bucket}`;
    this.client
      .multi()
      .incr(name)
      .pExpireAt(name, end + SLACK_MS)
      .exec()
      .then((replies) => {
        const count = Number(replies[0]);
        this.learn(w, bucket, count);
        // The instance whose miss reached the limit tells the others at once.
        if (count === this.limit) return this.client.publish(BLOCKED_CHANNEL, `${w}:${bucket}`);
      })
      .catch((error: Error) => this.degrade(error));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.prefetchTimer) clearTimeout(this.prefetchTimer);
    this.client.destroy();
    this.subscriber.destroy();
  }

  private learn(w: number, bucket: string, count: number): void {
    if (w !== this.window) return;
    this.counts.raise(bucket, count);
    this.emit('learnt');
  }

  private onBlocked(message: string): void {
    const [w, bucket] = message.split(':');
    if (bucket) this.learn(Number(w), bucket, this.limit);
  }

  /** Moves to the current window (dropping the last one's key and counts, P2); returns its end. */
  private rotate(): number {
    const w = Math.floor(this.wallMs() / this.windowMs);
    if (w !== this.window) {
      this.window = w;
      this.counts = new MissCounts(this.limit);
      this.key = this.keys.get(w) ?? null;
      for (const k of this.keys.keys()) if (k < w) this.keys.delete(k);
      if (!this.key && this.healthy && this.window >= 0) void this.fetchKey(w).catch(() => {});
    }
    return (w + 1) * this.windowMs;
  }

  /** Creates (first instance) or reads (the others) window w's hashing key; schedules the next one's. */
  private async fetchKey(w: number): Promise<void> {
    const name = `${PREFIX}:key:${w}`;
    const end = (w + 1) * this.windowMs;
    try {
      await this.client.set(name, randomBytes(32).toString('base64'), {
        condition: 'NX',
        expiration: { type: 'PXAT', value: end + SLACK_MS },
      });
      const value = await this.client.get(name);
      if (!value) throw new Error('the window key vanished');
      const key = Buffer.from(value, 'base64');
      this.keys.set(w, key);
      if (this.window === w) this.key = key;
    } catch (error) {
      this.degrade(error as Error);
      return;
    }
    if (this.prefetchTimer || this.closed || w !== this.window) return;
    this.prefetchTimer = setTimeout(
      () => {
        this.prefetchTimer = null;
        void this.fetchKey(w + 1);
      },
      Math.max(0, end - PREFETCH_MS - this.wallMs()),
    );
    this.prefetchTimer.unref();
  }

  private degrade(error: Error): void {
    if (!this.healthy || this.closed) return;
    this.healthy = false;
    this.onModeChange('local', error);
    this.emit('mode', 'local');
  }

  private recover(): void {
    if (this.healthy || this.closed) return;
    this.healthy = true;
    this.key = this.keys.get(this.window) ?? null;
    if (!this.key) void this.fetchKey(this.window);
    this.onModeChange('shared');
    this.emit('mode', 'shared');
  }
}
