// C9 through real HTTP: /.well-known/jwks.json publishes the public keys, cacheable and readable
// from any origin, without a private part; a key rotated elsewhere appears once the ring re-reads.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createRemoteJWKSet } from 'jose';
import type { Db } from '../../src/store/db.ts';
import { backends } from '../support/backends.ts';
import { type Json, type RunningApp, startApp } from '../support/http.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';

for (const backend of backends) {
  describe(`JWKS on ${backend.name}`, () => {
    let db: Db;
    let s: TestSystem;
    let app: RunningApp;

    before(async () => {
      db = await backend.open();
      s = await makeSystem(db);
      app = await startApp(s);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    it('serves the public keys as a JWK Set a remote verifier can use', async () => {
      const res = await fetch(`${app.url}/.well-known/jwks.json`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/jwk-set+json; charset=utf-8');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('set-cookie'), null);
      const body: Json = await res.json();
      assert.equal(body.keys.length, 1);
      assert.deepEqual(Object.keys(body.keys[0]).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);

      const jws = await s.keys.sign({ hello: 'verifier' }, 'lma-receipt+jws');
      const remote = createRemoteJWKSet(new URL(`${app.url}/.well-known/jwks.json`));
      const { payload } = await compactVerify(jws, remote);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { hello: 'verifier' });
    });

    it('publishes a rotated key next to the retired one', async () => {
      const old = s.keys.currentKid;
      const { kid } = await s.keys.rotate();
      const body: Json = await (await fetch(`${app.url}/.well-known/jwks.json`)).json();
      assert.deepEqual(
        body.keys.map((k: Json) => k.kid),
        [kid, old],
      );
    });
  });
}
