// C9: receipts interoperate with an independent implementation. Here the "other side" is node:crypto
// alone (no jose): a receipt it signs by hand verifies with verifyReceipt, and one our KeyRing signs
// verifies with node:crypto against the published JWK — both ways, and a changed byte fails both.

import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { pinnedClock } from '../../src/clock.ts';
import { RECEIPT_TYP, verifyReceipt } from '../../src/services/receipt.ts';
import { openMemory } from '../../src/store/db.ts';
import { assembleSystem } from '../../src/system.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const PAYLOAD = {
  code: 'T4WW3J4Y7QRKB',
  result: 'valid',
  atUnd: false,
  checkedAt: '2026-06-02T08:15:00.000Z',
};

describe('receipts and an independent JOSE implementation (node:crypto)', () => {
  it('a receipt signed by hand with Ed25519 verifies; changed by one byte it does not', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'hand-made', alg: 'EdDSA', use: 'sig' };
    const input = `${b64({ alg: 'EdDSA', kid: 'hand-made', typ: RECEIPT_TYP })}.${b64(PAYLOAD)}`;
    const jws = `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
    const good = await verifyReceipt(jws, { keys: [jwk as never] });
    assert.deepEqual(good, { ok: true, payload: PAYLOAD, kid: 'hand-made' });

    const changed = `${b64({ alg: 'EdDSA', kid: 'hand-made', typ: RECEIPT_TYP })}.${b64({ ...PAYLOAD, result: 'not_valid' })}.${jws.split('.')[2]}`;
    const bad = await verifyReceipt(changed, { keys: [jwk as never] });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.reason, 'bad_signature');
  });

  it('a receipt our key ring signs verifies with node:crypto and the published JWK alone', async () => {
    const db = await openMemory();
    try {
      const s = await assembleSystem(db, {
        clock: pinnedClock(new Date()),
        publicBaseUrl: 'https://x.example',
      });
      const jws = await s.keys.sign(PAYLOAD, RECEIPT_TYP);
      const [h, p, sig] = jws.split('.') as [string, string, string];
      const header = JSON.parse(Buffer.from(h, 'base64url').toString());
      const jwk = s.keys.jwks().keys.find((k) => k.kid === header.kid);
      assert.ok(jwk, 'the kid is published');
      const key = createPublicKey({ key: jwk as never, format: 'jwk' });
      assert.equal(verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url')), true);
      assert.deepEqual(JSON.parse(Buffer.from(p, 'base64url').toString()), PAYLOAD);
      const flipped = Buffer.from(sig, 'base64url');
      flipped[0] = (flipped[0] as number) ^ 1;
      assert.equal(verify(null, Buffer.from(`${h}.${p}`), key, flipped), false);
    } finally {
      await db.close();
    }
  });

  it('a signed statement that is not a receipt (extra field, bad code, bad result) is refused', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k' };
    const signed = (payload: unknown) => {
      const input = `${b64({ alg: 'EdDSA', kid: 'k', typ: RECEIPT_TYP })}.${b64(payload)}`;
      return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
    };
    for (const payload of [
      { ...PAYLOAD, name: 'someone' },
      { ...PAYLOAD, code: 'T4WW3J4Y7QRKC' },
      { ...PAYLOAD, result: 'malformed' },
      { ...PAYLOAD, specimen: false },
    ]) {
      const r = await verifyReceipt(signed(payload), { keys: [jwk as never] });
      assert.equal(!r.ok && r.reason, 'bad_payload', JSON.stringify(payload));
    }
  });
});
