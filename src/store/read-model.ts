// The lookup read model: what R11 needs for every card, in memory, so a lookup never waits on SQL.
// Built at start-up; updated by the same code path that commits each change (services/), ordered by
// the applicant's version so an older projection never overwrites a newer one.

import type { CalendarDate } from '../domain/calendar.ts';
import type { CardState } from '../domain/card.ts';
import type { CoverageSummary } from '../domain/coverage.ts';
import { type LookupAnswer, UNKNOWN } from '../domain/lookup.ts';
import { publicAnswerOn, type StandingCard } from '../domain/standing.ts';
import { type StatusEntryRef, type StatusValue, statusValueOf } from '../domain/status-list.ts';
import { readCardsInBulk } from './bulk-cards.ts';
import { APPLICANT, CardTable, INDEX, LIST, ROW, STATE, VALID_UNTIL } from './card-table.ts';
import type { Queryable } from './db.ts';
import { type ApplicantProjection, listApplicantsWithHistory, loadProjections } from './projection-store.ts';

interface ApplicantEntry {
  version: number;
  coverage: CoverageSummary;
  /** A training applicant: answers carry "specimen": true. Fixed at registration. */
  specimen: boolean;
}

/**
 * A card found by `card()`: hand it back to answerOf and statusEntryJsonOf. It is the card's slot in
 * the table (card-table.ts): a number above 0, the same card's for as long as the process runs.
 */
declare const foundCard: unique symbol;
export type FoundCard = number & { readonly [foundCard]: true };

/** A card's state by its number in the table's state column. */
const STATES: readonly CardState[] = ['ordered', 'produced', 'active', 'cancelled'];
const STATE_NUMBER: Readonly<Record<CardState, number>> = {
  ordered: 0,
  produced: 1,
  active: 2,
  cancelled: 3,
};
/** The state's bits in its field; flags above them. */
const STATE_BITS = 0xff;
/** R16: an open report by the holder that the card is lost or stolen. */
const SUSPENDED = 0x100;
/** The card's applicant was purged (R15): the card answers nothing and lists nothing. */
const DROPPED = 0x200;

/** How an entry is written in a status answer (services/status-lists.ts); see statusEntryJsonOf. */
export interface StatusEntryJson {
  /** The entry as the status answer's last JSON members. */
  entryJsonOf(list: number, index: number): string;
}

const NO_COVERAGE_CHANGES: CoverageSummary = Object.freeze({
  coverageEndsOn: null,
  coverageEndedBy: null,
  atUnd: Object.freeze([]),
});

/**
 * The applicant of every card loaded in bulk whose applicant has one card, no decision and no AT-UND
 * (most cards): no coverage changes, not a specimen, and version 0. Version 0 is safe: every projection applied after
 * load() was read from the database after load() read the card, so it is never older than what was
 * loaded, and apply() gives the card an applicant entry of its own before changing anything.
 */
const ORDINARY: ApplicantEntry = Object.freeze({
  version: 0,
  coverage: NO_COVERAGE_CHANGES,
  specimen: false,
});

export class ReadModel {
  private readonly cards = new CardTable();
  /** Cards in the table not dropped. */
  private live = 0;
  /**
   * Applicants by their number in the table's applicant column: 0 is ORDINARY, the others are the
   * applicants with several cards, a decision, AT-UND or a specimen card, shared by all their cards.
   */
  private readonly applicants: ApplicantEntry[] = [ORDINARY];
  /** Valid-until dates by their number in the table's column; 0 is none. A few hundred distinct. */
  private readonly dates: (CalendarDate | null)[] = [null];
  private readonly dateNumbers = new Map<CalendarDate, number>();
  /** What answerOf hands to the standing rules: one object, filled for each answer. */
  private readonly standing: StandingCard = { state: 'ordered', validUntil: null, suspended: false };
  private loaded = false;
  /** A single process (the embedded database) is always current; a follower says otherwise. */
  private current = true;
  private answerable = false;
  /** The last change (outbox seq) this model is known to include. */
  lastSeq = 0;
  /** Cards the last load() read without a status-list entry (made before status lists; see loadLookups). */
  cardsWithoutEntry = 0;
  private readonly listeners: ((p: ApplicantProjection) => void)[] = [];
  /**
   * Codes of cards this model dropped because their applicant was purged (R15), so that an older
   * projection applied late (a write that committed just before the purge) cannot bring them back.
   */
  private readonly purgedCodes = new Set<string>();

  /** Calls `listener` with every projection applied from now on (the status lists follow this way). */
  onApply(listener: (p: ApplicantProjection) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Whether public answers may be given from this model: loaded, and (with several instances) known
   * to be current. One field, so the lookup's hot path checks one boolean (C5).
   */
  get isReady(): boolean {
    return this.answerable;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** False while this instance cannot know it has every change (the change follower says). */
  get isCurrent(): boolean {
    return this.current;
  }

  setCurrent(current: boolean): void {
    this.current = current;
    this.answerable = this.loaded && current;
  }

  /** The bytes of the card table's arrays, which V8's heap figures leave out. */
  get tableBytes(): number {
    return this.cards.bytes;
  }

  get cardCount(): number {
    return this.live;
  }

  markReady(): void {
    this.loaded = true;
    this.answerable = this.current;
  }

  /** R11 for a canonical code; `unknown` when no card has it. A specimen card's answer says so. */
  lookup(code: string, today: CalendarDate): LookupAnswer {
    return this.find(code, today) ?? UNKNOWN;
  }

  /** The answer for a card with exactly this canonical code, or undefined when there is none. */
  find(code: string, today: CalendarDate): LookupAnswer | undefined {
    const card = this.card(code);
    return card === undefined ? undefined : this.answerOf(card, today);
  }

  /** The card with exactly this canonical code, or undefined: one look in the table for all it holds. */
  card(code: string): FoundCard | undefined {
    const slot = this.cards.find(code);
    return slot !== 0 && ((this.cards.rows[slot * ROW + STATE] as number) & DROPPED) === 0
      ? (slot as FoundCard)
      : undefined;
  }

  /** R11 for a found card, as find() answers it. */
  answerOf(found: FoundCard, today: CalendarDate): LookupAnswer {
    const rows = this.cards.rows;
    const row = found * ROW;
    const state = rows[row + STATE] as number;
    const standing = this.standing;
    standing.state = STATES[state & STATE_BITS] as CardState;
    standing.validUntil = this.dates[rows[row + VALID_UNTIL] as number] ?? null;
    standing.suspended = (state & SUSPENDED) !== 0;
    const applicant = this.applicants[rows[row + APPLICANT] as number] as ApplicantEntry;
    const answer = publicAnswerOn(standing, applicant.coverage, today);
    return applicant.specimen ? { ...answer, specimen: true } : answer;
  }

  /**
   * R11 as a status-list entry (statusValueOf of answerOf) for found cards on `today`, to write a
   * whole list. A card of the ordinary applicant (no decision, no AT-UND, not a specimen: most cards)
   * answers by its state and valid-until date alone, so each such pair is reckoned once and the
   * midnight rebuild of a million cards costs little more than a read of each card's row. The answer
   * is read when asked for, so a change applied between two calls is seen by the next.
   */
  statusValuesOn(today: CalendarDate): (found: FoundCard) => StatusValue {
    // Entry by date number × 8 + state (0–3) + 4 when suspended; -1 until reckoned.
    let reckoned = new Int8Array(0);
    return (found) => {
      const rows = this.cards.rows;
      const row = found * ROW;
      if (rows[row + APPLICANT] !== 0) return statusValueOf(this.answerOf(found, today));
      const state = rows[row + STATE] as number;
      const key =
        (rows[row + VALID_UNTIL] as number) * 8 + (state & STATE_BITS) + (state & SUSPENDED ? 4 : 0);
      if (key >= reckoned.length) {
        const larger = new Int8Array(Math.max(key + 1, this.dates.length * 8)).fill(-1);
        larger.set(reckoned);
        reckoned = larger;
      }
      let value = reckoned[key] as number;
      if (value < 0) {
        value = statusValueOf(this.answerOf(found, today));
        reckoned[key] = value;
      }
      return value as StatusValue;
    };
  }

  /**
   * The card's status-list entry as JSON members for its status answer, or undefined while
   * it has none. The entry is loaded and applied with the card, so a lookup needs no second map.
   */
  statusEntryJsonOf(found: FoundCard, json: StatusEntryJson): string | undefined {
    const rows = this.cards.rows;
    const list = rows[found * ROW + LIST] as number;
    return list === 0 ? undefined : json.entryJsonOf(list, rows[found * ROW + INDEX] as number);
  }

  /** The status-list entry of the card with this code; undefined when there is no such card or it has none. */
  statusEntryOf(code: string): StatusEntryRef | undefined {
    const card = this.card(code);
    const rows = this.cards.rows;
    if (card === undefined || rows[card * ROW + LIST] === 0) return undefined;
    return { list: rows[card * ROW + LIST] as number, index: rows[card * ROW + INDEX] as number };
  }

  /** One more than the highest card handle: handles run from 1 to cardEnd - 1, in the order cards came. */
  get cardEnd(): number {
    return this.cards.end;
  }

  /**
   * Every card that has a status-list entry, with it, in the order of their handles; `from` and `to`
   * (exclusive) bound the handles, so a caller can walk the cards a slice at a time. In handle order
   * the cards are read where they lie in memory, one after the other: a walk over a million cards
   * takes milliseconds, where visiting them in any other order waits on memory for each card.
   */
  forEachStatusEntry(
    fn: (card: FoundCard, list: number, index: number) => void,
    from = 1,
    to: number = this.cards.end,
  ): void {
    const end = Math.min(to, this.cards.end);
    for (let slot = Math.max(from, 1); slot < end; slot++) {
      // Read again for each card: fn may add cards, and the rows move when the table grows.
      const rows = this.cards.rows;
      const row = slot * ROW;
      const list = rows[row + LIST] as number;
      if (list !== 0 && ((rows[row + STATE] as number) & DROPPED) === 0)
        fn(slot as FoundCard, list, rows[row + INDEX] as number);
    }
  }

  /** Applies an applicant's projection unless the model already has this version or a newer one. */
  apply(p: ApplicantProjection): boolean {
    if (p.purged) return this.drop(p);
    // A purge is final: a projection that still has the applicant's cards is from before it.
    for (const c of p.cards) if (this.purgedCodes.has(c.code)) return false;
    // An applicant is found through any of its cards (a projection carries all of them, and cards
    // are never deleted); one without cards answers no lookup, so nothing is kept for it.
    let number = 0;
    for (const c of p.cards) {
      const card = this.card(c.code);
      const applicantOfCard = card === undefined ? 0 : (this.cards.rows[card * ROW + APPLICANT] as number);
      if (applicantOfCard !== 0) {
        number = applicantOfCard;
        break;
      }
    }
    const applicant = this.applicants[number] as ApplicantEntry;
    if (number !== 0 && applicant.version >= p.version) return false;
    if (number === 0)
      number = this.applicants.push({ version: p.version, coverage: p.coverage, specimen: p.specimen }) - 1;
    else {
      applicant.version = p.version;
      applicant.coverage = p.coverage;
    }
    for (const c of p.cards) {
      const card = this.card(c.code) ?? this.newCard(c.code);
      this.setCard(card, c.state, c.suspended === true, c.validUntil, number);
      if (c.entry) this.setEntry(card, c.entry.list, c.entry.index);
    }
    for (const listener of this.listeners) listener(p);
    return true;
  }

  /** R15: the purged applicant's cards leave the model (a lookup answers `unknown`, a list 0x2). */
  private drop(p: ApplicantProjection): boolean {
    let changed = false;
    for (const c of p.cards) {
      if (this.purgedCodes.has(c.code)) continue;
      this.purgedCodes.add(c.code);
      const card = this.card(c.code);
      if (card !== undefined) {
        this.cards.rows[card * ROW + STATE] = DROPPED;
        this.live--;
      }
      changed = true;
    }
    if (changed) for (const listener of this.listeners) listener(p);
    return changed;
  }

  /**
   * A slot for a card not in the model: new, or the slot of a card dropped with its purged applicant
   * should the card come back from the database (it is the same card), its entry cleared.
   */
  private newCard(code: string): FoundCard {
    let slot = this.cards.find(code);
    if (slot === 0) slot = this.cards.add(code);
    else {
      this.cards.rows[slot * ROW + LIST] = 0;
      this.cards.rows[slot * ROW + INDEX] = 0;
    }
    this.live++;
    return slot as FoundCard;
  }

  private setCard(
    card: FoundCard,
    state: CardState,
    suspended: boolean,
    validUntil: CalendarDate | null,
    applicant: number,
  ): void {
    const rows = this.cards.rows;
    const row = card * ROW;
    rows[row + STATE] = STATE_NUMBER[state] | (suspended ? SUSPENDED : 0);
    rows[row + VALID_UNTIL] = this.dateNumber(validUntil);
    rows[row + APPLICANT] = applicant;
  }

  /** A card's entry is never changed once set. */
  private setEntry(card: FoundCard, list: number, index: number): void {
    const rows = this.cards.rows;
    if (rows[card * ROW + LIST] !== 0) return;
    rows[card * ROW + LIST] = list;
    rows[card * ROW + INDEX] = index;
  }

  private dateNumber(date: CalendarDate | null): number {
    if (date === null) return 0;
    let number = this.dateNumbers.get(date);
    if (number === undefined) {
      number = this.dates.push(date) - 1;
      this.dateNumbers.set(date, number);
    }
    return number;
  }

  /**
   * Builds the whole model from the database. Most cards (one per applicant, no decision, no AT-UND)
   * come in one read of every card with its status-list entry, as COPY text, because reading a
   * million rows one by one costs far more than the data (docs/performance.md); the few applicants
   * with several cards, a decision or AT-UND are then read as projections. Cards already in the
   * model (applied before the load, or by an earlier load) are kept, and given their entry if they
   * had none.
   */
  async load(db: Queryable): Promise<void> {
    const seq = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM changes');
    const startSeq = seq.rows[0]?.seq ?? 0;

    let withoutEntry = 0;
    await readCardsInBulk(db, (code, state, validUntil, list, index) => {
      if (list === 0) withoutEntry++;
      let card = this.card(code);
      // Applied before this load, or loaded by an earlier one: only an entry can be new.
      if (card === undefined) {
        card = this.newCard(code);
        this.setCard(card, state, false, validUntil, 0);
      }
      if (list !== 0) this.setEntry(card, list, index);
    });
    this.cardsWithoutEntry = withoutEntry;

    const special = await listApplicantsWithHistory(db);
    for (let i = 0; i < special.length; i += 5_000) {
      for (const p of await loadProjections(db, special.slice(i, i + 5_000))) this.apply(p);
    }
    this.lastSeq = startSeq;
    this.loaded = true;
    this.answerable = this.current;
  }
}
