// S1, P2: the in-memory abuse limiter, and the per-window counts both limiters keep. A lookup needs
// its client's bucket (a keyed hash) only once some client has reached the limit.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbuseLimiter, MissCounts } from '../../src/http/plugins/abuse-limiter.ts';

describe('miss counts', () => {
  it('know when any bucket, and which, has reached the limit', () => {
    const counts = new MissCounts(3);
    assert.equal(counts.anyAtLimit, false);
    assert.equal(counts.add('a'), 1);
    assert.equal(counts.add('a'), 2);
    counts.add('b');
    assert.equal(counts.anyAtLimit, false, 'misses below the limit: no lookup needs hashing');
    assert.equal(counts.add('a'), 3);
    assert.equal(counts.anyAtLimit, true);
    assert.equal(counts.isLimited('a'), true);
    assert.equal(counts.isLimited('b'), false);
    assert.equal(counts.size, 2);
  });

  it('take a higher count from another instance, never a lower one', () => {
    const counts = new MissCounts(5);
    counts.raise('a', 4);
    counts.raise('a', 2);
    assert.equal(counts.isLimited('a'), false);
    assert.equal(counts.add('a'), 5);
    assert.equal(counts.isLimited('a'), true);
    counts.raise('b', 9);
    assert.equal(counts.isLimited('b'), true);
  });
});

describe('in-memory abuse limiter', () => {
  it('limits the client that reached the limit, no other, until the window ends', () => {
    let ms = 1_000;
    const clock = { now: () => new Date(ms), monotonicMs: () => ms };
    const limiter = new AbuseLimiter(clock, 3, 60_000);
    for (let i = 0; i < 2; i++) limiter.recordMiss('198.51.100.7');
    assert.equal(limiter.retryAfter('198.51.100.7'), 0);
    assert.equal(limiter.retryAfter('203.0.113.9'), 0);
    limiter.recordMiss('198.51.100.7');
    ms += 15_000;
    assert.equal(limiter.retryAfter('198.51.100.7'), 45);
    assert.equal(limiter.retryAfter('203.0.113.9'), 0);
    // IPv6 by its /64: another address in the same /64 is the same client.
    for (let i = 0; i < 3; i++) limiter.recordMiss('2001:db8:1:2::a');
    assert.ok(limiter.retryAfter('2001:db8:1:2::b') > 0);
    assert.equal(limiter.retryAfter('2001:db8:1:3::a'), 0);
    ms += 45_000;
    assert.equal(limiter.retryAfter('198.51.100.7'), 0, 'a new window forgets every count (P2)');
    assert.equal(limiter.trackedClients, 0);
  });
});
