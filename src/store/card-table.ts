// The read model's cards, packed: one slot per card in typed-array columns, found by an open-addressing
// hash table over the code's 65 bits. A million cards are a few flat arrays instead of two million
// objects and strings, so the garbage collector has almost nothing to mark in them, and a full
// collection under load stays short (docs/performance.md, "Mixed load").
//
// A slot is a card's handle for as long as the process runs: slots are never reused and a card never
// moves (slot 0 is never given, so a handle is always truthy). Only the columns' storage moves when
// they grow. The table stores the columns; what they mean is the read model's (read-model.ts).

import { ALPHABET, CODE_LENGTH } from '../domain/card-code.ts';

/** Each canonical symbol's value; -1 for anything else (lower case, O, I, L, U: not canonical). */
const SYMBOL = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SYMBOL[ALPHABET.charCodeAt(i)] = i;

// The key of the code encoded last (encode() sets them; no object per lookup): symbols 1–6 and 7–12
// as 30-bit numbers, and the check symbol.
let keyHigh = 0;
let keyLow = 0;
let keyCheck = 0;

/** Encodes a canonical code into the key above; false for any other string. */
function encode(code: string): boolean {
  if (code.length !== CODE_LENGTH) return false;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 12; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? (SYMBOL[c] as number) : -1;
    if (v < 0) return false;
    if (i < 6) high = (high << 5) | v;
    else low = (low << 5) | v;
  }
  const c = code.charCodeAt(12);
  const check = c < 128 ? (SYMBOL[c] as number) : -1;
  if (check < 0) return false;
  keyHigh = high;
  keyLow = low;
  keyCheck = check;
  return true;
}

/** The key above's hash: every bit of the key reaches every bit of the hash (murmur3's finaliser). */
function hashOfKey(): number {
  let h = keyHigh ^ Math.imul(keyLow, 0x9e3779b1) ^ Math.imul(keyCheck + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const FIRST_CAPACITY = 1024;

/**
 * A card's row: eight 32-bit fields, so a lookup reads one cache line for the card after one for the
 * hash table. The first three hold the key; the rest are the read model's (read-model.ts).
 */
export const ROW = 8;
const HIGH = 0;
const LOW = 1;
const CHECK = 2;
/** The card's state in the low byte, flags (suspended, dropped) above it. */
export const STATE = 3;
/** The number of the card's valid-until date; 0 for none. */
export const VALID_UNTIL = 4;
/** The number of the card's applicant entry; 0 for the ordinary applicant. */
export const APPLICANT = 5;
/** The card's status list (0 for none) and its index in it. */
export const LIST = 6;
export const INDEX = 7;

export class CardTable {
  /** Slots given so far, slot 0 included. */
  private used = 1;
  private capacity = FIRST_CAPACITY;
  /** Slot numbers by hash, linear probing; 0 is an empty place. At most half full. */
  private places = new Int32Array(FIRST_CAPACITY * 2);
  private packed = 0;
  /** Codes that are not canonical (none from parseCardCode or cardCodeFromRandom; kept all the same). */
  private readonly others = new Map<string, number>();
  /** Every card's row: slot × ROW + field. Replaced by a larger copy as the table grows. */
  rows = new Int32Array(FIRST_CAPACITY * ROW);

  /** The bytes the table's arrays hold (outside V8's heap). */
  get bytes(): number {
    return this.rows.byteLength + this.places.byteLength;
  }

  /** One more than the highest slot given: slots run from 1 to end - 1. */
  get end(): number {
    return this.used;
  }

  /** The slot of the card with exactly this code, or 0. */
  find(code: string): number {
    if (!encode(code)) return this.others.get(code) ?? 0;
    const places = this.places;
    const rows = this.rows;
    const mask = places.length - 1;
    for (let at = hashOfKey() & mask; ; at = (at + 1) & mask) {
      const slot = places[at] as number;
      if (slot === 0) return 0;
      const row = slot * ROW;
      if (rows[row + LOW] === keyLow && rows[row + HIGH] === keyHigh && rows[row + CHECK] === keyCheck)
        return slot;
    }
  }

  /** A new slot for a code not in the table (find() gave 0), its other fields all 0. */
  add(code: string): number {
    if (this.used === this.capacity) this.grow();
    const slot = this.used++;
    if (!encode(code)) {
      this.others.set(code, slot);
      // A key no canonical code has (its check symbol is at most 31), so find() never matches it.
      this.rows[slot * ROW + CHECK] = -1;
      return slot;
    }
    const row = slot * ROW;
    this.rows[row + HIGH] = keyHigh;
    this.rows[row + LOW] = keyLow;
    this.rows[row + CHECK] = keyCheck;
    if (++this.packed * 2 > this.places.length) this.rehash(this.places.length * 2);
    else this.place(slot, hashOfKey());
    return slot;
  }

  private place(slot: number, hash: number): void {
    const places = this.places;
    const mask = places.length - 1;
    let at = hash & mask;
    while (places[at] !== 0) at = (at + 1) & mask;
    places[at] = slot;
  }

  /** Every packed slot placed again in a table of `size` places (a power of two). */
  private rehash(size: number): void {
    this.places = new Int32Array(size);
    const rows = this.rows;
    for (let slot = 1; slot < this.used; slot++) {
      const row = slot * ROW;
      if (rows[row + CHECK] === -1) continue;
      keyHigh = rows[row + HIGH] as number;
      keyLow = rows[row + LOW] as number;
      keyCheck = rows[row + CHECK] as number;
      this.place(slot, hashOfKey());
    }
  }

  private grow(): void {
    this.capacity *= 2;
    const rows = new Int32Array(this.capacity * ROW);
    rows.set(this.rows);
    this.rows = rows;
  }
}
