// Every card at once, for the read model's load: one read of every card with its status-list entry
// as COPY text, parsed straight from the bytes, because reading a million rows one by one costs far
// more than the data (docs/performance.md).

import type { CalendarDate } from '../domain/calendar.ts';
import type { CardState } from '../domain/card.ts';
import { type Queryable, readRowsAsText } from './db.ts';

/** One card of the bulk read; `list` and `index` are 0 for a card without a status-list entry. */
export type BulkCard = (
  code: string,
  state: CardState,
  validUntil: CalendarDate | null,
  list: number,
  index: number,
) => void;

/** A canonical card code's length (domain/card-code.ts). */
const CODE_LENGTH = 13;

/** A card's state by the byte of its initial in the bulk read. */
const STATE_BY_INITIAL: Record<number, CardState> = {
  111: 'ordered',
  112: 'produced',
  97: 'active',
  99: 'cancelled',
};
const DASH = 0x2d;
const ZERO = 0x30;
const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

/** Reads every card not purged (R15) and calls `each` with it, in the order the database gives them. */
export async function readCardsInBulk(db: Queryable, each: BulkCard): Promise<void> {
  parseCards(await readCardsAsText(db), each);
}

/**
 * Every card with its status-list entry, as COPY text (readRowsAsText): the code, the state's
 * initial, valid-until (ISO under PostgreSQL's default DateStyle, checked while parsing), and the
 * list and index, null for a card without an entry.
 */
function readCardsAsText(db: Queryable): Promise<Buffer> {
  return readRowsAsText(
    db,
    ['c.code', 'left(c.state, 1)', 'c.valid_until', 'e.list_no', 'e.idx'],
    // R15: a purged applicant's cards are not loaded (the anti-join reads the small purges table once).
    `cards c LEFT JOIN status_list_entries e ON e.card_id = c.id
      WHERE NOT EXISTS (SELECT 1 FROM purges x WHERE x.applicant_id = c.applicant_id)`,
  );
}

/**
 * Each line: code TAB state initial TAB valid-until TAB list TAB index NEWLINE, where a missing
 * valid-until, list or index is \N.
 */
function parseCards(bulk: Buffer, each: BulkCard): void {
  const dates = new Map<number, CalendarDate>();
  const end = bulk.length;
  let at = 0;
  const expect = (byte: number) => {
    if (bulk[at] !== byte) throw new Error(`cards read in bulk: unexpected byte ${bulk[at]} at ${at}`);
    at++;
  };
  while (at < end) {
    const code = bulk.toString('latin1', at, at + CODE_LENGTH);
    at += CODE_LENGTH;
    expect(TAB);
    const state = STATE_BY_INITIAL[bulk[at++] as number] as CardState;
    expect(TAB);
    let validUntil: CalendarDate | null = null;
    if (bulk[at] === BACKSLASH) at += 2;
    else {
      // YYYY-MM-DD, read as a number straight from the bytes; dates repeat (a few hundred distinct
      // ones), so each becomes one string shared by every card.
      if (bulk[at + 4] !== DASH || bulk[at + 7] !== DASH)
        throw new Error('valid_until is not ISO (DateStyle)');
      let key = 0;
      for (let i = at; i < at + 10; i++)
        if (i !== at + 4 && i !== at + 7) key = key * 10 + ((bulk[i] as number) - ZERO);
      validUntil = dates.get(key) ?? null;
      if (validUntil === null) {
        validUntil = bulk.toString('latin1', at, at + 10);
        dates.set(key, validUntil);
      }
      at += 10;
    }
    expect(TAB);
    let list = 0;
    if (bulk[at] === BACKSLASH) at += 2;
    else while (at < end && bulk[at] !== TAB) list = list * 10 + ((bulk[at++] as number) - ZERO);
    expect(TAB);
    let index = 0;
    if (bulk[at] === BACKSLASH) at += 2;
    else while (at < end && bulk[at] !== NEWLINE) index = index * 10 + ((bulk[at++] as number) - ZERO);
    expect(NEWLINE);
    each(code, state, validUntil, list, index);
  }
}
