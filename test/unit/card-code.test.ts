import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALPHABET,
  CODE_LENGTH,
  cardCodeFromRandom,
  checkValue,
  formatCardCode,
  parseCardCode,
} from '../../src/domain/card-code.ts';
import { seeded as prng, seededBytes as randomBytes } from '../support/random.ts';

// C1 spelled out independently: Crockford base32, values in alphabet order.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = CROCKFORD.length;

function codePoint(ch: string): number {
  const v = CROCKFORD.indexOf(ch);
  if (v < 0) throw new Error(`not a Crockford symbol: ${ch}`);
  return v;
}

/**
 * Wikipedia, "Luhn mod N algorithm": the sum both generateCheckCharacter and validateCheckCharacter
 * compute, transcribed; `factor` is the first factor (2 when generating, 1 when validating).
 */
function wikipediaSum(input: string, factor: number): number {
  let sum = 0;
  for (let i = input.length - 1; i >= 0; i--) {
    let addend = factor * codePoint(input.charAt(i));
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return sum;
}

/** Wikipedia, "Luhn mod N algorithm", generateCheckCharacter, transcribed. */
function wikipediaGenerateCheckCharacter(input: string): string {
  const remainder = wikipediaSum(input, 2) % N;
  return CROCKFORD.charAt((N - remainder) % N);
}

/** Wikipedia, "Luhn mod N algorithm", validateCheckCharacter, transcribed. */
function wikipediaValidateCheckCharacter(input: string): boolean {
  return wikipediaSum(input, 1) % N === 0;
}

function randomBody(next: () => number): string {
  let body = '';
  for (let i = 0; i < 12; i++) body += CROCKFORD.charAt(Math.floor(next() * N));
  return body;
}

function withCheck(body: string): string {
  return body + wikipediaGenerateCheckCharacter(body);
}

function parsed(input: string): string {
  const p = parseCardCode(input);
  assert.ok(p.ok, `${JSON.stringify(input)} should parse, got ${JSON.stringify(p)}`);
  return p.code;
}

function reason(input: string): string {
  const p = parseCardCode(input);
  assert.ok(!p.ok, `${JSON.stringify(input)} should not parse`);
  return p.reason;
}

// A handful of valid codes used by the exhaustive checks below.
const SAMPLE_CODES = (() => {
  const next = prng(20260602);
  const codes = [withCheck('000000000000'), withCheck('ZZZZZZZZZZZZ'), withCheck('0123456789AB')];
  for (let i = 0; i < 5; i++) codes.push(withCheck(randomBody(next)));
  return codes;
})();

describe('C1: the alphabet', () => {
  it('C1: is Crockford base32, 32 symbols in value order without I, L, O and U', () => {
    assert.equal(ALPHABET, CROCKFORD);
    assert.equal(new Set(ALPHABET).size, 32);
    for (const ch of 'ILOU') assert.ok(!ALPHABET.includes(ch), `${ch} must not be in the alphabet`);
    assert.equal(CODE_LENGTH, 13);
  });
});

describe('C1: the Luhn mod 32 check symbol agrees with an independent implementation', () => {
  it('C1: the check symbol of 500 seeded random bodies matches Wikipedia’s Luhn mod N', () => {
    const next = prng(1);
    for (let i = 0; i < 500; i++) {
      const body = randomBody(next);
      const expected = wikipediaGenerateCheckCharacter(body);
      assert.equal(ALPHABET[checkValue([...body].map(codePoint))], expected, body);
      assert.equal(parsed(body + expected), body + expected);
      assert.ok(wikipediaValidateCheckCharacter(body + expected));
    }
  });

  it('C1: cardCodeFromRandom appends the check symbol Wikipedia’s Luhn mod N generates (300 seeded inputs)', () => {
    const next = prng(2);
    for (let i = 0; i < 300; i++) {
      const code = cardCodeFromRandom(randomBytes(next));
      assert.equal(code.slice(12), wikipediaGenerateCheckCharacter(code.slice(0, 12)), code);
      assert.ok(wikipediaValidateCheckCharacter(code), code);
    }
  });

  it('C1: known values: all zeros check to 0, all Z check to C, 0123456789AB checks to the computed symbol', () => {
    assert.equal(wikipediaGenerateCheckCharacter('000000000000'), '0');
    // Each Z is 31; doubled 62 → 1 + 30 = 31; so the sum is 12 × 31 = 372 ≡ 20 (mod 32), check (32 − 20) = 12 = C.
    assert.equal(wikipediaGenerateCheckCharacter('ZZZZZZZZZZZZ'), 'C');
    assert.equal(checkValue(new Array(12).fill(31)), 12);
    assert.equal(checkValue(new Array(12).fill(0)), 0);
  });
});

describe('C1: cardCodeFromRandom', () => {
  it('C1: makes 13 symbols of the alphabet that parseCardCode accepts unchanged (1000 seeded inputs)', () => {
    const next = prng(3);
    for (let i = 0; i < 1000; i++) {
      const code = cardCodeFromRandom(randomBytes(next));
      assert.equal(code.length, 13);
      assert.match(code, /^[0-9A-HJKMNP-TV-Z]{13}$/);
      assert.equal(parsed(code), code);
      assert.equal(parsed(formatCardCode(code)), code);
    }
  });

  it('C1: all-zero random bytes give a valid code', () => {
    const code = cardCodeFromRandom(new Uint8Array(8));
    assert.equal(code, '0000000000000');
    assert.equal(parsed(code), code);
  });

  it('C1: all-0xff random bytes give a valid code', () => {
    const code = cardCodeFromRandom(new Uint8Array(8).fill(0xff));
    assert.equal(code, 'ZZZZZZZZZZZZC');
    assert.equal(parsed(code), code);
  });

  it('C1, S1: each of 60 of the 64 input bits changes the code; the other 4 are unused', () => {
    const base = new Uint8Array(8);
    const baseCode = cardCodeFromRandom(base);
    const codes = new Set<string>();
    let unused = 0;
    for (let bit = 0; bit < 64; bit++) {
      const bytes = new Uint8Array(8);
      bytes[bit >> 3] = 1 << (7 - (bit & 7));
      const code = cardCodeFromRandom(bytes);
      if (code === baseCode) unused++;
      else codes.add(code.slice(0, 12));
    }
    assert.equal(unused, 4);
    assert.equal(codes.size, 60);
  });

  it('C1: uses the first 8 bytes and refuses fewer', () => {
    assert.throws(() => cardCodeFromRandom(new Uint8Array(7)), /8 random bytes/);
    assert.throws(() => cardCodeFromRandom(new Uint8Array(0)), /8 random bytes/);
    const bytes = randomBytes(prng(4), 16);
    assert.equal(cardCodeFromRandom(bytes), cardCodeFromRandom(bytes.slice(0, 8)));
  });

  it('C1: distinct random inputs give distinct codes (10 000 seeded inputs, no collisions)', () => {
    const next = prng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(cardCodeFromRandom(randomBytes(next)));
    assert.equal(seen.size, 10_000);
  });
});

describe('C1: parseCardCode reads what people type', () => {
  const code = withCheck('01ABCDEFGH01');

  it('C1: accepts the canonical code and the printed grouping', () => {
    assert.equal(parsed(code), code);
    assert.equal(parsed(formatCardCode(code)), code);
  });

  it('C1: is case-insensitive and returns the canonical upper-case code', () => {
    assert.equal(parsed(code.toLowerCase()), code);
    assert.equal(parsed(formatCardCode(code).toLowerCase()), code);
    const mixed = [...code].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join('');
    assert.equal(parsed(mixed), code);
  });

  it('C1: ignores spaces and hyphens wherever they are', () => {
    assert.equal(parsed(code.split('').join(' ')), code);
    assert.equal(parsed(code.split('').join('-')), code);
    assert.equal(parsed(`  ${code.slice(0, 4)} ${code.slice(4, 8)}--${code.slice(8)}  `), code);
    assert.equal(parsed(`-${code}-`), code);
  });

  it('C1: reads O as 0 and I or L as 1, in either case', () => {
    // code is 01ABCDEFGH01 + check: positions 0 and 10 are 0, positions 1 and 11 are 1.
    const typed = ['O', 'I', code.slice(2, 10), 'o', 'l', code.slice(12)].join('');
    assert.equal(parsed(typed), code);
    assert.equal(parsed(`oL${code.slice(2, 10)}Oi${code.slice(12)}`), code);
    const canonical = withCheck('011011011011');
    assert.equal(parsed(`OIL0IL0ILoil${canonical.slice(12)}`), canonical);
  });

  it('C1: a check symbol typed as O, I or L is read as 0 or 1', () => {
    const next = prng(6);
    let sawZero = false;
    let sawOne = false;
    for (let i = 0; i < 2000 && !(sawZero && sawOne); i++) {
      const c = withCheck(randomBody(next));
      if (c.endsWith('0')) {
        sawZero = true;
        assert.equal(parsed(`${c.slice(0, 12)}O`), c);
      }
      if (c.endsWith('1')) {
        sawOne = true;
        assert.equal(parsed(`${c.slice(0, 12)}I`), c);
        assert.equal(parsed(`${c.slice(0, 12)}l`), c);
      }
    }
    assert.ok(sawZero && sawOne);
  });

  const lengthCases: [string, string][] = [
    ['', 'nothing at all'],
    ['   ', 'only spaces'],
    ['----', 'only hyphens'],
    [code.slice(0, 12), 'one symbol short'],
    [formatCardCode(code).slice(0, -1), 'the printed code without its check symbol'],
    [`${code}0`, 'one symbol too many'],
    [code + code, 'the code twice'],
    ['0', 'a single symbol'],
  ];
  for (const [input, why] of lengthCases) {
    it(`C1, R11: ${JSON.stringify(input)} is refused for its length (${why})`, () => {
      assert.equal(reason(input), 'length');
    });
  }

  const symbolCases: [string, string][] = [
    [`U${code.slice(1)}`, 'U is not in the alphabet'],
    [`${code.slice(0, 12)}u`, 'lower-case u is not in the alphabet'],
    [`${code.slice(0, 6)}*${code.slice(7)}`, 'an asterisk'],
    [`${code.slice(0, 6)}_${code.slice(7)}`, 'an underscore'],
    [`${code.slice(0, 4)}.${code.slice(4)}`, 'a dot as separator'],
    [`${code.slice(0, 4)}\t${code.slice(4)}`, 'a tab'],
    [`Å${code.slice(1)}`, 'a Swedish letter'],
    [`${code.slice(0, 12)}Ö`, 'a Swedish letter as check symbol'],
    [`${code.slice(0, 4)}\u2013${code.slice(4)}`, 'an en dash'],
    ['https://example.se/k/', 'a URL'],
  ];
  for (const [input, why] of symbolCases) {
    it(`C1, R11: ${JSON.stringify(input)} is refused for a symbol (${why})`, () => {
      assert.equal(reason(input), 'symbol');
    });
  }
});

describe('C1, R11: a typo must never read as another card', () => {
  it('C1: every single-symbol substitution of a valid code is refused with reason "check"', () => {
    let tried = 0;
    for (const code of SAMPLE_CODES) {
      assert.equal(parsed(code), code);
      for (let pos = 0; pos < 13; pos++) {
        for (const symbol of ALPHABET) {
          if (symbol === code[pos]) continue;
          const typo = code.slice(0, pos) + symbol + code.slice(pos + 1);
          assert.equal(reason(typo), 'check', `${code} → ${typo}`);
          assert.equal(reason(typo.toLowerCase()), 'check', `${code} → ${typo.toLowerCase()}`);
          tried++;
        }
      }
    }
    assert.equal(tried, SAMPLE_CODES.length * 13 * 31);
  });

  it('C1: substituting O, I or L where they do not read as the original symbol is refused with "check"', () => {
    for (const code of SAMPLE_CODES) {
      for (let pos = 0; pos < 13; pos++) {
        for (const [alias, value] of [
          ['O', '0'],
          ['I', '1'],
          ['L', '1'],
        ] as const) {
          const typed = code.slice(0, pos) + alias + code.slice(pos + 1);
          if (code[pos] === value) assert.equal(parsed(typed), code);
          else assert.equal(reason(typed), 'check', `${code} → ${typed}`);
        }
      }
    }
  });

  // Luhn mod N detects a swap of neighbours a, b unless d(a) − a ≡ d(b) − b (mod N), where d doubles and
  // folds. For N = 32 that is v for v < 16 and v + 1 for v ≥ 16, which coincide only for 0 and 31 ('0' and 'Z').
  const undetectable = (a: string, b: string): boolean =>
    (a === '0' && b === 'Z') || (a === 'Z' && b === '0');

  it('C1: every adjacent transposition of two different symbols is caught except 0 ↔ Z (exhaustive over pairs and positions)', () => {
    const next = prng(7);
    let missed = 0;
    let tried = 0;
    for (let pos = 0; pos < 12; pos++) {
      for (const a of ALPHABET) {
        for (const b of ALPHABET) {
          if (a === b) continue;
          // Positions 0..10: both inside the body; position 11: the last body symbol and the check symbol.
          let code: string;
          if (pos < 11) {
            const body = randomBody(next);
            code = withCheck(body.slice(0, pos) + a + b + body.slice(pos + 2));
          } else {
            // The check symbol is not free: choose the first symbol (weight 1, a bijection) so it comes out as b.
            const rest = randomBody(next).slice(1, 11) + a;
            const first = [...ALPHABET].find(
              (s) => wikipediaGenerateCheckCharacter(s + rest) === b,
            ) as string;
            code = withCheck(first + rest);
            assert.equal(code.slice(11), a + b);
          }
          const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
          const result = parseCardCode(swapped);
          tried++;
          if (undetectable(a, b)) {
            assert.ok(result.ok, `${code} → ${swapped}: Luhn mod 32 cannot see a 0 ↔ Z swap`);
            missed++;
          } else {
            assert.deepEqual(result, { ok: false, reason: 'check' }, `${code} → ${swapped}`);
          }
        }
      }
    }
    assert.equal(tried, 12 * 32 * 31);
    assert.equal(missed, 12 * 2);
  });

  it('C1: on 20 000 seeded random codes, adjacent transpositions are caught at the rate the algorithm guarantees', (t) => {
    const next = prng(8);
    let swaps = 0;
    let caught = 0;
    let zeroZ = 0;
    for (let i = 0; i < 20_000; i++) {
      const code = cardCodeFromRandom(randomBytes(next));
      for (let pos = 0; pos < 12; pos++) {
        const a = code[pos] as string;
        const b = code[pos + 1] as string;
        if (a === b) continue;
        swaps++;
        const swapped = code.slice(0, pos) + b + a + code.slice(pos + 2);
        const result = parseCardCode(swapped);
        if (undetectable(a, b)) {
          zeroZ++;
          assert.ok(result.ok, `${code} → ${swapped}`);
        } else {
          assert.deepEqual(result, { ok: false, reason: 'check' }, `${code} → ${swapped}`);
          caught++;
        }
      }
    }
    assert.equal(caught + zeroZ, swaps);
    // Of the 32 × 31 ordered pairs of different symbols, 2 (0Z and Z0) go unseen: 990/992 ≈ 99.8 %.
    const rate = caught / swaps;
    t.diagnostic(`adjacent transpositions caught: ${caught} of ${swaps} (${(rate * 100).toFixed(3)} %)`);
    assert.ok(rate > 0.995 && rate < 1, `caught ${caught} of ${swaps} (${(rate * 100).toFixed(3)} %)`);
  });
});

describe('C1: formatCardCode', () => {
  it('C1: prints XXXX-XXXX-XXXX-C', () => {
    assert.equal(formatCardCode('ABCDEFGHJKMN7'), 'ABCD-EFGH-JKMN-7');
    assert.equal(formatCardCode('0000000000000'), '0000-0000-0000-0');
  });

  it('C1: every printed code matches the printed pattern and reads back as itself', () => {
    const next = prng(9);
    for (let i = 0; i < 200; i++) {
      const code = cardCodeFromRandom(randomBytes(next));
      const printed = formatCardCode(code);
      assert.match(printed, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
      assert.equal(printed.replaceAll('-', ''), code);
      assert.equal(parsed(printed), code);
    }
  });
});
