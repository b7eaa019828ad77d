// The till library against the real service over HTTP. It verifies and caches the lists,
// answers a scanned QR from memory (also with the service gone), fetches again only when the ttl
// has passed, says "stale" rather than guess, and refuses lists that are tampered with, signed by
// a key not in our JWKS, served under another list's address, or too short for group privacy.

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CompactSign } from 'jose';
import { StatusListClient, StatusListError } from '../../src/client/status-list-client.ts';
import { buildQrUrl } from '../../src/domain/status-list.ts';
import { backends } from '../support/backends.ts';
import { decodeBase64url, jwsParts } from '../support/bitstring.ts';
import { type RunningApp, startApp, status } from '../support/http.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithOrderedCard,
  BASE_URL,
  makeSystem,
  OFFICER,
  type TestSystem,
} from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];
const LIST_1 = `${BASE_URL}/status-lists/1`;

describe('status list client (till mode)', () => {
  let s: TestSystem;
  let web: RunningApp;
  let online = true;
  const fetched: string[] = [];
  /** The till's network: our base URL is this test server; counts what is fetched. */
  const network: typeof fetch = async (input, init) => {
    const url = String(input);
    if (!online) throw new TypeError('fetch failed (network down)');
    fetched.push(url.slice(BASE_URL.length));
    return fetch(url.replace(BASE_URL, web.url), init);
  };
  const tillClock = () => s.clock.now().getTime();
  const qr: Record<string, string> = {};
  let validApplicant = '';

  async function qrOf(code: string): Promise<string> {
    const r = await status(web, code);
    const list = Number(/\/status-lists\/(\d+)$/.exec(r.body.statusListCredential)?.[1]);
    return buildQrUrl(BASE_URL, code, { list, index: Number(r.body.statusListIndex) });
  }

  before(async () => {
    s = await makeSystem(await backend.open());
    web = await startApp(s);
    const valid = await anApplicantWithActiveCard(s.service);
    validApplicant = valid.applicantId;
    qr.valid = await qrOf(valid.code);
    const atUnd = await anApplicantWithActiveCard(s.service, { birthDate: '1980-01-01' });
    await s.service.setAtUnd(OFFICER, atUnd.applicantId, { granted: true });
    qr.atUnd = await qrOf(atUnd.code);
    const rejected = await anApplicantWithActiveCard(s.service);
    await s.service.registerDecision(OFFICER, rejected.applicantId, { type: 'rejected' });
    qr.rejected = await qrOf(rejected.code);
    qr.ordered = await qrOf((await anApplicantWithOrderedCard(s.service)).code);
  });
  after(async () => {
    await web.close();
    s.statusLists.stop();
    await s.db.close();
  });

  const newClient = (options: { maxAgeMs?: number; fetch?: typeof fetch } = {}) =>
    new StatusListClient({ baseUrl: BASE_URL, fetch: network, now: tillClock, ...options });

  it('downloads and verifies every list, then answers scanned cards from memory, also offline', async () => {
    const till = newClient();
    assert.deepEqual(await till.refreshAll(), [1]);
    online = false;
    try {
      assert.deepEqual(till.check(qr.valid as string), {
        kind: 'valid',
        atUnd: false,
        list: 1,
        index: Number(/\.(\d+)$/.exec(qr.valid as string)?.[1]),
        listValidFrom: new Date('2026-06-02T10:00:00Z'),
      });
      assert.equal(till.check(qr.atUnd as string).kind, 'valid');
      assert.equal((till.check(qr.atUnd as string) as { atUnd: boolean }).atUnd, true);
      assert.equal(till.check(qr.rejected as string).kind, 'not_valid');
      assert.equal(till.check(qr.ordered as string).kind, 'not_valid');
      // The scanner may hand over the text in lower case.
      assert.equal(till.check((qr.valid as string).toLowerCase()).kind, 'valid');
    } finally {
      online = true;
    }
  });

  it('says what it cannot answer offline: no entry in the QR, a list never fetched, not our card', async () => {
    const till = newClient();
    const code = /\/K\/([0-9A-Z]+)\//.exec(qr.valid as string)?.[1] as string;
    assert.deepEqual(till.check(`${BASE_URL.toUpperCase()}/K/${code}`), { kind: 'no_entry', code });
    assert.deepEqual(till.check(qr.valid as string), { kind: 'no_list', list: 1 });
    assert.deepEqual(till.check(`https://elsewhere.example/K/${code}/1.5`), {
      kind: 'not_a_card',
      reason: 'other_service',
    });
    const typo = (qr.valid as string).replace(/\/K\/(.)/, (_m, c) => `/K/${c === 'X' ? 'Y' : 'X'}`);
    assert.deepEqual(till.check(typo), { kind: 'not_a_card', reason: 'malformed_code' });
  });

  it('fetches a list again only when its ttl has passed, and then sees a decision registered meanwhile', async () => {
    const till = newClient();
    await till.refreshAll();
    fetched.length = 0;
    await s.service.registerDecision(OFFICER, validApplicant, { type: 'permit_granted' });
    s.clock.advance(299_000);
    assert.deepEqual(await till.refreshAll(), [], 'within the ttl: nothing fetched but the index');
    assert.deepEqual(fetched, ['/status-lists']);
    assert.equal(till.check(qr.valid as string).kind, 'valid', 'the list held still says valid');
    s.clock.advance(1_000);
    assert.deepEqual(await till.refreshAll(), [1]);
    assert.equal(till.check(qr.valid as string).kind, 'not_valid');
  });

  it('says "stale" once the list held is past its validUntil (the network is down), or older than its own limit', async () => {
    const till = newClient();
    await till.refreshAll();
    const held = till.held(1);
    assert.ok(held);
    online = false;
    try {
      s.clock.set(new Date(held.validUntilMs - 1));
      await assert.rejects(till.refresh(1), (e: StatusListError) => e.code === 'STATUS_RETRIEVAL_ERROR');
      assert.equal(till.check(qr.rejected as string).kind, 'not_valid');
      s.clock.set(new Date(held.validUntilMs));
      assert.deepEqual(till.check(qr.rejected as string), {
        kind: 'stale',
        list: 1,
        validUntil: new Date(held.validUntilMs),
      });
    } finally {
      online = true;
    }
    const strict = newClient({ maxAgeMs: 60_000 });
    await strict.refreshAll();
    assert.equal(strict.check(qr.atUnd as string).kind, 'valid');
    s.clock.advance(60_000);
    assert.equal(strict.check(qr.atUnd as string).kind, 'stale');
  });

  /** A network that hands the till `forge(jws)` instead of the list. */
  const forging =
    (forge: (jws: string) => string): typeof fetch =>
    async (input, init) => {
      const res = await network(input, init);
      if (!String(input).includes('/status-lists/')) return res;
      return new Response(forge(await res.text()), {
        status: 200,
        headers: { 'content-type': 'application/vc+jwt' },
      });
    };

  /** Signs a changed credential with our real key (so only the content rule can refuse it). */
  const resign = async (jws: string, change: (vc: Record<string, unknown>) => void) => {
    const { payload } = jwsParts(jws);
    change(payload);
    return s.keys.sign(payload, 'vc+jwt', { cty: 'vc' });
  };

  /** The forged JWS text, made before the till asks (the forging network is synchronous). */
  async function refusedWith(forged: string, code: string) {
    const till = newClient({ fetch: forging(() => forged) });
    await assert.rejects(till.refresh(1), (e: StatusListError) => {
      assert.ok(e instanceof StatusListError);
      assert.equal(e.code, code, e.message);
      return true;
    });
    assert.equal(till.check(qr.rejected as string).kind, 'no_list', 'nothing refused is used');
  }

  it('refuses a list whose payload was changed (the rejected card made valid)', async () => {
    const jws = (await (await network(LIST_1)).text()) as string;
    const [h, p, sig] = jws.split('.') as [string, string, string];
    const vc = JSON.parse(decodeBase64url(p).toString('utf8'));
    const bits = Buffer.alloc(65_536, 0); // every entry "valid"
    vc.credentialSubject.encodedList = `u${gzipSync(bits).toString('base64url')}`;
    await refusedWith(
      `${h}.${Buffer.from(JSON.stringify(vc)).toString('base64url')}.${sig}`,
      'STATUS_VERIFICATION_ERROR',
    );
  });

  it('refuses a list whose signature was changed', async () => {
    const jws = (await (await network(LIST_1)).text()) as string;
    const flipped = jws.slice(0, -2) + (jws.at(-2) === 'A' ? 'B' : 'A') + jws.at(-1);
    await refusedWith(flipped, 'STATUS_VERIFICATION_ERROR');
  });

  it('refuses a list signed by a key that is not in our JWKS (same kid, other key)', async () => {
    const jws = (await (await network(LIST_1)).text()) as string;
    const { header, payload } = jwsParts(jws);
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader(header as { alg: string })
      .sign(other);
    await refusedWith(forged, 'STATUS_VERIFICATION_ERROR');
  });

  it('refuses a genuine list served under another list’s address, and one shorter than 131 072 entries', async () => {
    const jws = (await (await network(LIST_1)).text()) as string;
    await refusedWith(
      await resign(jws, (vc) => {
        vc.id = `${BASE_URL}/status-lists/2`;
      }),
      'STATUS_VERIFICATION_ERROR',
    );
    await refusedWith(
      await resign(jws, (vc) => {
        (vc.credentialSubject as Record<string, unknown>).encodedList =
          `u${gzipSync(Buffer.alloc(16_384, 0xaa)).toString('base64url')}`;
      }),
      'STATUS_LIST_LENGTH_ERROR',
    );
  });

  it('C9: after a key rotation it reads the JWKS again and accepts the list signed with the new key', async () => {
    const till = newClient();
    await till.refreshAll();
    const { kid } = await s.keys.rotate();
    s.clock.advance(300_000);
    assert.deepEqual(await till.refreshAll(), [1]);
    assert.equal(till.held(1)?.kid, kid);
  });
});
