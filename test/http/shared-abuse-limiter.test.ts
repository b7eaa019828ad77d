// S1, P2 across instances: abuse limits counted in Redis (LMA_REDIS_URL) hold for a client spreading
// its misses over two instances; nothing in Redis is an address or outlives its window by more than a
// few seconds; with Redis gone, each instance limits on its own until it is back.
// Needs Redis: LMA_TEST_REDIS_URL, or one at 127.0.0.1:6379; skipped with a message otherwise.

import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { createClient } from '@redis/client';
import { SharedAbuseLimiter } from '../../src/http/plugins/shared-abuse-limiter.ts';
import { until as untilEvent } from '../support/events.ts';

const REDIS_URL = process.env.LMA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    client.destroy();
    return true;
  } catch {
    return false;
  }
}

const skip = (await redisAnswers(REDIS_URL))
  ? false
  : `no Redis answers at ${REDIS_URL} (set LMA_TEST_REDIS_URL): shared abuse limits not tested`;
// CI has Redis (.ci/run sets LMA_REQUIRE_REDIS): there a missing server fails rather than skips.
if (skip && process.env.LMA_REQUIRE_REDIS === '1') throw new Error(skip);

/** Resolves when cond() holds: checked now and whenever the limiter learns a count. */
const until = (limiter: SharedAbuseLimiter, cond: () => boolean) => untilEvent(limiter, 'learnt', cond);

/** A TCP relay to Redis that a test can cut, as a network failure would. */
async function relay(target: URL): Promise<{ url: string; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = connect(Number(target.port || 6379), target.hostname);
    sockets.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

describe('abuse limits shared through Redis', { skip, timeout: 30_000 }, () => {
  const open: SharedAbuseLimiter[] = [];
  // Each test its own window length, so its windows (and keys in Redis) are its own.
  const start = (windowMs: number, url = REDIS_URL, limit = 3) =>
    SharedAbuseLimiter.connect({ url, limit, windowMs }).then((l) => {
      open.push(l);
      return l;
    });
  after(async () => {
    for (const l of open) await l.close();
  });

  it('S1: a client spreading its misses over two instances is refused on both at the limit', async () => {
    const windowMs = 600_000 + Math.floor(Math.random() * 100_000);
    const a = await start(windowMs);
    const b = await start(windowMs);
    assert.ok(a.isShared && b.isShared);
    const attacker = '198.51.100.7';
    const bystander = '198.51.100.8';

    a.recordMiss(attacker);
    a.recordMiss(attacker);
    assert.equal(a.retryAfter(attacker), 0);
    assert.equal(b.retryAfter(attacker), 0);
    b.recordMiss(attacker); // the third, anywhere: the limit is 3

    await until(a, () => a.retryAfter(attacker) > 0);
    await until(b, () => b.retryAfter(attacker) > 0);
    assert.ok(a.retryAfter(attacker) <= windowMs / 1000);
    assert.equal(a.retryAfter(bystander), 0);
    assert.equal(b.retryAfter(bystander), 0);
  });

  it('P2: Redis holds keyed hashes only, none of them outliving its window by more than seconds', async () => {
    const windowMs = 700_000 + Math.floor(Math.random() * 100_000);
    const a = await start(windowMs);
    const address = '203.0.113.99';
    a.recordMiss(address);
    a.recordMiss(address);
    a.recordMiss(address);
    await until(a, () => a.retryAfter(address) > 0);

    const w = Math.floor(Date.now() / windowMs);
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    try {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `lmakort:abuse:*${w}*`, COUNT: 1000 }))
        keys.push(...batch);
      assert.equal(keys.length, 2, `the window key and one counter: ${keys.join(', ')}`);
      const windowEnd = (w + 1) * windowMs;
      for (const key of keys) {
        assert.ok(!key.includes(address) && !key.includes('203.0.113'), key);
        const value = String(await client.get(key));
        assert.ok(!value.includes(address), `${key} = ${value}`);
        const expiresAt = Date.now() + (await client.pTTL(key));
        assert.ok(expiresAt <= windowEnd + 10_000, `${key} expires with its window`);
      }
    } finally {
      client.destroy();
    }
  });

  it('with Redis unreachable, each instance goes on limiting by itself (neither open nor closed)', async () => {
    const cutter = await relay(new URL(REDIS_URL));
    const a = await start(800_000 + Math.floor(Math.random() * 100_000), cutter.url);
    assert.ok(a.isShared);
    await cutter.cut();
    const address = '192.0.2.44';
    // The cut is noticed by the client (socket closed) or by the next miss failing in Redis.
    const local = new Promise<void>((resolve) => a.once('mode', () => resolve()));
    a.recordMiss(address);
    await local;
    for (let i = 0; i < 3; i++) a.recordMiss(address); // counted in memory now
    assert.equal(a.isShared, false);
    assert.ok(a.retryAfter(address) > 0, 'limited in memory');
    assert.equal(a.retryAfter('192.0.2.45'), 0);
  });

  it('a Redis that cannot be reached at start is refused with a message naming LMA_REDIS_URL', async () => {
    const cutter = await relay(new URL(REDIS_URL));
    await cutter.cut();
    await assert.rejects(
      SharedAbuseLimiter.connect({ url: cutter.url, limit: 3, windowMs: 60_000 }),
      /LMA_REDIS_URL: cannot reach Redis at redis:\/\/127\.0\.0\.1/,
    );
  });
});
