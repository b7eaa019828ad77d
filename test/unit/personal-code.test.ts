import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  formatPersonalCode,
  parsePersonalCode,
  personalCodeFromRandom,
} from '../../src/domain/personal-code.ts';

describe('R16: the personal code', () => {
  it('is ten Crockford symbols printed XXXXX-XXXXX', () => {
    const code = personalCodeFromRandom(randomBytes(7));
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{10}$/);
    assert.match(formatPersonalCode(code), /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('uses all 50 bits: different randomness gives different codes', () => {
    assert.equal(personalCodeFromRandom(Buffer.alloc(7, 0)), '0000000000');
    assert.equal(personalCodeFromRandom(Buffer.alloc(7, 0xff)), 'ZZZZZZZZZZ');
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(personalCodeFromRandom(randomBytes(7)));
    assert.equal(seen.size, 2000);
  });

  it('reads what a holder types: lower case, spaces, hyphens, O as 0 and I or L as 1', () => {
    assert.equal(parsePersonalCode('abcde-fghjk'), 'ABCDEFGHJK');
    assert.equal(parsePersonalCode(' AB CDE FGH JK '), 'ABCDEFGHJK');
    assert.equal(parsePersonalCode('o1i2l-34567'), '0112134567');
    assert.equal(formatPersonalCode(parsePersonalCode('abcdefghjk') as string), 'ABCDE-FGHJK');
  });

  it('refuses what cannot be a code', () => {
    assert.equal(parsePersonalCode('ABCDE-FGHJ'), null);
    assert.equal(parsePersonalCode('ABCDE-FGHJKM'), null);
    assert.equal(parsePersonalCode('ABCDE-FGHJU'), null);
    assert.equal(parsePersonalCode('ÅBCDE-FGHJK'), null);
    assert.equal(parsePersonalCode(''), null);
    assert.equal(parsePersonalCode('A'.repeat(100)), null);
  });
});
