// The lookup read model: what R11 needs for every card, in memory, so a lookup never waits on SQL.
// Built at start-up; updated by the same code path that commits each change (services/), ordered by
// the applicant's version so an older projection never overwrites a newer one.

import type { CalendarDate } from '../domain/calendar.ts';
import type { CardState } from '../domain/card.ts';
import { type CoverageSummary, summariseCoverage } from '../domain/coverage.ts';
import { type LookupAnswer, UNKNOWN } from '../domain/lookup.ts';
import { publicAnswerOn } from '../domain/standing.ts';
import type { StatusEntryRef } from '../domain/status-list.ts';
import { type Queryable, readRowsAsText } from './db.ts';

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

/** A card as a projection carries it: with its status-list entry, null while it has none. */
export interface ProjectedCard {
  code: string;
  state: CardState;
  validUntil: CalendarDate | null;
  entry: StatusEntryRef | null;
  /** R16: an open report by the holder; absent means none. */
  suspended?: boolean;
}

export interface ApplicantProjection {
  applicantId: string;
  version: number;
  coverage: CoverageSummary;
  specimen: boolean;
  /** R15: the applicant's personal data were purged: their cards answer `unknown` from now on. */
  purged: boolean;
  cards: ProjectedCard[];
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

    const bulk = await readCardsInBulk(db);
    const dates = new Map<number, CalendarDate>();
    // Each line: code TAB state initial TAB valid-until TAB list TAB index NEWLINE, where a missing
    // valid-until, list or index is \N.
    const end = bulk.length;
    let at = 0;
    let withoutEntry = 0;
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
      if (list === 0) withoutEntry++;
      const existing = this.cards.get(code);
      if (existing) {
        // Applied before this load, or loaded by an earlier one: only an entry can be new.
        if (existing.statusList === 0 && list !== 0) setEntry(existing, list, index);
        continue;
      }
      const card = newCard(state, validUntil, ORDINARY);
      if (list !== 0) setEntry(card, list, index);
      this.cards.set(code, card);
    }
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

/** A canonical card code's length (domain/card-code.ts). */
const CODE_LENGTH = 13;

/**
 * Every card with its status-list entry, as COPY text (readRowsAsText): the code, the state's
 * initial, valid-until (ISO under PostgreSQL's default DateStyle, checked while parsing), and the
 * list and index, null for a card without an entry.
 */
function readCardsInBulk(db: Queryable): Promise<Buffer> {
  return readRowsAsText(
    db,
    ['c.code', 'left(c.state, 1)', 'c.valid_until', 'e.list_no', 'e.idx'],
    // R15: a purged applicant's cards are not loaded (the anti-join reads the small purges table once).
    `cards c LEFT JOIN status_list_entries e ON e.card_id = c.id
      WHERE NOT EXISTS (SELECT 1 FROM purges x WHERE x.applicant_id = c.applicant_id)`,
  );
}

/**
 * Applicants whose cards need more than the bulk read: several cards (only ever after a cancellation,
 * R3, R10), a decision (R8), AT-UND (R9), an open report by the holder (R16), or a specimen
 * (training) applicant.
 */
async function listApplicantsWithHistory(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ applicant_id: string }>(
    `SELECT applicant_id FROM cards WHERE state = 'cancelled'
     UNION SELECT applicant_id FROM decisions
     UNION SELECT applicant_id FROM at_und_changes
     UNION SELECT applicant_id FROM holder_reports WHERE closed_at IS NULL
     UNION SELECT id FROM applicants WHERE specimen
     EXCEPT SELECT applicant_id FROM purges`,
  );
  return rows.map((r) => r.applicant_id);
}

/** Reads one applicant's projection (inside the transaction that changed it, so it sees the change). */
export async function loadProjection(db: Queryable, applicantId: string): Promise<ApplicantProjection> {
  return (await loadProjections(db, [applicantId]))[0] as ApplicantProjection;
}

/** Reads several applicants' projections with four queries in all (a follower catching up). */
export async function loadProjections(
  db: Queryable,
  applicantIds: readonly string[],
): Promise<ApplicantProjection[]> {
  const ids = [...applicantIds];
  const [applicants, cards, decisions, atUnd] = [
    await db.query<{ id: string; version: number; specimen: boolean; purged: boolean }>(
      'SELECT id, version, specimen, purged_at IS NOT NULL AS purged FROM applicants WHERE id = ANY($1::uuid[])',
      [ids],
    ),
    await db.query<{
      applicant_id: string;
      code: string;
      state: string;
      valid_until: string | null;
      list_no: number | null;
      idx: number | null;
      suspended: boolean;
    }>(
      `SELECT c.applicant_id, c.code, c.state, c.valid_until, e.list_no, e.idx, ${SUSPENDED} AS suspended
         FROM cards c ${LEFT_JOIN_ENTRY}
        WHERE c.applicant_id = ANY($1::uuid[])`,
      [ids],
    ),
    await db.query<{
      applicant_id: string;
      id: string;
      type: string;
      effective_date: string;
      revoked: boolean;
    }>(
      `SELECT applicant_id, id, type, effective_date, revoked_at IS NOT NULL AS revoked
         FROM decisions WHERE applicant_id = ANY($1::uuid[])`,
      [ids],
    ),
    await db.query<{ applicant_id: string; granted: boolean; effective_date: string; sequence: number }>(
      'SELECT applicant_id, granted, effective_date, sequence FROM at_und_changes WHERE applicant_id = ANY($1::uuid[])',
      [ids],
    ),
  ];
  const group = <R extends { applicant_id: string }>(rows: R[]) => {
    const by = new Map<string, R[]>();
    for (const r of rows) {
      const list = by.get(r.applicant_id);
      if (list) list.push(r);
      else by.set(r.applicant_id, [r]);
    }
    return by;
  };
  const versions = new Map(applicants.rows.map((r) => [r.id, r.version]));
  const specimens = new Set(applicants.rows.filter((r) => r.specimen).map((r) => r.id));
  const purged = new Set(applicants.rows.filter((r) => r.purged).map((r) => r.id));
  const cardsBy = group(cards.rows);
  const decisionsBy = group(decisions.rows);
  const atUndBy = group(atUnd.rows);
  return ids.map((applicantId) => ({
    applicantId,
    version: versions.get(applicantId) ?? 0,
    specimen: specimens.has(applicantId),
    purged: purged.has(applicantId),
    coverage: summariseCoverage(
      (decisionsBy.get(applicantId) ?? []).map((d) => ({
        id: d.id,
        type: d.type as never,
        effectiveDate: d.effective_date,
        revoked: d.revoked,
      })),
      (atUndBy.get(applicantId) ?? []).map((c) => ({
        granted: c.granted,
        effectiveDate: c.effective_date,
        sequence: c.sequence,
      })),
    ),
    cards: (cardsBy.get(applicantId) ?? []).map((c) => ({
      code: c.code,
      state: c.state as CardState,
      validUntil: c.valid_until,
      entry: entryOf(c.list_no, c.idx),
      suspended: c.suspended === true,
    })),
  }));
}

/**
 * A few cards' entries, each looked up by the unique index on card_id whatever the planner's
 * statistics say: after a bulk insert (PGlite has no autovacuum) a plain LEFT JOIN was planned as a
 * hash join over every entry, 11-53 ms a write with 100k cards. OFFSET 0 keeps the planner from
 * turning the LATERAL subquery back into that join.
 */
const LEFT_JOIN_ENTRY =
  'LEFT JOIN LATERAL (SELECT list_no, idx FROM status_list_entries WHERE card_id = c.id OFFSET 0) e ON true';

/** R16: whether card `c` has an open report by its holder (one probe of a partial unique index). */
const SUSPENDED = 'EXISTS (SELECT 1 FROM holder_reports r WHERE r.card_id = c.id AND r.closed_at IS NULL)';

function entryOf(list: number | null, index: number | null): StatusEntryRef | null {
  return list === null || index === null ? null : { list: Number(list), index: Number(index) };
}

/** The channel every committed change is announced on (payload: its seq), for other instances. */
export const CHANGES_CHANNEL = 'lmakort_changes';

/**
 * Appends to the ordered change table, in the same transaction as the change (the outbox), and
 * announces it on CHANGES_CHANNEL: PostgreSQL delivers the notification at COMMIT, never before, and
 * not at all on ROLLBACK. Returns the change's seq.
 */
export async function recordChange(
  db: Queryable,
  applicantId: string,
  version: number,
  at: Date,
): Promise<number> {
  const { rows } = await db.query<{ seq: number }>(
    `WITH c AS (INSERT INTO changes (applicant_id, version, at) VALUES ($1, $2, $3) RETURNING seq)
     SELECT seq, pg_notify($4, seq::text) FROM c`,
    [applicantId, version, at.toISOString(), CHANGES_CHANNEL],
  );
  return rows[0]?.seq as number;
}

export interface ChangeRow {
  seq: number;
  applicantId: string;
}

/**
 * The follower's catch-up in one statement (one snapshot, one round trip): the changes after `after`
 * plus any of `gaps` that have appeared, by seq, and the projections of the applicants they touch.
 */
export async function readChangesWithProjections(
  db: Queryable,
  after: number,
  gaps: readonly number[],
  limit = 10_000,
): Promise<{ changes: ChangeRow[]; projections: ApplicantProjection[] }> {
  type Json = {
    id: string;
    version: number;
    specimen: boolean;
    purged: boolean;
    cards: [string, string, string | null, number | null, number | null, boolean][];
    decisions: [string, string, string, boolean][];
    atUnd: [boolean, string, number][];
  };
  const { rows } = await db.query<{ changes: [number, string][] | null; projections: Json[] | null }>(
    `WITH ch AS (
       SELECT seq, applicant_id FROM changes WHERE seq > $1 OR seq = ANY($2::bigint[]) ORDER BY seq LIMIT $3)
     SELECT
       (SELECT json_agg(json_build_array(seq, applicant_id) ORDER BY seq) FROM ch) AS changes,
       (SELECT json_agg(json_build_object(
          'id', a.id,
          'version', a.version,
          'specimen', a.specimen,
          'purged', a.purged_at IS NOT NULL,
          'cards', (SELECT coalesce(json_agg(json_build_array(c.code, c.state, c.valid_until, e.list_no, e.idx, ${SUSPENDED})), '[]')
                      FROM cards c ${LEFT_JOIN_ENTRY}
                     WHERE c.applicant_id = a.id),
          'decisions', (SELECT coalesce(json_agg(json_build_array(d.id, d.type, d.effective_date, d.revoked_at IS NOT NULL)), '[]')
                          FROM decisions d WHERE d.applicant_id = a.id),
          'atUnd', (SELECT coalesce(json_agg(json_build_array(u.granted, u.effective_date, u.sequence)), '[]')
                      FROM at_und_changes u WHERE u.applicant_id = a.id)))
          FROM applicants a WHERE a.id IN (SELECT applicant_id FROM ch)) AS projections`,
    [after, [...gaps], limit],
  );
  const row = rows[0];
  return {
    changes: (row?.changes ?? []).map(([seq, applicantId]) => ({ seq: Number(seq), applicantId })),
    projections: (row?.projections ?? []).map((p) => ({
      applicantId: p.id,
      version: Number(p.version),
      specimen: p.specimen === true,
      purged: p.purged === true,
      coverage: summariseCoverage(
        p.decisions.map(([id, type, effectiveDate, revoked]) => ({
          id,
          type: type as never,
          effectiveDate,
          revoked,
        })),
        p.atUnd.map(([granted, effectiveDate, sequence]) => ({
          granted,
          effectiveDate,
          sequence: Number(sequence),
        })),
      ),
      cards: p.cards.map(([code, state, validUntil, list, index, suspended]) => ({
        code,
        state: state as CardState,
        validUntil,
        entry: entryOf(list, index),
        suspended: suspended === true,
      })),
    })),
  };
}

/** Which of the seqs in (from, to] exist: the follower's start-up look at changes still in flight. */
export async function presentSeqs(db: Queryable, from: number, to: number): Promise<Set<number>> {
  const { rows } = await db.query<{ seq: number }>('SELECT seq FROM changes WHERE seq > $1 AND seq <= $2', [
    from,
    to,
  ]);
  return new Set(rows.map((r) => r.seq));
}
