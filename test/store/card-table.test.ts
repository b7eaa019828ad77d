// The read model's packed card table: every card found by exactly its code, through the growth of
// its columns and of its hash table, and nothing found for any other string.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ALPHABET, cardCodeFromRandom } from '../../src/domain/card-code.ts';
import { CardTable, INDEX, ROW } from '../../src/store/card-table.ts';

const randomCode = () => cardCodeFromRandom(randomBytes(8));

describe('card table', () => {
  it('finds each of 50 000 cards by its code, in the slot it was given, after every growth', () => {
    const table = new CardTable();
    const codes = Array.from({ length: 50_000 }, randomCode);
    const slots = codes.map((code, i) => {
      assert.equal(table.find(code), 0, 'not there before it is added');
      const slot = table.add(code);
      table.rows[slot * ROW + INDEX] = i;
      return slot;
    });
    assert.equal(slots[0], 1, 'slot 0 is never given, so a found card is always truthy');
    assert.equal(new Set(slots).size, codes.length);
    codes.forEach((code, i) => {
      assert.equal(table.find(code), slots[i], code);
      assert.equal(
        table.rows[(slots[i] as number) * ROW + INDEX],
        i,
        'the columns keep their values as they grow',
      );
    });
    assert.equal(table.end, codes.length + 1);
    for (let i = 0; i < 50_000; i++) assert.equal(table.find(randomCode()), 0);
  });

  it('tells apart codes that differ in one symbol, the check symbol included', () => {
    const table = new CardTable();
    const code = 'ABCDEFGHJKMN7';
    const slot = table.add(code);
    for (let at = 0; at < code.length; at++) {
      for (const symbol of ALPHABET) {
        const other = code.slice(0, at) + symbol + code.slice(at + 1);
        assert.equal(table.find(other), other === code ? slot : 0, other);
      }
    }
  });

  it('finds only the canonical spelling: no lower case, no O for 0, no other length, no other script', () => {
    const table = new CardTable();
    const code = '0123456789ABC';
    table.add(code);
    for (const other of [
      '0123456789abc',
      'O123456789ABC',
      '0123456789AB',
      '0123456789ABCD',
      '0123-456789ABC',
      '0123456789ABС', // the last letter Cyrillic
      '',
    ])
      assert.equal(table.find(other), 0, other);
  });

  it('keeps a code outside the canonical alphabet too, found by exactly that string', () => {
    const table = new CardTable();
    const packed = table.add('ABCDEFGHJKMN7');
    const other = table.add('abcdefghjkmn7');
    const growing = Array.from({ length: 3_000 }, randomCode).map((c) => [c, table.add(c)] as const);
    assert.notEqual(other, packed);
    assert.equal(table.find('abcdefghjkmn7'), other);
    assert.equal(table.find('ABCDEFGHJKMN7'), packed);
    for (const [c, slot] of growing) assert.equal(table.find(c), slot);
  });
});
