// Keeps this instance's read model in step with changes committed by other instances on the same
// PostgreSQL database (architecture.md, "Scale-out"). Every write appends a `changes` row and
// NOTIFYs its seq in the same transaction; the follower LISTENs on a dedicated connection and, on each
// notification, on a periodic safety poll and after every reconnect, reads the changes after the last
// seq it has and applies the applicants' projections (versions guard against older ones).
//
// Sequence gaps: a seq is taken when a transaction inserts its change row, not when it commits, so a
// transaction holding seq 7 can commit after one holding seq 8. Reading strictly `seq > last` would then
// skip 7 for ever. Every seq skipped over is kept as a gap and read again on each catch-up until it
// shows up or is older than `gapTimeoutMs` (then its transaction rolled back; rolled-back seqs never
// appear). PGlite is one process, so there is nobody to follow there: this runs only on PostgreSQL.

import { EventEmitter } from 'node:events';
import { CHANGES_CHANNEL, presentSeqs, readChangesWithProjections } from './change-store.ts';
import type { Db, Listener } from './db.ts';
import type { ReadModel } from './read-model.ts';

export type CatchUpReason = 'start' | 'notify' | 'poll' | 'reconnect';

export interface AppliedEvent {
  reason: CatchUpReason;
  /** The read model's last seq after this catch-up. */
  seq: number;
  /** Changes read (including gaps that turned up) and projections applied (newer than the model's). */
  changes: number;
  applied: number;
}

export interface FollowerOptions {
  /** Safety poll: catch up this often even without notifications (ms). */
  pollMs?: number;
  /** How long a skipped seq is looked for again before it counts as rolled back (ms). */
  gapTimeoutMs?: number;
  /** Reconnect backoff after the listening connection is lost (ms): doubles from min to max. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How far back start() looks for seqs still in flight while the model was loaded. */
  startWindow?: number;
  /** Told of failures the follower recovers from by itself (logging). */
  onError?: (error: Error, during: string) => void;
}

export type FollowerState = 'following' | 'reconnecting' | 'catching_up' | 'stopped';

const MAX_GAPS = 100_000;
const PAGE = 10_000;

export class ChangeFollower extends EventEmitter<{
  applied: [AppliedEvent];
  lost: [Error];
  reconnected: [];
}> {
  private readonly gaps = new Map<number, number>();
  private listener: Listener | null = null;
  private state: FollowerState = 'catching_up';
  private running: Promise<void> | null = null;
  private again: CatchUpReason | null = null;
  /** Seqs announced as committed and not yet read (a notification comes only after COMMIT). */
  private readonly announced = new Set<number>();
  /** Monotonic ms since when this model is known (or feared) to be behind; null: caught up. */
  private behindSince: number | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay: number;
  private readonly pollMs: number;
  private readonly gapTimeoutMs: number;
  private readonly reconnectMinMs: number;
  private readonly reconnectMaxMs: number;
  private readonly startWindow: number;
  private readonly onError: (error: Error, during: string) => void;
  /** How many times the listening connection was re-established. */
  reconnects = 0;

  constructor(
    private readonly db: Db,
    private readonly readModel: ReadModel,
    options: FollowerOptions = {},
  ) {
    super();
    if (!db.listen) throw new Error('following changes needs a PostgreSQL server (DATABASE_URL)');
    this.pollMs = options.pollMs ?? 5_000;
    this.gapTimeoutMs = options.gapTimeoutMs ?? 30_000;
    this.reconnectMinMs = options.reconnectMinMs ?? 100;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 5_000;
    this.reconnectDelay = this.reconnectMinMs;
    this.startWindow = options.startWindow ?? 1_000;
    this.onError = options.onError ?? (() => {});
  }

  /** Seqs skipped over and still looked for (for tests and /metrics). */
  get pendingGaps(): number {
    return this.gaps.size;
  }

  get lastSeq(): number {
    return this.readModel.lastSeq;
  }

  /** The server process of the listening connection, null while reconnecting. */
  get listenerPid(): number | null {
    return this.listener?.pid ?? null;
  }

  get currentState(): FollowerState {
    return this.state;
  }

  /** Seconds this read model has been known to be behind (0: caught up with every notification). */
  lagSeconds(): number {
    return this.behindSince === null ? 0 : (performance.now() - this.behindSince) / 1000;
  }

  /**
   * Starts following from the model's lastSeq (set by ReadModel.load). Seqs below it that were still
   * in flight while the model loaded are treated as gaps. Throws when LISTEN cannot be set up.
   */
  async start(): Promise<void> {
    // C5: until the first catch-up is done, public answers from this model are "could not check".
    this.readModel.setCurrent(false);
    const last = this.readModel.lastSeq;
    const from = Math.max(0, last - this.startWindow);
    const present = await presentSeqs(this.db, from, last);
    const now = performance.now();
    for (let s = from + 1; s <= last; s++) if (!present.has(s)) this.gaps.set(s, now);
    await this.connect();
    try {
      await this.catchUp('start');
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.state = 'following';
    this.pollTimer = setInterval(() => void this.catchUp('poll'), this.pollMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.pollTimer = null;
    this.reconnectTimer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.close();
    await this.running?.catch(() => {});
  }

  /** Whether the change with this seq is in the read model. */
  hasApplied(seq: number): boolean {
    return this.readModel.lastSeq >= seq && !this.gaps.has(seq);
  }

  /** Resolves once the change with this (committed) seq is in the read model (tests, benchmarks). */
  whenApplied(seq: number): Promise<void> {
    if (this.hasApplied(seq)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.hasApplied(seq)) {
          this.off('applied', check);
          resolve();
        }
      };
      this.on('applied', check);
    });
  }

  private async connect(): Promise<void> {
    const listen = this.db.listen as NonNullable<Db['listen']>;
    this.listener = await listen(CHANGES_CHANNEL, {
      onNotify: (payload) => {
        const seq = Number(payload);
        if (Number.isSafeInteger(seq) && !this.hasApplied(seq)) {
          this.announced.add(seq);
          this.behindSince ??= performance.now();
        }
        void this.catchUp('notify');
      },
      onLost: (error) => this.lose(error),
    });
  }

  private lose(error: Error): void {
    if (this.state === 'stopped') return;
    this.listener = null;
    this.state = 'reconnecting';
    // C5: other instances' changes cannot be heard now; answer nothing from this model until the
    // connection is back and everything committed meanwhile has been read.
    this.readModel.setCurrent(false);
    this.behindSince ??= performance.now();
    this.onError(error, 'listening for changes');
    this.emit('lost', error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state === 'stopped' || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectMaxMs, this.reconnectDelay * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.reconnect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.state === 'stopped') return;
    try {
      await this.connect();
    } catch (error) {
      this.onError(error as Error, 'reconnecting to listen for changes');
      this.scheduleReconnect();
      return;
    }
    if ((this.state as FollowerState) === 'stopped') {
      await this.listener?.close();
      return;
    }
    this.reconnects++;
    this.reconnectDelay = this.reconnectMinMs;
    this.state = 'catching_up';
    // Listening again before reading: anything committed from here on is notified, and everything
    // committed while the connection was down is read now.
    await this.catchUp('reconnect');
    if (this.state === 'catching_up') this.state = 'following';
    this.emit('reconnected');
  }

  /** One catch-up at a time; a request arriving meanwhile runs one more pass after it. */
  catchUp(reason: CatchUpReason): Promise<void> {
    if (this.running) {
      this.again ??= reason;
      return this.running;
    }
    this.running = (async () => {
      let pass: CatchUpReason | null = reason;
      while (pass) {
        this.again = null;
        try {
          await this.catchUpOnce(pass);
        } catch (error) {
          this.onError(error as Error, 'catching up with changes');
          this.readModel.setCurrent(false);
          this.behindSince ??= performance.now();
          if (pass === 'start') throw error;
        }
        pass = this.again;
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async catchUpOnce(reason: CatchUpReason): Promise<void> {
    let changes = 0;
    let applied = 0;
    for (;;) {
      const last = this.readModel.lastSeq;
      const { changes: rows, projections } = await readChangesWithProjections(
        this.db,
        last,
        [...this.gaps.keys()],
        PAGE,
      );
      if (rows.length > 0) {
        for (const p of projections) if (this.readModel.apply(p)) applied++;
        changes += rows.length;
        const now = performance.now();
        let next = last;
        for (const r of rows) {
          this.gaps.delete(r.seq);
          if (r.seq > next) {
            for (let s = next + 1; s < r.seq && this.gaps.size < MAX_GAPS; s++) this.gaps.set(s, now);
            next = r.seq;
          }
        }
        this.readModel.lastSeq = next;
      }
      if (rows.length < PAGE) break;
    }
    const now = performance.now();
    for (const [seq, since] of this.gaps) if (now - since > this.gapTimeoutMs) this.gaps.delete(seq);
    for (const seq of this.announced) if (this.hasApplied(seq)) this.announced.delete(seq);
    if (this.listener !== null && this.announced.size === 0) this.behindSince = null;
    // Listening, and everything committed before this pass has been read: current again.
    if (this.listener !== null && this.state !== 'reconnecting' && this.state !== 'stopped')
      this.readModel.setCurrent(true);
    this.emit('applied', { reason, seq: this.readModel.lastSeq, changes, applied });
  }
}
