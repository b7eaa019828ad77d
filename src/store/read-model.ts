// The lookup read model: what R11 needs for every card, in memory, so a lookup never waits on SQL.
// Built at start-up; updated by the same code path that commits each change (services/), ordered by
// the applicant's version so an older projection never overwrites a newer one.

import type { CalendarDate } from '../domain/calendar.ts';
import type { CardState } from '../domain/card.ts';
import type { CoverageSummary } from '../domain/coverage.ts';
import { type LookupAnswer, UNKNOWN } from '../domain/lookup.ts';
import { publicAnswerOn } from '../domain/standing.ts';
import type { StatusEntryRef } from '../domain/status-list.ts';
import { readCardsInBulk } from './bulk-cards.ts';
import type { Queryable } from './db.ts';
import { type ApplicantProjection, listApplicantsWithHistory, loadProjections } from './projection-store.ts';

interface ApplicantEntry {
  version: number;
  coverage: CoverageSummary;
  /** A training applicant: answers carry "specimen": true. Fixed at registration. */
  specimen: boolean;
}

interface CardEntry {
  state: CardState;
  validUntil: CalendarDate | null;
  /** R16: an open report by the holder that the card is lost or stolen. */
  suspended: boolean;
  // Shared by all of an applicant's cards: a decision updates them all at once.
  applicant: ApplicantEntry;
  /** The card's status list and index (0: it has none yet; lists count from 1). Never changed once set. */
  statusList: number;
  statusIndex: number;
}

/** A card found by `card()`: hand it back to answerOf and statusEntryJsonOf. */
declare const foundCard: unique symbol;
export type FoundCard = { readonly [foundCard]: true };

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
  private readonly cards = new Map<string, CardEntry>();
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

  get cardCount(): number {
    return this.cards.size;
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
    const card = this.cards.get(code);
    return card ? this.answerOf(card as unknown as FoundCard, today) : undefined;
  }

  /** The card with exactly this canonical code, or undefined: one look in the map for all it holds. */
  card(code: string): FoundCard | undefined {
    return this.cards.get(code) as unknown as FoundCard | undefined;
  }

  /** R11 for a found card, as find() answers it. */
  answerOf(found: FoundCard, today: CalendarDate): LookupAnswer {
    const card = found as unknown as CardEntry;
    const answer = publicAnswerOn(card, card.applicant.coverage, today);
    return card.applicant.specimen ? { ...answer, specimen: true } : answer;
  }

  /**
   * The card's status-list entry as JSON members for its status answer, or undefined while
   * it has none. The entry is loaded and applied with the card, so a lookup needs no second map.
   */
  statusEntryJsonOf(found: FoundCard, json: StatusEntryJson): string | undefined {
    const card = found as unknown as CardEntry;
    return card.statusList === 0 ? undefined : json.entryJsonOf(card.statusList, card.statusIndex);
  }

  /** The status-list entry of the card with this code; undefined when there is no such card or it has none. */
  statusEntryOf(code: string): StatusEntryRef | undefined {
    const card = this.cards.get(code);
    return card && card.statusList !== 0 ? { list: card.statusList, index: card.statusIndex } : undefined;
  }

  /** Every card that has a status-list entry, with it (the status lists gather their cards this way). */
  forEachStatusEntry(fn: (card: FoundCard, list: number, index: number) => void): void {
    for (const card of this.cards.values())
      if (card.statusList !== 0) fn(card as unknown as FoundCard, card.statusList, card.statusIndex);
  }

  /** Applies an applicant's projection unless the model already has this version or a newer one. */
  apply(p: ApplicantProjection): boolean {
    if (p.purged) return this.drop(p);
    // A purge is final: a projection that still has the applicant's cards is from before it.
    for (const c of p.cards) if (this.purgedCodes.has(c.code)) return false;
    // An applicant is found through any of its cards (a projection carries all of them, and cards
    // are never deleted); one without cards answers no lookup, so nothing is kept for it.
    let applicant: ApplicantEntry | undefined;
    for (const c of p.cards) {
      const existing = this.cards.get(c.code);
      if (existing && existing.applicant !== ORDINARY) {
        applicant = existing.applicant;
        break;
      }
    }
    if (applicant && applicant.version >= p.version) return false;
    if (!applicant) applicant = { version: p.version, coverage: p.coverage, specimen: p.specimen };
    else {
      applicant.version = p.version;
      applicant.coverage = p.coverage;
    }
    for (const c of p.cards) {
      const existing = this.cards.get(c.code);
      if (existing) {
        existing.state = c.state;
        existing.validUntil = c.validUntil;
        existing.suspended = c.suspended === true;
        existing.applicant = applicant;
        if (existing.statusList === 0 && c.entry) setEntry(existing, c.entry.list, c.entry.index);
      } else {
        const card = newCard(c.state, c.validUntil, applicant);
        card.suspended = c.suspended === true;
        if (c.entry) setEntry(card, c.entry.list, c.entry.index);
        this.cards.set(c.code, card);
      }
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
      this.cards.delete(c.code);
      changed = true;
    }
    if (changed) for (const listener of this.listeners) listener(p);
    return changed;
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
      const existing = this.cards.get(code);
      if (existing) {
        // Applied before this load, or loaded by an earlier one: only an entry can be new.
        if (existing.statusList === 0 && list !== 0) setEntry(existing, list, index);
        return;
      }
      const card = newCard(state, validUntil, ORDINARY);
      if (list !== 0) setEntry(card, list, index);
      this.cards.set(code, card);
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

/** Every card made the same way, so they all share one shape (V8 map) and lookups stay monomorphic. */
function newCard(state: CardState, validUntil: CalendarDate | null, applicant: ApplicantEntry): CardEntry {
  return { state, validUntil, suspended: false, applicant, statusList: 0, statusIndex: 0 };
}

function setEntry(card: CardEntry, list: number, index: number): void {
  card.statusList = list;
  card.statusIndex = index;
}
