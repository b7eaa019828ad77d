// C9: the verifier checks a receipt itself, offline — here its module runs on Node's WebCrypto against
// receipts signed by the real KeyRing, and refuses every kind of tampering.

import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifyReceipt } from '../../../src/http/verify/assets/receipt.js';
import { RECEIPT_TYP as RECEIPT_TYPE } from '../../../src/services/receipt.ts';
import { backends } from '../../support/backends.ts';
import { makeSystem } from '../../support/system.ts';

const backend = backends[0] as (typeof backends)[number];
const subtle = webcrypto.subtle;
const shown = { code: 'M044KGCEV0J87', result: 'valid', atUnd: false, checkedAt: '2026-06-02T08:15:00.000Z' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('checking a receipt in the verifier (C9)', async () => {
  const s = await makeSystem(await backend.open());
  const receipt = await s.keys.sign(shown, RECEIPT_TYPE);
  const jwks = s.keys.jwks();

  it('a receipt signed by our key for what is shown: verified, with its key id', async () => {
    const r = await verifyReceipt(receipt, jwks, shown, subtle);
    assert.deepEqual(r, { ok: true, kid: s.keys.currentKid, payload: shown });
  });

  it('a changed payload breaks the signature', async () => {
    const [h, , sig] = receipt.split('.');
    const forged = `${h}.${b64({ ...shown, result: 'not_valid' })}.${sig}`;
    assert.deepEqual(await verifyReceipt(forged, jwks, { ...shown, result: 'not_valid' }, subtle), {
      ok: false,
      reason: 'signature',
    });
  });

  it('a genuine receipt of another answer does not vouch for this one', async () => {
    for (const other of [
      { ...shown, result: 'not_valid' },
      { ...shown, atUnd: true },
      { ...shown, code: '0000000000000' },
      { ...shown, checkedAt: '2026-06-02T08:15:01.000Z' },
      { ...shown, specimen: true },
    ])
      assert.deepEqual(await verifyReceipt(receipt, jwks, other, subtle), { ok: false, reason: 'mismatch' });
  });

  it('an unknown or revoked key, a wrong type or algorithm, or junk: refused', async () => {
    assert.deepEqual(await verifyReceipt(receipt, { keys: [] }, shown, subtle), { ok: false, reason: 'key' });
    const [, p, sig] = receipt.split('.');
    const header = { alg: 'EdDSA', kid: s.keys.currentKid, typ: RECEIPT_TYPE };
    for (const h of [
      { ...header, typ: 'JWT' },
      { ...header, alg: 'none' },
      { ...header, crit: ['x'] },
    ])
      assert.deepEqual(await verifyReceipt(`${b64(h)}.${p}.${sig}`, jwks, shown, subtle), {
        ok: false,
        reason: 'header',
      });
    for (const junk of ['', 'a.b', 'a.b.c.d', `${receipt}=`, 'x.y.z'])
      assert.equal((await verifyReceipt(junk, jwks, shown, subtle)).ok, false, junk);
    const old = s.keys.currentKid;
    await s.keys.rotate();
    assert.equal(
      (await verifyReceipt(receipt, s.keys.jwks(), shown, subtle)).ok,
      true,
      'a retired key still verifies',
    );
    await s.keys.revoke(old);
    assert.deepEqual(await verifyReceipt(receipt, s.keys.jwks(), shown, subtle), {
      ok: false,
      reason: 'key',
    });
  });
});
