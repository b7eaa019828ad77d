// An independent reader of W3C Bitstring Status List credentials, for tests: it shares no code with
// src/ (its own base64url, node:zlib's gunzip, its own bit arithmetic), so a mistake in the
// service's encoding cannot cancel out a mistake in reading it.

import { gunzipSync } from 'node:zlib';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** RFC 4648 §5 base64url without padding, decoded by hand. */
export function decodeBase64url(text: string): Buffer {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text) {
    const v = B64URL.indexOf(ch);
    if (v < 0) throw new Error(`not base64url: ${JSON.stringify(ch)}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The payload of a compact JWS, unverified (verification is jose's job in the tests). */
export function jwsParts(jws: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = jws.split('.');
  return {
    header: JSON.parse(decodeBase64url(h as string).toString('utf8')),
    payload: JSON.parse(decodeBase64url(p as string).toString('utf8')),
  };
}

/** encodedList → bitstring: multibase prefix 'u' (base64url, no padding), then gzip (RFC 1952). */
export function expandEncodedList(encodedList: string): Buffer {
  if (encodedList[0] !== 'u') throw new Error('multibase prefix is not u (base64url)');
  return gunzipSync(decodeBase64url(encodedList.slice(1)));
}

/** The entry at `index` of `size` bits: index 0 starts at the left-most bit of the first byte. */
export function entryAt(bitstring: Buffer, index: number, size: number): number {
  let value = 0;
  for (let k = 0; k < size; k++) {
    const position = index * size + k;
    const bit = ((bitstring[Math.floor(position / 8)] as number) >> (7 - (position % 8))) & 1;
    value = value * 2 + bit;
  }
  return value;
}

/** The entry value docs/status-list.md promises for each status answer, by `result/atUnd`. */
export const ENTRY_FOR_ANSWER: Readonly<Record<string, number>> = {
  'valid/false': 0,
  'valid/true': 1,
  'not_valid/false': 2,
  'not_valid/true': 3,
};
