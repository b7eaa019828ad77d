// C9: the signing keys on every backend. What a verifier notices: a receipt verifies against the
// published JWKS with an independent check (jose's JWKS verifier), keeps verifying after a rotation,
// stops verifying once its key is revoked, and every instance signs with the same key.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { KeyRing } from '../../src/services/key-ring.ts';
import { listSigningKeys } from '../../src/store/key-store.ts';
import { backends } from '../support/backends.ts';
import { systemOn } from '../support/system.ts';

const verifyWith = (jwks: ReturnType<KeyRing['jwks']>, jws: string) =>
  compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });

for (const backend of backends) {
  describe(`signing keys on ${backend.name}`, () => {
    const f = systemOn(backend);

    it('makes exactly one active key on first start, and a second instance reuses it', async () => {
      const other = await KeyRing.open(f.s.db, f.s.clock);
      assert.equal(other.currentKid, f.s.keys.currentKid);
      const keys = await listSigningKeys(f.s.db);
      assert.equal(keys.length, 1);
      assert.deepEqual(
        f.s.keys.jwks().keys.map((k) => [k.kty, k.crv, k.alg, k.use]),
        [['OKP', 'Ed25519', 'EdDSA', 'sig']],
      );
      assert.equal('d' in (f.s.keys.jwks().keys[0] as object), false, 'the private part is never published');
    });

    it('signs a compact JWS that an independent verifier accepts with the published keys', async () => {
      const payload = {
        code: 'ABCDEFGHJKMN7',
        result: 'valid',
        atUnd: false,
        checkedAt: '2026-06-02T10:00:00.000Z',
      };
      const jws = await f.s.keys.sign(payload, 'lma-receipt+jws');
      const header = decodeProtectedHeader(jws);
      assert.deepEqual(header, { alg: 'EdDSA', kid: f.s.keys.currentKid, typ: 'lma-receipt+jws' });
      const { payload: bytes } = await verifyWith(f.s.keys.jwks(), jws);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(bytes)), payload);
    });

    it('refuses a receipt whose payload was changed after signing', async () => {
      const jws = await f.s.keys.sign({ result: 'not_valid' }, 'lma-receipt+jws');
      const [h, , sig] = jws.split('.');
      const forged = `${h}.${Buffer.from(JSON.stringify({ result: 'valid' })).toString('base64url')}.${sig}`;
      await assert.rejects(verifyWith(f.s.keys.jwks(), forged), /signature verification failed/);
    });

    it('rotation: a new key signs, the old one stays published so old receipts still verify', async () => {
      const before = f.s.keys.currentKid;
      const old = await f.s.keys.sign({ n: 1 }, 'lma-receipt+jws');
      const other = await KeyRing.open(f.s.db, f.s.clock);
      const r = await f.s.keys.rotate();
      assert.deepEqual(r.retired, [before]);
      assert.notEqual(f.s.keys.currentKid, before);
      const fresh = await f.s.keys.sign({ n: 2 }, 'lma-receipt+jws');
      assert.equal(decodeProtectedHeader(fresh).kid, r.kid);
      assert.deepEqual(
        f.s.keys.jwks().keys.map((k) => k.kid),
        [r.kid, before],
        'newest first',
      );
      await verifyWith(f.s.keys.jwks(), old);
      await verifyWith(f.s.keys.jwks(), fresh);
      // Another instance signs with the old key until it re-reads the keys, then with the new one.
      assert.equal(other.currentKid, before);
      await other.refresh();
      assert.equal(other.currentKid, r.kid);
    });

    it('revocation withdraws a key: what it signed no longer verifies, and a new key takes over', async () => {
      const signedBefore = await f.s.keys.sign({ n: 3 }, 'lma-receipt+jws');
      const compromised = f.s.keys.currentKid;
      assert.equal(await f.s.keys.revoke(compromised), true);
      assert.notEqual(f.s.keys.currentKid, compromised);
      assert.equal(
        f.s.keys.jwks().keys.some((k) => k.kid === compromised),
        false,
      );
      await assert.rejects(verifyWith(f.s.keys.jwks(), signedBefore), /no applicable key found/);
      assert.equal(await f.s.keys.revoke(compromised), false, 'revoking twice changes nothing');
      assert.equal(await f.s.keys.revoke('no-such-key'), false);
      const states = f.s.keys.list().map((k) => k.state);
      assert.deepEqual(
        states.filter((x) => x === 'active'),
        ['active'],
      );
    });
  });
}
