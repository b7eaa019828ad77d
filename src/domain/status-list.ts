// Status lists after W3C Bitstring Status List v1.0 (Recommendation, 15 May 2025). Each card
// has a random, never-reused entry in a list; an entry says what R11 says about the card, so a
// verifier that downloads the lists can check a scanned card without telling us which one (P1 by
// design). Pure: the bit layout, the meaning of each value, and the QR address grammar.

import { parseCardCode } from './card-code.ts';
import type { LookupAnswer } from './lookup.ts';
import { qrPayload } from './qr-payload.ts';

/** Bits per entry: not-valid (left bit) and AT-UND (right bit). */
export const STATUS_SIZE = 2;

/** The Recommendation's minimum number of entries per list (group privacy). */
export const MIN_LIST_ENTRIES = 131_072;

/** Entries per list (64 KiB uncompressed at 2 bits each). */
export const LIST_CAPACITY = 262_144;

/**
 * A list takes new cards until this many entries are used, then the next list opens. Half full:
 * a random free slot is found in two tries on average, and a full list hides each card among
 * 131 072 others for whoever fetches only that list.
 */
export const LIST_FILL_LIMIT = 131_072;

export type StatusValue = 0 | 1 | 2 | 3;

/** The value of an entry, and of every entry no card uses (not valid, no AT-UND). */
export const VALID = 0;
export const VALID_AT_UND = 1;
export const NOT_VALID = 2;
export const NOT_VALID_AT_UND = 3;
export const UNUSED_ENTRY: StatusValue = NOT_VALID;

/** `statusMessages` of the list credential: one per value, as the Recommendation asks for statusSize > 1. */
export const STATUS_MESSAGES: readonly { status: string; message: string }[] = Object.freeze([
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'valid_at_und' },
  { status: '0x2', message: 'not_valid' },
  { status: '0x3', message: 'not_valid_at_und' },
]);

/** R11 as an entry: a cancelled card (not valid, AT-UND false) reads like an unused entry. */
export function statusValueOf(answer: LookupAnswer): StatusValue {
  const notValid = answer.result === 'valid' ? 0 : 1;
  return ((notValid << 1) | (answer.atUnd ? 1 : 0)) as StatusValue;
}

/** The answer an entry gives (the inverse of statusValueOf). */
export function answerOfStatusValue(value: number): { result: 'valid' | 'not_valid'; atUnd: boolean } {
  return { result: value & 2 ? 'not_valid' : 'valid', atUnd: (value & 1) === 1 };
}

/** A bitstring of `entries` entries, every one unused. */
export function emptyBitstring(entries: number): Uint8Array {
  // 0b10101010: four unused entries (value 2) per byte.
  return new Uint8Array((entries * STATUS_SIZE) / 8).fill(0xaa);
}

/**
 * Writes an entry. Bit order as the Recommendation says: index 0 starts at the left-most (most
 * significant) bit of the first byte; entry i takes bits 2i and 2i + 1, the value's high bit first.
 */
export function writeEntry(bits: Uint8Array, index: number, value: StatusValue): void {
  const position = index * STATUS_SIZE;
  const byte = position >> 3;
  const shift = 6 - (position & 7);
  bits[byte] = ((bits[byte] as number) & ~(3 << shift)) | (value << shift);
}

export function readEntry(bits: Uint8Array, index: number): StatusValue {
  const position = index * STATUS_SIZE;
  return (((bits[position >> 3] as number) >> (6 - (position & 7))) & 3) as StatusValue;
}

// ---- the QR address ------------------------------------------------------------------------------
// C2: the QR holds {PUBLIC_BASE_URL}/K/{code} in upper case (QR alphanumeric mode). A local verifier
// also needs the card's list and entry, so the QR adds one path segment: /K/{code}/{list}.{index},
// decimal digits and a dot only. The server answers that address exactly like /k/{code}; the code
// on the card's back stays as it was.

export interface StatusEntryRef {
  list: number;
  index: number;
}

const ENTRY_SEGMENT = /^([1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,8})$/;

/** Reads `{list}.{index}` (the QR's last segment); null when it is not one. */
export function parseEntrySegment(segment: string): StatusEntryRef | null {
  const m = ENTRY_SEGMENT.exec(segment);
  if (!m) return null;
  return { list: Number(m[1]), index: Number(m[2]) };
}

/** The QR content for a card: `{BASE}/K/{CODE}/{LIST}.{INDEX}`, all upper case (C2). */
export function buildQrUrl(baseUrl: string, code: string, entry: StatusEntryRef | null): string {
  return qrPayload(baseUrl, code) + (entry ? `/${entry.list}.${entry.index}` : '');
}

export type ParsedQr =
  | { ok: true; code: string; entry: StatusEntryRef | null }
  | { ok: false; reason: 'other_service' | 'not_a_card_address' | 'malformed_code' };

/**
 * Reads what a scanner sent: our address (compared without regard to case), `/k/` or `/K/`, a code
 * (C1 reading rules) and, when present, the entry. A QR of another service is not ours to judge.
 */
export function parseQrUrl(baseUrl: string, scanned: string): ParsedQr {
  const base = baseUrl.replace(/\/+$/, '').toUpperCase();
  const text = scanned.trim();
  if (!text.toUpperCase().startsWith(`${base}/`)) return { ok: false, reason: 'other_service' };
  const rest = text.slice(base.length + 1).split(/[?#]/)[0] as string;
  const parts = rest.split('/');
  if (parts[0]?.toUpperCase() !== 'K' || parts.length < 2 || parts.length > 3)
    return { ok: false, reason: 'not_a_card_address' };
  const code = parseCardCode(parts[1] as string);
  if (!code.ok) return { ok: false, reason: 'malformed_code' };
  if (parts.length === 2 || parts[2] === '') return { ok: true, code: code.code, entry: null };
  const entry = parseEntrySegment(parts[2] as string);
  if (!entry) return { ok: false, reason: 'not_a_card_address' };
  return { ok: true, code: code.code, entry };
}
