// R16: the holder's personal code. Ten Crockford base32 symbols (50 random bits from a CSPRNG),
// printed XXXXX-XXXXX in the card-ready letter. Read like a card code (C1): case, spaces and hyphens
// ignored, O as 0 and I or L as 1. It has no check symbol: a typing error is just a wrong code.

import { ALPHABET } from './card-code.ts';

export const PERSONAL_CODE_LENGTH = 10;
/** The bytes of randomness one code takes (50 bits are used). */
export const PERSONAL_CODE_RANDOM_BYTES = 7;

const READS_AS: Record<string, string> = { O: '0', I: '1', L: '1' };

/** A fresh code from `random` (at least 7 bytes from a CSPRNG): the canonical 10 symbols. */
export function personalCodeFromRandom(random: Uint8Array): string {
  if (random.length < PERSONAL_CODE_RANDOM_BYTES) throw new Error('a personal code needs 7 random bytes');
  let bits = 0n;
  for (let i = 0; i < PERSONAL_CODE_RANDOM_BYTES; i++) bits = (bits << 8n) | BigInt(random[i] as number);
  let code = '';
  for (let i = 0; i < PERSONAL_CODE_LENGTH; i++) {
    code += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return code;
}

/** How a code is printed: XXXXX-XXXXX. */
export function formatPersonalCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What someone typed, as the canonical code, or null when it cannot be one. */
export function parsePersonalCode(input: string): string | null {
  if (input.length > 40) return null;
  let code = '';
  for (const raw of input.toUpperCase()) {
    if (raw === '-' || raw === ' ') continue;
    const ch = READS_AS[raw] ?? raw;
    if (!ALPHABET.includes(ch)) return null;
    code += ch;
  }
  return code.length === PERSONAL_CODE_LENGTH ? code : null;
}
