// Officer passwords: scrypt with N ≥ 2^15 and a random salt, parameters stored with the hash.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/services/passwords.ts';

describe('officer passwords', () => {
  it('are stored as scrypt with N = 2^15, r = 8, p = 1, a 16-byte salt, and never in clear', async () => {
    const stored = await hashPassword('correct horse battery');
    const [kind, n, r, p, salt, key] = stored.split('$');
    assert.equal(kind, 'scrypt');
    assert.ok(Number(n) >= 2 ** 15, `N = ${n}`);
    assert.equal(r, '8');
    assert.equal(p, '1');
    assert.equal(Buffer.from(salt as string, 'base64url').length, 16);
    assert.equal(Buffer.from(key as string, 'base64url').length, 32);
    assert.ok(!stored.includes('horse'));
  });

  it('the same password gets a different hash each time (salt), and each verifies', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('correct horse battery', a), true);
    assert.equal(await verifyPassword('correct horse battery', b), true);
  });

  it('a wrong password, a changed hash or a malformed hash does not verify', async () => {
    const stored = await hashPassword('correct horse battery');
    assert.equal(await verifyPassword('correct horse batterY', stored), false);
    assert.equal(await verifyPassword('', stored), false);
    assert.equal(
      await verifyPassword('correct horse battery', stored.replace('scrypt$32768', 'scrypt$16384')),
      false,
    );
    assert.equal(await verifyPassword('correct horse battery', 'plain'), false);
    assert.equal(await verifyPassword('x', 'scrypt$1099511627776$8$1$AAAA$AAAA'), false);
  });

  it('refuses short passwords and spaces at the ends', () => {
    assert.equal(passwordProblem('short'), 'at least 12 characters');
    assert.equal(passwordProblem(' twelve chars ok'), 'no spaces at the start or end');
    assert.equal(passwordProblem('twelve chars'), null);
  });
});
