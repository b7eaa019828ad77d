// The public answers (C4 page, C5 JSON) as ready-to-write responses, made once per request by the same
// functions whether Fastify's routes or the fast path (fast-path/) hand the request over. P1: nothing
// here is logged; the only memory of a client is the abuse limiter's keyed hash (P2).

import type { Clock } from '../../clock.ts';
import { stockholmTime } from '../../domain/calendar.ts';
import { parseCardCode } from '../../domain/card-code.ts';
import { type LookupAnswer, UNKNOWN } from '../../domain/lookup.ts';
import type { KeyRing } from '../../services/key-ring.ts';
import type { LookupResultLabel } from '../../services/lookup-tally.ts';
import type { ReceiptPayload } from '../../services/receipt.ts';
import type { FoundCard, ReadModel, StatusEntryJson } from '../../store/read-model.ts';
import type { ClientLimiter } from '../plugins/abuse-limiter.ts';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../problem.ts';
import { LOOKUP_PAGE_SECURITY_POLICY, type PageAnswer } from './lookup-page.ts';
import { PageTemplates } from './page-templates.ts';
import { receiptPayloadOf } from './receipt-payload.ts';
import { chooseLanguage } from './texts.ts';
import { makeInstantCache, makeSecondCache, makeTodayCache } from './time-caches.ts';

export interface PublicDeps {
  clock: Clock;
  readModel: ReadModel;
  limiter: ClientLimiter;
  /** Headers every response carries (C6); the fast path writes them itself. */
  securityHeaders?: Record<string, string>;
  /**
   * How many reverse proxies in front append to X-Forwarded-For (LMA_TRUST_PROXY_HOPS); 0: none,
   * the socket's peer is the client. Read as for Fastify's request.ip (see client-address.ts).
   */
  trustedHops?: number;
  /** False (LMA_NODE_INTERNALS=off): the fast path writes every answer with writeHead (prepared-headers.ts). */
  nodeInternals?: boolean;
  /** C9: signs receipts (`?receipt=1`); without it a receipt is never offered. */
  keys?: Pick<KeyRing, 'sign'>;
  /** Told of every answer: its result only (P1, P3), the Swedish day, and when handling started. */
  onLookup?: (result: LookupResultLabel, surface: 'api' | 'page', day: string, startedMs: number) => void;
  /** How a card's status-list entry is written as the status answer's last members. */
  statusEntries?: StatusEntryJson;
}

type Outcome =
  | {
      kind: 'answer';
      answer: LookupAnswer;
      code: string | null;
      typed: string | null;
      card: FoundCard | null;
    }
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'unavailable' };

const MAX_INPUT = 64;

/** A public answer, ready to write: by Fastify below, or by the fast path on the raw socket. */
export interface PublicResponse {
  status: number;
  contentType: string;
  retryAfter: number;
  vary: boolean;
  /** A page's CSP (it allows our stylesheet); other answers keep the one every response gets. */
  csp?: string;
  /** A string, or the page already encoded (spliced from a template). */
  body: string | Buffer;
  /** C9: what a receipt of this answer signs; only on 200 and 404. */
  receiptPayload?: ReceiptPayload;
}

export interface LookupResponders {
  /** C5: the JSON answer for a code as typed or scanned. */
  statusResponse(input: string, ip: string, withReceipt?: boolean): PublicResponse;
  /** C4: the page for a code, in the language asked for. */
  pageResponse(
    input: string,
    ip: string,
    langQuery: unknown,
    acceptLanguage: string | undefined,
  ): PublicResponse;
}

export function lookupResponders(deps: PublicDeps): LookupResponders {
  const { clock, readModel, limiter } = deps;
  const todayOf = makeTodayCache();
  const timeOf = makeSecondCache(stockholmTime);
  const instantOf = makeInstantCache();
  const pages = new PageTemplates();
  const onLookup = deps.onLookup ?? (() => {});
  // A specimen card's lookups are counted apart, never as real answers.
  const resultOf = (o: Outcome): LookupResultLabel =>
    o.kind !== 'answer' ? o.kind : o.answer.specimen ? 'specimen' : o.answer.result;

  function check(input: string, ip: string, now: Date): Outcome {
    if (!readModel.isReady) return { kind: 'unavailable' };
    const retryAfter = limiter.retryAfter(ip);
    if (retryAfter > 0) return { kind: 'rate_limited', retryAfter };
    const today = todayOf(now);
    // A code exactly as a card has it (as the QR code carries it) is found as it is: only codes
    // that passed parseCardCode are ever keys. Any other input is parsed (case, hyphens, check symbol).
    const card = readModel.card(input);
    if (card)
      return { kind: 'answer', answer: readModel.answerOf(card, today), code: input, typed: null, card };
    const parsed = input.length <= MAX_INPUT ? parseCardCode(input) : ({ ok: false } as const);
    if (!parsed.ok) {
      limiter.recordMiss(ip);
      return {
        kind: 'answer',
        answer: { result: 'malformed', atUnd: false },
        code: null,
        typed: input.slice(0, MAX_INPUT),
        card: null,
      };
    }
    const parsedCard = readModel.card(parsed.code) ?? null;
    if (!parsedCard) limiter.recordMiss(ip);
    const answer = parsedCard ? readModel.answerOf(parsedCard, today) : UNKNOWN;
    return { kind: 'answer', answer, code: parsed.code, typed: null, card: parsedCard };
  }

  // ---- C5: JSON -------------------------------------------------------------------------------
  function statusResponse(input: string, ip: string, withReceipt = false): PublicResponse {
    const started = performance.now();
    const now = clock.now();
    const checkedAt = instantOf(now);
    const outcome = check(input, ip, now);
    let response: PublicResponse;
    if (outcome.kind === 'unavailable') {
      response = problemResponse(
        503,
        'unavailable',
        'Service unavailable',
        'The service cannot answer truthfully right now; try again.',
        { checkedAt },
      );
    } else if (outcome.kind === 'rate_limited') {
      response = problemResponse(
        429,
        'rate_limited',
        'Too many requests',
        'Too many unknown or malformed codes from this client.',
        { checkedAt },
      );
      response.retryAfter = outcome.retryAfter;
    } else if (outcome.answer.result === 'malformed') {
      response = problemResponse(
        400,
        'malformed-code',
        'Malformed code',
        'Not a card code, or the check character does not match.',
        {
          result: 'malformed',
          checkedAt,
        },
      );
    } else {
      const { result, atUnd, specimen } = outcome.answer;
      // The card's status-list entry, kept with the card in the read model.
      const entry =
        outcome.card && deps.statusEntries
          ? readModel.statusEntryJsonOf(outcome.card, deps.statusEntries)
          : undefined;
      response = {
        status: result === 'unknown' ? 404 : 200,
        contentType: 'application/json; charset=utf-8',
        retryAfter: 0,
        vary: false,
        // "specimen" only on a training card's answer: every real answer stays as it was, byte for byte.
        body: `{"result":"${result}","atUnd":${atUnd},"checkedAt":"${checkedAt}"${specimen ? ',"specimen":true' : ''}${entry ? `,${entry}` : ''}}`,
        receiptPayload: withReceipt
          ? receiptPayloadOf(outcome.code as string, outcome.answer, checkedAt)
          : undefined,
      };
    }
    // Counted (result only) and timed just before the answer is handed over.
    onLookup(resultOf(outcome), 'api', todayOf(now), started);
    return response;
  }

  // ---- C4: HTML -------------------------------------------------------------------------------
  function pageResponse(
    input: string,
    ip: string,
    langQuery: unknown,
    acceptLanguage: string | undefined,
  ): PublicResponse {
    const started = performance.now();
    const lang = chooseLanguage(langQuery, acceptLanguage);
    const now = clock.now();
    const outcome = check(input, ip, now);
    const checkedDate = todayOf(now);
    const checkedTime = timeOf(now);
    let answer: PageAnswer;
    let status: number;
    let retryAfter = 0;
    if (outcome.kind === 'answer') {
      const r = outcome.answer.result;
      status = r === 'unknown' ? 404 : r === 'malformed' ? 400 : 200;
      answer = {
        kind: r,
        atUnd: outcome.answer.atUnd,
        specimen: outcome.answer.specimen === true,
        code: outcome.code,
        typed: outcome.typed,
        checkedDate,
        checkedTime,
      };
    } else {
      status = outcome.kind === 'rate_limited' ? 429 : 503;
      if (outcome.kind === 'rate_limited') retryAfter = outcome.retryAfter;
      answer = { kind: outcome.kind, atUnd: false, code: null, typed: null, checkedDate, checkedTime };
    }
    const selfPath = outcome.kind === 'answer' && outcome.code ? `/k/${outcome.code}` : '/k/';
    const body = pages.page(lang, answer, selfPath);
    onLookup(resultOf(outcome), 'page', checkedDate, started);
    return {
      status,
      contentType: 'text/html; charset=utf-8',
      retryAfter,
      vary: true,
      csp: LOOKUP_PAGE_SECURITY_POLICY,
      body,
    };
  }

  return { statusResponse, pageResponse };
}

function problemResponse(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown>,
): PublicResponse {
  return {
    status,
    contentType: PROBLEM_CONTENT_TYPE,
    retryAfter: 0,
    vary: false,
    body: problemBody(status, code, title, detail, extra),
  };
}
