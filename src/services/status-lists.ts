// The status lists, built from the lookup read model and signed as W3C Bitstring Status
// List credentials (VC-JOSE-COSE `vc+jwt`, keys of C9). Served from memory. A list is rebuilt and
// re-signed when one of its cards changes (debounced; and at once when a list is asked for while a
// change is pending), at each Stockholm midnight (R6: validity ends and future-dated decisions take
// effect without any write), and re-signed when older than its ttl, so every list handed out is
// younger than the ttl and says what the status API says at that moment.

import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import type { Clock } from '../clock.ts';
import { addDays, stockholmDate, stockholmDayStart } from '../domain/calendar.ts';
import {
  emptyBitstring,
  STATUS_MESSAGES,
  STATUS_SIZE,
  type StatusValue,
  UNUSED_ENTRY,
  writeEntry,
} from '../domain/status-list.ts';
import type { Db } from '../store/db.ts';
import type { ApplicantProjection } from '../store/projection-store.ts';
import type { FoundCard, ReadModel } from '../store/read-model.ts';
import { DEFAULT_LIST_POLICY, listStatusLists } from '../store/status-list-store.ts';
import type { KeyRing } from './key-ring.ts';

const gzipAsync = promisify(gzip);
/** Cards walked between turns of the event loop when whole lists are built. */
const WALK_SLICE = 16_384;

export const STATUS_LISTS_PATH = '/status-lists';
export const STATUS_LIST_MEDIA_TYPE = 'application/vc+jwt';
export const DEFAULT_STATUS_LIST_TTL_SECONDS = 300;
/** A change is folded into the lists at most this long after it is applied. */
export const DEFAULT_DEBOUNCE_MS = 1_000;

/** One list as it is handed out. */
export interface PublishedList {
  list: number;
  /** The compact JWS (`application/vc+jwt`). */
  jws: string;
  validFromMs: number;
  validUntilMs: number;
  /** Size of the gzipped bitstring, in bytes. */
  gzipBytes: number;
}

interface ListState {
  list: number;
  capacity: number;
  /** index → the read model's card holding it (0: none); null until the list's first build walks the cards. */
  cards: Int32Array | null;
  /** The entries as of `content.day`; null until first built. */
  bits: Uint8Array | null;
  /** Entries whose card changed since the last build: only these are computed again. */
  pending: Set<number>;
  content: { day: string; encodedList: string; gzipBytes: number } | null;
  published: PublishedList | null;
}

export interface StatusListsOptions {
  db: Db;
  readModel: ReadModel;
  keys: KeyRing;
  clock: Clock;
  publicBaseUrl: string;
  ttlSeconds?: number;
  debounceMs?: number;
}

export class StatusLists {
  private readonly lists = new Map<number, ListState>();
  /** A card applied holds an entry in a list opened since load(): the lists' sizes are read again. */
  private listsChanged = false;
  private readonly jsonPrefixes = new Map<number, string>();
  private running: Promise<void> | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private nextTimer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  readonly ttlMs: number;
  private readonly debounceMs: number;
  /** Where background failures go (serve.ts points it at the log); never a code in them (P1). */
  onError: (err: unknown) => void = () => {};

  constructor(private readonly o: StatusListsOptions) {
    this.ttlMs = (o.ttlSeconds ?? DEFAULT_STATUS_LIST_TTL_SECONDS) * 1000;
    this.debounceMs = o.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  /** The stable URL of list n (`statusListCredential`). */
  urlOf(list: number): string {
    return `${this.o.publicBaseUrl}${STATUS_LISTS_PATH}/${list}`;
  }

  /**
   * Reads which lists there are, follows the read model, and builds and signs every list. Call
   * after the read model is loaded (loadLookups in system.ts: it reads every card with its entry).
   */
  async start(): Promise<void> {
    await this.load();
    await this.refresh();
  }

  /**
   * start() without the first build: once it has resolved, the lists follow the read model; a list
   * asked for before refresh() has built it waits for the build (current). `lmakort serve` listens
   * after this and builds the lists in the background.
   */
  async load(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const l of await listStatusLists(this.o.db)) this.listState(l.list, l.capacity);
    this.o.readModel.onApply((p) => this.follow(p));
  }

  stop(): void {
    this.stopped = true;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    if (this.nextTimer) clearTimeout(this.nextTimer);
  }

  has(list: number): boolean {
    return this.lists.has(list);
  }

  /** The card's entry as the status answer's last members (C5); undefined when it has none. */
  entryJson(code: string): string | undefined {
    const entry = this.o.readModel.statusEntryOf(code);
    return entry ? this.entryJsonOf(entry.list, entry.index) : undefined;
  }

  /** An entry as the status answer's last JSON members: the list's address and the index. */
  entryJsonOf(list: number, index: number): string {
    let prefix = this.jsonPrefixes.get(list);
    if (prefix === undefined) {
      prefix = `"statusListCredential":${JSON.stringify(this.urlOf(list))},"statusListIndex":"`;
      this.jsonPrefixes.set(list, prefix);
    }
    return `${prefix}${index}"`;
  }

  listNumbers(): number[] {
    return [...this.lists.keys()].sort((a, b) => a - b);
  }

  /** List n as it may be handed out now; undefined when there is no such list. */
  async current(list: number): Promise<PublishedList | undefined> {
    const state = this.lists.get(list);
    if (!state) return undefined;
    // C5: not while this instance cannot know its read model is current (a list held may be stale).
    if (!this.o.readModel.isReady) return undefined;
    // A build under way may already hold a change the list held does not show (encoded, not yet
    // signed): wait for it too, not only for work still pending.
    if (this.running || this.needsWork(this.o.clock.now().getTime())) {
      try {
        await this.refresh();
      } catch (error) {
        // The list held may still be handed out while it is of today and within its validUntil.
        this.onError(error);
      }
    }
    const now = this.o.clock.now();
    const p = state.published;
    const ofToday = state.content?.day === stockholmDate(now);
    return p && ofToday && now.getTime() < p.validUntilMs ? p : undefined;
  }

  /** Brings every list up to date (coalesced: callers during a run wait for it, then run again if needed). */
  async refresh(): Promise<void> {
    while (this.running) await this.running;
    if (!this.needsWork(this.o.clock.now().getTime())) return;
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  // ---- inside ---------------------------------------------------------------------------------

  private listState(list: number, capacity: number): ListState {
    let state = this.lists.get(list);
    if (!state) {
      state = {
        list,
        capacity,
        cards: null,
        bits: null,
        pending: new Set(),
        content: null,
        published: null,
      };
      this.lists.set(list, state);
    }
    return state;
  }

  /** A projection was applied (the read model has it): the lists holding its cards are out of date. */
  private follow(p: ApplicantProjection): void {
    for (const c of p.cards) {
      if (!c.entry) continue;
      let state = this.lists.get(c.entry.list);
      if (!state) {
        // A list opened since load(), here or by another instance: its size is read before it is built.
        state = this.listState(c.entry.list, DEFAULT_LIST_POLICY.capacity);
        this.listsChanged = true;
      }
      // A new card takes its place; a list not built yet is built whole (encode).
      if (state.cards) {
        state.cards[c.entry.index] = this.o.readModel.card(c.code) ?? 0;
        // Pending even while a list is first built: the build yields to the event loop, so a change
        // may come after its entry was written (it is written again in the next run).
        state.pending.add(c.entry.index);
      }
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.started || this.stopped || this.debounceTimer) return;
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      this.refresh().catch(this.onError);
    }, this.debounceMs);
    this.debounceTimer.unref();
  }

  private needsWork(now: number): boolean {
    if (this.listsChanged) return true;
    const today = stockholmDate(new Date(now));
    for (const l of this.lists.values()) {
      if (l.pending.size > 0 || !l.content || l.content.day !== today || !l.published) return true;
      if (now - l.published.validFromMs >= this.ttlMs || now >= l.published.validUntilMs) return true;
    }
    return false;
  }

  private async run(): Promise<void> {
    if (this.listsChanged) {
      this.listsChanged = false;
      try {
        for (const l of await listStatusLists(this.o.db)) {
          const state = this.listState(l.list, l.capacity);
          if (!state.cards) state.capacity = l.capacity;
        }
      } catch (error) {
        this.listsChanged = true;
        throw error;
      }
    }
    const now = this.o.clock.now().getTime();
    const today = stockholmDate(new Date(now));
    const entryOf = this.o.readModel.statusValuesOn(today);
    // A new day (R6) or a first build: every entry of these lists, in one walk over the cards.
    const whole = [...this.lists.values()].filter((l) => !l.bits || l.content?.day !== today);
    if (whole.length > 0) await this.writeWhole(whole, entryOf);
    for (const state of this.lists.values()) {
      // A list opened during the walk is built in the next run (its content is none yet).
      if (!state.bits) continue;
      let rebuilt = false;
      // A list just walked still holds the content of its last day, so it is compressed here too.
      if (state.pending.size > 0 || state.content?.day !== today) {
        // The changes applied since the list was last written, the walk included.
        for (const index of state.pending) {
          const card = (state.cards as Int32Array)[index] as number;
          writeEntry(state.bits, index, card === 0 ? UNUSED_ENTRY : entryOf(card as FoundCard));
        }
        state.pending.clear();
        state.content = await this.compress(state.bits, today);
        rebuilt = true;
      }
      const p = state.published;
      if (rebuilt || !p || now - p.validFromMs >= this.ttlMs || now >= p.validUntilMs)
        state.published = await this.sign(state, now, today);
    }
    this.armNext();
  }

  /**
   * R11 for every card of these lists, today: one walk over the read model's cards in the order they
   * lie in memory, WALK_SLICE cards at a time with the event loop free between slices, so the
   * midnight rebuild of a million cards never holds a lookup for more than a slice. A list built for
   * the first time learns on the walk which card holds each entry. A change applied during the walk
   * is in its list's `pending` (follow) and is written after it.
   */
  private async writeWhole(states: ListState[], entryOf: (card: FoundCard) => StatusValue): Promise<void> {
    const { readModel } = this.o;
    // By list number: the bitstrings written, and the cards of lists built for the first time.
    const bitsOf: (Uint8Array | undefined)[] = [];
    const gathering: (Int32Array | undefined)[] = [];
    for (const state of states) {
      state.pending.clear();
      bitsOf[state.list] = emptyBitstring(state.capacity);
      if (!state.cards) {
        state.cards = new Int32Array(state.capacity);
        gathering[state.list] = state.cards;
      }
    }
    const write = (card: FoundCard, list: number, index: number) => {
      const bits = bitsOf[list];
      if (bits === undefined) return;
      writeEntry(bits, index, entryOf(card));
      const cards = gathering[list];
      if (cards !== undefined) cards[index] = card;
    };
    for (let from = 1; from < readModel.cardEnd; from += WALK_SLICE) {
      if (from > 1) await new Promise((r) => setImmediate(r));
      readModel.forEachStatusEntry(write, from, from + WALK_SLICE);
    }
    for (const state of states) state.bits = bitsOf[state.list] as Uint8Array;
  }

  /** A list's bitstring gzipped on libuv's thread pool, in multibase base64url. */
  private async compress(bits: Uint8Array, today: string): Promise<NonNullable<ListState['content']>> {
    const gz = await gzipAsync(bits, { level: 9 });
    return { day: today, encodedList: `u${gz.toString('base64url')}`, gzipBytes: gz.length };
  }

  private async sign(state: ListState, now: number, today: string): Promise<PublishedList> {
    if (!this.o.readModel.isReady)
      throw new Error('the read model is not known to be current: no status list is signed now');
    const content = state.content as NonNullable<ListState['content']>;
    const validFromMs = Math.floor(now / 1000) * 1000;
    // Valid until the next Swedish midnight at most (R6), and for two ttls at most: a list is
    // re-signed once it is a ttl old, so one handed out always has a ttl of life left.
    const midnight = stockholmDayStart(addDays(today, 1));
    const validUntilMs = Math.min(midnight, validFromMs + 2 * this.ttlMs);
    const url = this.urlOf(state.list);
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: this.o.publicBaseUrl,
      validFrom: isoSeconds(validFromMs),
      validUntil: isoSeconds(validUntilMs),
      credentialSubject: {
        id: `${url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'message',
        statusSize: STATUS_SIZE,
        statusMessages: STATUS_MESSAGES,
        ttl: Math.min(this.ttlMs, validUntilMs - validFromMs),
        encodedList: content.encodedList,
      },
      // The same facts as JWT claims, so a JWT library refuses an expired list by itself.
      iss: this.o.publicBaseUrl,
      iat: validFromMs / 1000,
      exp: validUntilMs / 1000,
    };
    const jws = await this.o.keys.sign(credential, 'vc+jwt', { cty: 'vc' });
    return { list: state.list, jws, validFromMs, validUntilMs, gzipBytes: content.gzipBytes };
  }

  /** Wakes up for the next re-sign (ttl) or midnight, so requests find the lists ready. */
  private armNext(): void {
    if (this.stopped) return;
    if (this.nextTimer) clearTimeout(this.nextTimer);
    let next = Number.POSITIVE_INFINITY;
    for (const l of this.lists.values())
      if (l.published) next = Math.min(next, l.published.validFromMs + this.ttlMs, l.published.validUntilMs);
    if (!Number.isFinite(next)) return;
    const delay = Math.max(1_000, Math.min(next - this.o.clock.now().getTime(), 3_600_000));
    this.nextTimer = setTimeout(() => {
      this.nextTimer = null;
      this.refresh().catch(this.onError);
    }, delay);
    this.nextTimer.unref();
  }
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
