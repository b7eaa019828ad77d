// The one write path every aggregate service goes through. Each write is one transaction that claims
// the Idempotency-Key (C7), locks the applicants it touches (version + 1), runs the change, appends a
// `changes` row (outbox) per applicant, stores the answer for replays and reads each applicant's
// projection; once committed, the projections are applied to the lookup read model before the caller
// hears back (0 stale reads). The history (P4) is appended through `history`.

import type { Clock } from '../clock.ts';
import { type CalendarDate, stockholmDate } from '../domain/calendar.ts';
import { DEFAULT_RECEPTION, type Reception } from '../domain/reception.ts';
import { buildQrUrl } from '../domain/status-list.ts';
import { type Applicant, findApplicantById, lockApplicant } from '../store/applicant-store.ts';
import { type CardRecord, findCardById } from '../store/card-store.ts';
import { recordChange } from '../store/change-store.ts';
import type { Db, Queryable } from '../store/db.ts';
import { claimIdempotencyKey, findIdempotentReply, saveIdempotentReply } from '../store/idempotency-store.ts';
import { type ApplicantProjection, loadProjection } from '../store/projection-store.ts';
import type { ReadModel } from '../store/read-model.ts';
import { appendHistory } from '../store/record-store.ts';
import { findStatusEntries } from '../store/status-list-store.ts';
import { AppError, notFound } from './app-error.ts';

/** Who is acting, for the history (P4): a token's or officer's name, never a client address. */
export interface Actor {
  name: string;
  correlationId: string | null;
}

/** A write's Idempotency-Key (C7). */
export interface Idempotency {
  principal: string;
  key: string;
  requestHash: string;
  /**
   * What the door answers the write with, stored beside the result (any number but 0, which marks a
   * key claimed and not yet answered); never read here. Absent: 1.
   */
  answer?: number;
}

/** One write in progress: the transaction, the instant it happens at, and the applicants it touched. */
export interface Work {
  tx: Queryable;
  now: Date;
  today: CalendarDate;
  actor: Actor;
  touched: Map<string, number>;
}

export interface ServiceDeps {
  db: Db;
  readModel: ReadModel;
  clock: Clock;
  publicBaseUrl: string;
  /** The reception office the letters name (LMA_RECEPTION_*); the default when not given. */
  reception?: Reception;
}

export class WritePath {
  readonly db: Db;
  readonly readModel: ReadModel;
  readonly clock: Clock;
  readonly publicBaseUrl: string;
  readonly reception: Reception;

  constructor(deps: ServiceDeps) {
    this.db = deps.db;
    this.readModel = deps.readModel;
    this.clock = deps.clock;
    this.publicBaseUrl = deps.publicBaseUrl;
    this.reception = deps.reception ?? DEFAULT_RECEPTION;
  }

  today(): CalendarDate {
    return stockholmDate(this.clock.now());
  }

  now(): Date {
    return this.clock.now();
  }

  lookupUrl(code: string): string {
    return `${this.publicBaseUrl}/k/${code}`;
  }

  /** The address printed on the card's back, for bookmarking; the verifier types the code after it. */
  lookupBase(): string {
    return `${this.publicBaseUrl}/k/`;
  }

  /**
   * C2: what the card's QR code encodes: the lookup URL in upper case, followed by the card's
   * status-list entry so a till can check it offline; the server answers it like /k/{code}.
   */
  async qrPayload(code: string): Promise<string> {
    const [entry] = await findStatusEntries(this.db, [code]);
    return buildQrUrl(this.publicBaseUrl, code, entry ?? null);
  }

  /** Runs `fn` as one write; a replayed Idempotency-Key answers the first result and changes nothing. */
  async write<T>(
    actor: Actor,
    idempotency: Idempotency | undefined,
    fn: (w: Work) => Promise<T>,
  ): Promise<T> {
    const now = this.clock.now();
    let projections: ApplicantProjection[] = [];
    let result: T;
    try {
      result = await this.db.transaction(async (tx) => {
        if (idempotency) {
          const prior = await claimIdempotencyKey(
            tx,
            idempotency.principal,
            idempotency.key,
            idempotency.requestHash,
            now,
          );
          if (prior) return replayOrRefuse<T>(prior, idempotency);
        }
        const w: Work = { tx, now, today: stockholmDate(now), actor, touched: new Map() };
        const done = await fn(w);
        projections = [];
        for (const [applicantId, version] of w.touched) {
          await recordChange(tx, applicantId, version, now);
          projections.push(await loadProjection(tx, applicantId));
        }
        if (idempotency) {
          await saveIdempotentReply(
            tx,
            idempotency.principal,
            idempotency.key,
            idempotency.answer ?? 1,
            done,
          );
        }
        return done;
      });
    } catch (error) {
      // Two concurrent requests with one key on a PostgreSQL server: the loser's insert fails on the
      // unique index once the winner commits; answer it with the winner's result.
      if (idempotency && isUniqueViolation(error)) {
        const prior = await findIdempotentReply(this.db, idempotency.principal, idempotency.key);
        if (prior && prior.status !== 0) return replayOrRefuse<T>(prior, idempotency);
      }
      throw error;
    }
    for (const p of projections) this.readModel.apply(p);
    return result;
  }

  /** Locks the applicant row for this write and marks it touched; not_found when there is none. */
  async lock(w: Work, applicantId: string): Promise<Applicant> {
    if (!w.touched.has(applicantId)) {
      const version = await lockApplicant(w.tx, applicantId);
      if (version === null) throw notFound('applicant');
      w.touched.set(applicantId, version);
    }
    const applicant = await findApplicantById(w.tx, applicantId);
    if (!applicant) throw notFound('applicant');
    return applicant;
  }

  /** Locks the card's applicant first, then reads the card, so the card cannot change under us. */
  async lockCard(w: Work, cardId: string): Promise<{ card: CardRecord; applicant: Applicant }> {
    const peek = await findCardById(w.tx, cardId);
    if (!peek) throw notFound('card');
    const applicant = await this.lock(w, peek.applicantId);
    const card = await findCardById(w.tx, cardId);
    if (!card) throw notFound('card');
    return { card, applicant };
  }

  /** Appends the write's history row (P4). */
  history(w: Work, action: string, applicantId: string | null, details: Record<string, unknown>) {
    return appendHistory(w.tx, {
      at: w.now,
      actor: w.actor.name,
      action,
      applicantId,
      details,
      correlationId: w.actor.correlationId,
    });
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/** The stored result of the key's first use, or a refusal when the key came with another request. */
function replayOrRefuse<T>(prior: { requestHash: string; body: unknown }, idempotency: Idempotency): T {
  if (prior.requestHash !== idempotency.requestHash) {
    throw new AppError(
      'idempotency_key_reused',
      'this Idempotency-Key was already used for a different request',
      'Idempotency-Key',
    );
  }
  return prior.body as T;
}
