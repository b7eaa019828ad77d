// C1: the card's unique character combination. 12 Crockford base32 symbols carrying 60 random bits,
// plus one Luhn mod 32 check symbol, printed as XXXX-XXXX-XXXX-C.

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = 32;
const BODY_LENGTH = 12;
export const CODE_LENGTH = BODY_LENGTH + 1;

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  VALUE[ALPHABET.charCodeAt(i)] = i;
  VALUE[ALPHABET.toLowerCase().charCodeAt(i)] = i;
}
// Crockford's reading rules: O is 0; I and L are 1.
for (const [ch, v] of [
  ['O', 0],
  ['o', 0],
  ['I', 1],
  ['i', 1],
  ['L', 1],
  ['l', 1],
] as const) {
  VALUE[ch.charCodeAt(0)] = v;
}

/** Luhn mod N check symbol value over symbol values (rightmost body symbol is doubled). */
export function checkValue(values: ArrayLike<number>): number {
  let factor = 2;
  let sum = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    let addend = factor * (values[i] as number);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return (N - (sum % N)) % N;
}

export type ParsedCode = { ok: true; code: string } | { ok: false; reason: 'length' | 'symbol' | 'check' };

/**
 * Reads what a person typed or a scanner sent: case-insensitive, spaces and hyphens ignored,
 * O read as 0 and I/L as 1. Returns the canonical 13-symbol code or why it is not one.
 */
export function parseCardCode(input: string): ParsedCode {
  const values: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 45 /* - */ || c === 32 /* space */) continue;
    const v = c < 128 ? (VALUE[c] as number) : -1;
    if (v < 0) return { ok: false, reason: 'symbol' };
    values.push(v);
    if (values.length > CODE_LENGTH) return { ok: false, reason: 'length' };
  }
  if (values.length !== CODE_LENGTH) return { ok: false, reason: 'length' };
  const check = values.pop() as number;
  if (checkValue(values) !== check) return { ok: false, reason: 'check' };
  let code = '';
  for (const v of values) code += ALPHABET[v];
  return { ok: true, code: code + ALPHABET[check] };
}

/** Makes a code from 8 random bytes (60 of the 64 bits are used). The caller supplies a CSPRNG (C1, C3). */
export function cardCodeFromRandom(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new Error('a card code needs 8 random bytes');
  let bits = 0n;
  for (let i = 0; i < 8; i++) bits = (bits << 8n) | BigInt(bytes[i] as number);
  const values: number[] = [];
  for (let i = 0; i < BODY_LENGTH; i++) {
    values.push(Number(bits & 31n));
    bits >>= 5n;
  }
  const check = checkValue(values);
  return values.map((v) => ALPHABET[v]).join('') + ALPHABET[check];
}

/** 'ABCDEFGHJKMN7' → 'ABCD-EFGH-JKMN-7' as printed on the card. */
export function formatCardCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`;
}
