// S1 behind a reverse proxy: the abuse limit keys on the address the nearest trusted proxy added to
// X-Forwarded-For (the rightmost entries), never on what the client wrote in front of it. A client
// that sends its own X-Forwarded-For with a new address every time must still be stopped.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config.ts';
import { clientAddress } from '../../src/http/plugins/client-address.ts';
import { backends } from '../support/backends.ts';
import { appsOn, type RunningApp, status } from '../support/http.ts';
import { anApplicantWithActiveCard } from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];
const UNKNOWN_CODE = '0000-0000-0000-0';

describe('X-Forwarded-For behind trusted proxies (S1)', () => {
  const f = appsOn(backend, [
    { abuseLimit: 5, trustProxy: true },
    { abuseLimit: 5, trustProxy: true, trustProxyHops: 2 },
  ]);
  let oneProxy: RunningApp;
  let twoProxies: RunningApp;
  let code: string;

  before(async () => {
    [oneProxy, twoProxies] = f.webs as [RunningApp, RunningApp];
    code = (await anApplicantWithActiveCard(f.s.service, { birthDate: '1984-05-06' })).code;
  });

  it('spoofed leftmost entries do not escape the limit (the fast path: status and page)', async () => {
    // The proxy appends the address it saw (203.0.113.10); the client invents the rest.
    for (let i = 0; i < 5; i++) {
      const r = await status(oneProxy, UNKNOWN_CODE, { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.10` });
      assert.equal(r.status, 404);
    }
    const fresh = { 'x-forwarded-for': '10.200.0.1, 203.0.113.10' };
    assert.equal((await status(oneProxy, code, fresh)).status, 429, 'a new leftmost entry is no new client');
    const page = await fetch(`${oneProxy.url}/k/${code}`, {
      headers: { 'x-forwarded-for': '192.168.77.1, 203.0.113.10' },
    });
    assert.equal(page.status, 429);
    // The routed handler (a receipt is asked for) reads the same address as the fast path.
    const routed = await fetch(`${oneProxy.url}/api/v1/status/${code}?receipt=1`, {
      headers: { 'x-forwarded-for': '172.16.5.5, 203.0.113.10' },
    });
    assert.equal(routed.status, 429);
    // The client the proxy saw next door is not affected.
    assert.equal((await status(oneProxy, code, { 'x-forwarded-for': '203.0.113.11' })).status, 200);
  });

  it('the routed handlers key on the same address (spoofing through ?receipt=1 does not help)', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${oneProxy.url}/api/v1/status/${UNKNOWN_CODE}?receipt=1`, {
        headers: { 'x-forwarded-for': `10.8.${i}.1, 203.0.113.20` },
      });
      assert.equal(r.status, 404);
    }
    assert.equal((await status(oneProxy, code, { 'x-forwarded-for': '10.1.1.1, 203.0.113.20' })).status, 429);
  });

  it('with LMA_TRUST_PROXY_HOPS=2 the address the outer proxy added is the client', async () => {
    // client (spoofs 10.x) → outer proxy appends 198.51.100.7 → inner proxy appends 10.0.0.2 (outer's address)
    for (let i = 0; i < 5; i++)
      await status(twoProxies, UNKNOWN_CODE, { 'x-forwarded-for': `10.7.${i}.1, 198.51.100.7, 10.0.0.2` });
    const again = await status(twoProxies, code, { 'x-forwarded-for': '10.6.6.6, 198.51.100.7, 10.0.0.2' });
    assert.equal(again.status, 429);
    const other = await status(twoProxies, code, { 'x-forwarded-for': '198.51.100.8, 10.0.0.2' });
    assert.equal(other.status, 200, 'another client behind the same proxies is not affected');
  });

  it('the client address: the entry the n-th trusted hop added, or the farthest one there is', () => {
    assert.equal(clientAddress('127.0.0.1', undefined, 1), '127.0.0.1');
    assert.equal(clientAddress('127.0.0.1', '', 1), '127.0.0.1');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1, 2.2.2.2 ,3.3.3.3', 1), '3.3.3.3');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1, 2.2.2.2 ,3.3.3.3', 2), '2.2.2.2');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1,,2.2.2.2', 2), '1.1.1.1');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1', 5), '1.1.1.1');
    assert.equal(clientAddress('127.0.0.1', '2001:db8::1, 2001:db8::2', 1), '2001:db8::2');
  });

  it('LMA_TRUST_PROXY_HOPS: 1 by default, a whole number from 1 to 10, named when wrong', () => {
    assert.equal(parseConfig({ LMA_TRUST_PROXY: 'true' }).trustProxyHops, 1);
    assert.equal(parseConfig({ LMA_TRUST_PROXY: 'true', LMA_TRUST_PROXY_HOPS: '2' }).trustProxyHops, 2);
    assert.throws(
      () => parseConfig({ LMA_TRUST_PROXY: 'true', LMA_TRUST_PROXY_HOPS: '0' }),
      /LMA_TRUST_PROXY_HOPS must be a whole number from 1 to 10/,
    );
    assert.throws(() => parseConfig({ LMA_TRUST_PROXY: 'yes' }), /LMA_TRUST_PROXY must be true or false/);
  });
});
