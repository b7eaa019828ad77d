// C1 in the browser: the verifier's own check-symbol module (served to the browser as is) must read
// every input exactly as the server's parseCardCode does — one rule, two runtimes, cross-checked here.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as domain from '../../../src/domain/card-code.ts';
import * as browser from '../../../src/http/verify/assets/card-code.js';
import { seeded as prng, seededBytes } from '../../support/random.ts';

const next = prng(20260602);
const randomCode = () => domain.cardCodeFromRandom(seededBytes(next));

function assertSame(input: string) {
  assert.deepEqual(browser.parseCardCode(input), domain.parseCardCode(input), JSON.stringify(input));
}

describe('the browser code check agrees with the server (C1)', () => {
  it('same alphabet, same length', () => {
    assert.equal(browser.ALPHABET, domain.ALPHABET);
    assert.equal(browser.CODE_LENGTH, domain.CODE_LENGTH);
  });

  it('the same check value for 5 000 random symbol sequences of every length 1–16', () => {
    for (let i = 0; i < 5_000; i++) {
      const values = Array.from({ length: 1 + (i % 16) }, () => Math.floor(next() * 32));
      assert.equal(browser.checkValue(values), domain.checkValue(values));
    }
  });

  it('the same reading of 500 real codes, printed, lower-case, spaced, and with O/I/L for 0/1', () => {
    for (let i = 0; i < 500; i++) {
      const code = randomCode();
      const printed = domain.formatCardCode(code);
      for (const input of [
        code,
        printed,
        printed.toLowerCase(),
        code.replace(/(.{4})/g, '$1 '),
        code.replaceAll('0', 'O').replaceAll('1', 'I'),
        code.replaceAll('1', 'l'),
      ]) {
        assertSame(input);
        assert.deepEqual(browser.parseCardCode(input), { ok: true, code });
      }
      assert.equal(browser.formatCardCode(code), printed);
    }
  });

  it('the same verdict on every single-symbol typo and every neighbour swap of 60 codes', () => {
    for (let n = 0; n < 60; n++) {
      const code = randomCode();
      for (let i = 0; i < code.length; i++) {
        for (const ch of domain.ALPHABET) {
          if (ch === code[i]) continue;
          assertSame(code.slice(0, i) + ch + code.slice(i + 1));
        }
        if (i + 1 < code.length) assertSame(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2));
      }
    }
  });

  it('the same refusal of wrong lengths, foreign characters and junk', () => {
    const code = randomCode();
    const cases = [
      '',
      code.slice(0, 12),
      `${code}0`,
      `${code.slice(0, 6)}U${code.slice(7)}`,
      `${code.slice(0, 6)}Å${code.slice(7)}`,
      `${code.slice(0, 6)}*${code.slice(7)}`,
      `https://lma.example.se/K/${code}`,
      '😀'.repeat(13),
      '\u0000'.repeat(13),
    ];
    for (let i = 0; i < 300; i++)
      cases.push(
        Array.from({ length: Math.floor(next() * 20) }, () =>
          String.fromCharCode(32 + Math.floor(next() * 95)),
        ).join(''),
      );
    for (const input of cases) assertSame(input);
  });

  it('describes the field while typing: partial, ok, check, foreign symbol, too long', () => {
    const code = randomCode();
    const printed = domain.formatCardCode(code);
    assert.deepEqual(browser.describeCodeInput(''), { state: 'empty', count: 0 });
    assert.deepEqual(browser.describeCodeInput(printed.slice(0, 6)), { state: 'partial', count: 5 });
    assert.deepEqual(browser.describeCodeInput(printed.toLowerCase()), { state: 'ok', count: 13, code });
    const wrong = code[3] === 'X' ? 'Y' : 'X';
    assert.deepEqual(browser.describeCodeInput(code.slice(0, 3) + wrong + code.slice(4)), {
      state: 'check',
      count: 13,
    });
    assert.deepEqual(browser.describeCodeInput('AB*'), { state: 'symbol', symbol: '*', count: 2 });
    assert.deepEqual(browser.describeCodeInput(`${code}7`), { state: 'long', count: 14 });
  });
});
