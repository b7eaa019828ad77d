// Hard to fool: what the verifier makes of a scan or a typed entry before anything is sent.
// Only a card address on our PUBLIC_BASE_URL (or a bare code) is looked up; any other address is a
// counterfeit warning — look-alike hosts, user@host tricks, http for https, punycode, another port.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardCodeFromRandom, formatCardCode } from '../../../src/domain/card-code.ts';
import { classifyInput } from '../../../src/http/verify/assets/scan.js';

const BASE = 'https://lma.migrationsverket.se';
const CODE = cardCodeFromRandom(new Uint8Array([7, 1, 2, 3, 4, 5, 6, 9]));
const QR = `${BASE}/K/${CODE}`.toUpperCase(); // C2: what the card's QR code holds
const read = (raw: string, till = false) => classifyInput(raw, { baseUrl: BASE, till });
const typo = `${CODE.slice(0, 5)}${CODE[5] === 'X' ? 'Y' : 'X'}${CODE.slice(6)}`;

/** A US-layout hand scanner on a Swedish keyboard layout: "/" comes out as "-", ":" as "Ö". */
const swedishLayout = (s: string) => s.replaceAll('/', '-').replaceAll(':', 'Ö');
/** Another layout: "/" comes out as "!" and ":" as "¨". */
const otherLayout = (s: string) => s.replaceAll('/', '!').replaceAll(':', '¨');

describe('reading a scan or a typed code', () => {
  it('a card QR code on our host (upper case, C2) is the card code', () => {
    assert.deepEqual(read(QR), { kind: 'code', code: CODE });
    assert.deepEqual(read(`${BASE}/k/${CODE.toLowerCase()}`), { kind: 'code', code: CODE });
    assert.deepEqual(
      read(`${QR}\r\n`),
      { kind: 'code', code: CODE },
      'the scanner’s Enter is not part of it',
    );
  });

  it("a QR code that also carries the card's status-list entry is the same card", () => {
    assert.deepEqual(read(`${QR}/2.131071`), { kind: 'code', code: CODE });
    assert.deepEqual(read(`${QR}/2.131071\r\n`, true), { kind: 'code', code: CODE });
    for (const layout of [swedishLayout, otherLayout]) {
      assert.deepEqual(read(layout(`${QR}/0.17`), true), { kind: 'code', code: CODE }, layout(`${QR}/0.17`));
      assert.deepEqual(read(`]Q1${layout(`${QR}/0.17`)}`, true), { kind: 'code', code: CODE });
    }
    assert.equal(read(`${QR}/2.131071/9`).kind, 'not_card', 'only one entry segment');
    assert.equal(read(swedishLayout(`HTTPS://EVIL.EXAMPLE/K/${CODE}/0.17`), true).kind, 'foreign');
  });

  it('a typed code: printed, lower case, with spaces', () => {
    assert.deepEqual(read(formatCardCode(CODE)), { kind: 'code', code: CODE });
    assert.deepEqual(read(formatCardCode(CODE).toLowerCase()), { kind: 'code', code: CODE });
    assert.deepEqual(read(` ${CODE.slice(0, 4)} ${CODE.slice(4)} `), { kind: 'code', code: CODE });
  });

  it('a typo is caught here, in a URL too (C1)', () => {
    assert.deepEqual(read(typo), { kind: 'typo', reason: 'check' });
    assert.deepEqual(read(`${BASE}/K/${typo}`), { kind: 'typo', reason: 'check' });
    assert.deepEqual(read(CODE.slice(0, 12)), { kind: 'typo', reason: 'length' });
    assert.deepEqual(read(`${CODE.slice(0, 4)}#${CODE.slice(5)}`), { kind: 'typo', reason: 'symbol' });
  });

  const counterfeits: [string, string, string][] = [
    [
      'a look-alike host',
      `https://lma.migrationsverket.se.example.com/K/${CODE}`,
      'https://lma.migrationsverket.se.example.com',
    ],
    [
      'a near-miss spelling',
      `https://lma.migrationsverkett.se/K/${CODE}`,
      'https://lma.migrationsverkett.se',
    ],
    [
      'our name as the user before @',
      `https://lma.migrationsverket.se@evil.example/K/${CODE}`,
      'https://lma.migrationsverket.se@evil.example',
    ],
    [
      'a foreign user before @ our host',
      `https://evil.example@lma.migrationsverket.se/K/${CODE}`,
      'https://evil.example@lma.migrationsverket.se',
    ],
    ['http instead of https', `http://lma.migrationsverket.se/K/${CODE}`, 'http://lma.migrationsverket.se'],
    [
      'a Cyrillic "а" (punycode)',
      `https://lmа.migrationsverket.se/K/${CODE}`,
      'https://xn--lm-8kc.migrationsverket.se',
    ],
    [
      'another port',
      `https://lma.migrationsverket.se:8443/K/${CODE}`,
      'https://lma.migrationsverket.se:8443',
    ],
    ['our address inside a foreign one', `https://evil.example/x/${QR}`, 'https://evil.example'],
  ];
  for (const [what, url, shown] of counterfeits) {
    it(`counterfeit, not a lookup: ${what}`, () => {
      assert.deepEqual(read(url), { kind: 'foreign', shown });
      assert.deepEqual(read(url, true), { kind: 'foreign', shown });
    });
  }

  it('our host but not a card address: said so, nothing looked up', () => {
    assert.deepEqual(read(`${BASE}/verify`), { kind: 'not_card' });
    assert.deepEqual(read(`${BASE}/K/${CODE}/extra`), { kind: 'not_card' });
  });

  it('a base address with a path: only {base}/k/{code} is a card address', () => {
    const base = 'https://e-tjanster.example.se/lma';
    assert.deepEqual(classifyInput(`${base}/K/${CODE}`.toUpperCase(), { baseUrl: base }), {
      kind: 'code',
      code: CODE,
    });
    assert.deepEqual(classifyInput(`https://e-tjanster.example.se/K/${CODE}`, { baseUrl: base }), {
      kind: 'not_card',
    });
  });

  describe('hand scanners (till mode and the ordinary field)', () => {
    it('a keyboard layout that turns "/" and ":" into other characters: still our card', () => {
      for (const layout of [swedishLayout, otherLayout]) {
        assert.deepEqual(read(layout(QR)), { kind: 'code', code: CODE }, layout(QR));
        assert.deepEqual(read(layout(QR), true), { kind: 'code', code: CODE });
        assert.deepEqual(read(layout(QR).toLowerCase(), true), { kind: 'code', code: CODE }, 'caps lock');
      }
    });

    it('a short scanner prefix (AIM "]Q1") before the address or the code', () => {
      assert.deepEqual(read(`]Q1${swedishLayout(QR)}`, true), { kind: 'code', code: CODE });
      assert.deepEqual(read(`]Q1${CODE}`, true), { kind: 'code', code: CODE });
    });

    it('till mode takes the last 13 code symbols; the ordinary field calls that too long', () => {
      assert.deepEqual(read(`X${CODE}`, true), { kind: 'code', code: CODE });
      assert.deepEqual(read(`X${CODE}`), { kind: 'typo', reason: 'length' });
    });

    it('a mangled address of another host is still a counterfeit, whatever the layout', () => {
      const other = swedishLayout(`HTTPS://LMA.MIGRATIONSVERKET.SE.EXAMPLE.COM/K/${CODE}`);
      assert.equal(read(other, true).kind, 'foreign');
      assert.equal(read(other).kind, 'foreign');
      const lookAlike = swedishLayout(`HTTPS://LMA.MIGRATI0NSVERKET.SE/K/${CODE}`);
      assert.equal(read(lookAlike, true).kind, 'foreign');
      // The mangled characters must be consistent: "/" cannot be "-" in one place and "+" in another.
      const inconsistent = `HTTPSÖ-+LMA.MIGRATIONSVERKET.SE-K-${CODE}`;
      assert.equal(read(inconsistent, true).kind, 'foreign');
      // A foreign address in front of ours is not a "scanner prefix".
      assert.equal(read(`EVIL.EXAMPLE${swedishLayout(QR)}`, true).kind, 'foreign');
    });
  });
});
