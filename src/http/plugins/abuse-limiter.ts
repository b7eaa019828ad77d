// S1, P2: per-client limits on `unknown` and `malformed` answers. A client is known only by a keyed
// hash (HMAC-SHA-256) of its address — IPv6 by its /64 — under a random key that is replaced, with
// every count, at the end of each window. Nothing about a client outlives the window, or the process.

import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Clock } from '../../clock.ts';

/** What the public lookup asks of a limiter: synchronous, and cheap when nobody is being limited. */
export interface ClientLimiter {
  /** Seconds the client must wait, or 0 when it may ask. */
  retryAfter(address: string): number;
  /** Counts one unknown or malformed answer against the client. */
  recordMiss(address: string): void;
}

/** The bucket a client is counted in: a keyed hash of its address (IPv6 by its /64), never the address. */
export function bucketOf(key: Buffer, address: string): string {
  const normalised = isIPv6(address) && !address.startsWith('::ffff:') ? ipv6Prefix64(address) : address;
  return createHmac('sha256', key).update(normalised).digest('base64url').slice(0, 22);
}

/**
 * Misses per client bucket in one window, and how many buckets have reached the limit: while none
 * has, no lookup needs its client's bucket (an HMAC, a few µs) to know it may ask.
 */
export class MissCounts {
  private readonly counts = new Map<string, number>();
  private atLimit = 0;

  constructor(private readonly limit: number) {}

  /** Buckets with a miss in this window (never who). */
  get size(): number {
    return this.counts.size;
  }

  /** Whether any bucket has reached the limit. */
  get anyAtLimit(): boolean {
    return this.atLimit > 0;
  }

  /** One more miss in the bucket; its count now. */
  add(bucket: string): number {
    const count = (this.counts.get(bucket) ?? 0) + 1;
    this.raise(bucket, count);
    return count;
  }

  /** The bucket's count is at least `count` (as another instance has counted it). */
  raise(bucket: string, count: number): void {
    const before = this.counts.get(bucket) ?? 0;
    if (count <= before) return;
    this.counts.set(bucket, count);
    if (before < this.limit && count >= this.limit) this.atLimit++;
  }

  /** Whether the bucket has reached the limit. */
  isLimited(bucket: string): boolean {
    return (this.counts.get(bucket) ?? 0) >= this.limit;
  }
}

/** The in-memory limiter: one process's counts (the default, and the fallback when Redis is away). */
export class AbuseLimiter implements ClientLimiter {
  private key = randomBytes(32);
  private counts: MissCounts;
  private windowStart: number;

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.windowStart = clock.monotonicMs();
    this.counts = new MissCounts(limit);
  }

  private rotateIfDue(): number {
    const now = this.clock.monotonicMs();
    if (now - this.windowStart >= this.windowMs) {
      this.key = randomBytes(32);
      this.counts = new MissCounts(this.limit);
      this.windowStart = now;
    }
    return now;
  }

  private bucket(address: string): string {
    return bucketOf(this.key, address);
  }

  /** Seconds the client must wait, or 0 when it may ask. */
  retryAfter(address: string): number {
    const now = this.rotateIfDue();
    if (!this.counts.anyAtLimit || !this.counts.isLimited(this.bucket(address))) return 0;
    return Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000));
  }

  /** Counts one unknown or malformed answer against the client. */
  recordMiss(address: string): void {
    this.rotateIfDue();
    this.counts.add(this.bucket(address));
  }

  /** For tests and metrics: how many clients are being counted (never who). */
  get trackedClients(): number {
    return this.counts.size;
  }
}

function ipv6Prefix64(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
