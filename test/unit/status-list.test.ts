// The status lists, the pure part: what each entry value means (R11), where its bits sit (the
// Recommendation's bit order), and the QR address grammar (C2: alphanumeric mode, code unchanged).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { cardCodeFromRandom, formatCardCode } from '../../src/domain/card-code.ts';
import {
  answerOfStatusValue,
  buildQrUrl,
  emptyBitstring,
  LIST_CAPACITY,
  LIST_FILL_LIMIT,
  MIN_LIST_ENTRIES,
  parseQrUrl,
  readEntry,
  STATUS_MESSAGES,
  statusValueOf,
  UNUSED_ENTRY,
  writeEntry,
} from '../../src/domain/status-list.ts';
import { entryAt } from '../support/bitstring.ts';

const CODE = cardCodeFromRandom(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
const BASE = 'https://lma.example.se';

describe('status list entries', () => {
  it('each of the four R11 answers of a known card has its own value, named in statusMessages', () => {
    const cases = [
      [{ result: 'valid', atUnd: false }, 0, 'valid'],
      [{ result: 'valid', atUnd: true }, 1, 'valid_at_und'],
      [{ result: 'not_valid', atUnd: false }, 2, 'not_valid'],
      [{ result: 'not_valid', atUnd: true }, 3, 'not_valid_at_und'],
    ] as const;
    for (const [answer, value, message] of cases) {
      assert.equal(statusValueOf(answer), value);
      assert.deepEqual(answerOfStatusValue(value), answer);
      assert.deepEqual(STATUS_MESSAGES[value], { status: `0x${value}`, message });
    }
  });

  it('an entry no card uses reads "not valid", so a made-up index never reads valid', () => {
    assert.deepEqual(answerOfStatusValue(UNUSED_ENTRY), { result: 'not_valid', atUnd: false });
    const bits = emptyBitstring(16);
    for (let i = 0; i < 16; i++) assert.equal(readEntry(bits, i), UNUSED_ENTRY);
  });

  it('index 0 is the left-most bit pair of the first byte; the value’s high bit comes first', () => {
    const bits = new Uint8Array(2);
    writeEntry(bits, 0, 1);
    assert.equal(bits[0], 0b0100_0000);
    writeEntry(bits, 3, 2);
    assert.equal(bits[0], 0b0100_0010);
    writeEntry(bits, 4, 3);
    assert.equal(bits[1], 0b1100_0000);
    writeEntry(bits, 0, 0);
    assert.equal(bits[0], 0b0000_0010, 'writing an entry leaves its neighbours alone');
    for (const [i, v] of [
      [0, 0],
      [3, 2],
      [4, 3],
    ] as const) {
      assert.equal(readEntry(bits, i), v);
      assert.equal(entryAt(Buffer.from(bits), i, 2), v, 'the test decoder agrees');
    }
  });

  it('lists are at least the Recommendation’s 131 072 entries, and full lists hide each card among 131 072', () => {
    assert.ok(LIST_CAPACITY >= MIN_LIST_ENTRIES);
    assert.ok(LIST_FILL_LIMIT >= MIN_LIST_ENTRIES);
    assert.equal(emptyBitstring(LIST_CAPACITY).length, 65_536);
  });
});

describe('the QR address with the entry (C2)', () => {
  it('is upper case in QR alphanumeric characters, and the code part is the code as printed', () => {
    const url = buildQrUrl(BASE, CODE, { list: 3, index: 262_143 });
    assert.equal(url, `HTTPS://LMA.EXAMPLE.SE/K/${CODE}/3.262143`);
    assert.match(url, /^[0-9A-Z $%*+\-./:]+$/);
    assert.equal(buildQrUrl(`${BASE}/`, CODE, null), `HTTPS://LMA.EXAMPLE.SE/K/${CODE}`);
  });

  it('reads back what it built, in any case, with or without the entry', () => {
    for (const entry of [null, { list: 1, index: 0 }, { list: 12, index: 131_071 }]) {
      const url = buildQrUrl(BASE, CODE, entry);
      assert.deepEqual(parseQrUrl(BASE, url), { ok: true, code: CODE, entry });
      assert.deepEqual(parseQrUrl(BASE, url.toLowerCase()), { ok: true, code: CODE, entry });
    }
    assert.deepEqual(parseQrUrl(BASE, `${BASE}/k/${formatCardCode(CODE)}`), {
      ok: true,
      code: CODE,
      entry: null,
    });
  });

  it('refuses what is not one of our card addresses, and catches a typo in the code (C1)', () => {
    const typo = CODE.slice(0, 3) + (CODE[3] === 'X' ? 'Y' : 'X') + CODE.slice(4);
    const cases: [string, string][] = [
      [`https://other.example/K/${CODE}/1.2`, 'other_service'],
      [`${BASE}/X/${CODE}/1.2`, 'not_a_card_address'],
      [`${BASE}/K/${CODE}/1.2/3`, 'not_a_card_address'],
      [`${BASE}/K/${CODE}/0.2`, 'not_a_card_address'],
      [`${BASE}/K/${CODE}/1.02`, 'not_a_card_address'],
      [`${BASE}/K/${CODE}/1-2`, 'not_a_card_address'],
      [`${BASE}/K/${typo}/1.2`, 'malformed_code'],
    ];
    for (const [text, reason] of cases) assert.deepEqual(parseQrUrl(BASE, text), { ok: false, reason }, text);
  });
});

describe('LMA_STATUS_LIST_TTL_SECONDS', () => {
  it('is 300 seconds unless set, and refused outside 10–86 400', () => {
    assert.equal(parseConfig({}).statusListTtlSeconds, 300);
    assert.equal(parseConfig({ LMA_STATUS_LIST_TTL_SECONDS: '60' }).statusListTtlSeconds, 60);
    for (const bad of ['5', '86401', 'soon'])
      assert.throws(() => parseConfig({ LMA_STATUS_LIST_TTL_SECONDS: bad }), ConfigError, bad);
  });
});
