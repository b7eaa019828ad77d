// C1 in the browser: the card code's Luhn mod 32 check, so the verifier catches a typo before anything
// is sent. A port of src/domain/card-code.ts (plain JS: the browser runs it as is); the server's tests
// (test/unit/verify-card-code.test.ts) cross-check it against parseCardCode on many codes and typos.

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 13;
const N = 32;

const VALUE = new Map();
for (let i = 0; i < ALPHABET.length; i++) {
  VALUE.set(ALPHABET[i], i);
  VALUE.set(ALPHABET[i].toLowerCase(), i);
}
// Crockford's reading rules: O is 0; I and L are 1.
for (const [ch, v] of [
  ['O', 0],
  ['o', 0],
  ['I', 1],
  ['i', 1],
  ['L', 1],
  ['l', 1],
]) {
  VALUE.set(ch, v);
}

/** The value of one typed symbol (0–31), or -1 when it is not a code symbol. */
export function symbolValue(ch) {
  const v = VALUE.get(ch);
  return v === undefined ? -1 : v;
}

/** Luhn mod N check symbol value over symbol values (rightmost body symbol is doubled). */
export function checkValue(values) {
  let factor = 2;
  let sum = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    let addend = factor * values[i];
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return (N - (sum % N)) % N;
}

/**
 * What a person typed, read as the server reads it: case-insensitive, spaces and hyphens ignored,
 * O as 0 and I/L as 1. → {ok: true, code} or {ok: false, reason: 'length' | 'symbol' | 'check'}.
 */
export function parseCardCode(input) {
  const values = [];
  for (const ch of input) {
    if (ch === '-' || ch === ' ') continue;
    const v = symbolValue(ch);
    if (v < 0) return { ok: false, reason: 'symbol' };
    values.push(v);
    if (values.length > CODE_LENGTH) return { ok: false, reason: 'length' };
  }
  if (values.length !== CODE_LENGTH) return { ok: false, reason: 'length' };
  const check = values.pop();
  if (checkValue(values) !== check) return { ok: false, reason: 'check' };
  return { ok: true, code: values.map((v) => ALPHABET[v]).join('') + ALPHABET[check] };
}

/** 'ABCDEFGHJKMN7' → 'ABCD-EFGH-JKMN-7' as printed on the card. */
export function formatCardCode(code) {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`;
}

/**
 * The live state of the code field while someone types:
 * empty | partial (count) | symbol (the first bad character) | long (count) | check | ok (code).
 */
export function describeCodeInput(input) {
  let count = 0;
  for (const ch of input) {
    if (ch === '-' || ch === ' ') continue;
    if (symbolValue(ch) < 0) return { state: 'symbol', symbol: ch, count };
    count++;
  }
  if (count === 0) return { state: 'empty', count };
  if (count < CODE_LENGTH) return { state: 'partial', count };
  if (count > CODE_LENGTH) return { state: 'long', count };
  const parsed = parseCardCode(input);
  return parsed.ok ? { state: 'ok', count, code: parsed.code } : { state: 'check', count };
}
