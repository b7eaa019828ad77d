// C4, C5: the public lookup — the page and the JSON status. P1: nothing here is logged (the app
// disables request logging; the error handler logs no URL for these routes); the only memory of a
// client is the abuse limiter's keyed hash, which is forgotten at the end of its window (P2).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import { stockholmDate, stockholmDayStart, stockholmTime } from '../../domain/calendar.ts';
import { parseCardCode } from '../../domain/card-code.ts';
import { type LookupAnswer, UNKNOWN } from '../../domain/lookup.ts';
import { parseEntrySegment } from '../../domain/status-list.ts';
import type { KeyRing } from '../../services/key-ring.ts';
import type { LookupResultLabel } from '../../services/lookup-tally.ts';
import type { FoundCard, ReadModel, StatusEntryJson } from '../../store/read-model.ts';
import type { ClientLimiter } from '../plugins/abuse-limiter.ts';
import { clientAddress } from '../plugins/client-address.ts';
import {
  answerPageSecurityPolicy,
  FORM_PAGE_SECURITY_POLICY,
  type PageAnswer,
  renderFormPage,
} from './lookup-page.ts';
import { PageTemplates } from './page-templates.ts';
import { PreparedHeaders } from './prepared-headers.ts';
import { chooseLanguage } from './texts.ts';

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

/** Today's Swedish date, recomputed only when the instant leaves the cached day (R6). */
export function makeTodayCache(): (now: Date) => string {
  let start = 0;
  let end = -1;
  let today = '';
  return (now) => {
    const t = now.getTime();
    if (t < start || t >= end) {
      today = stockholmDate(now);
      start = stockholmDayStart(today);
      end = stockholmDayStart(stockholmDate(new Date(start + 26 * 3_600_000)));
    }
    return today;
  };
}

/** An instant as ISO 8601 (UTC, milliseconds), formatted once per millisecond however many ask. */
export function makeInstantCache(): (now: Date) => string {
  let ms = Number.NaN;
  let text = '';
  return (now) => {
    const t = now.getTime();
    if (t !== ms) {
      ms = t;
      text = now.toISOString();
    }
    return text;
  };
}

/** The Swedish wall-clock time of an instant, formatted once per second (Intl is slow). */
export function makeSecondCache(format: (now: Date) => string): (now: Date) => string {
  let second = Number.NaN;
  let text = '';
  return (now) => {
    const s = Math.floor(now.getTime() / 1000);
    if (s !== second) {
      second = s;
      text = format(now);
    }
    return text;
  };
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
/** Prepared header sets kept per kind of answer; any further length is prepared for its answer alone. */
const MAX_PREPARED_LENGTHS = 256;

// For the OpenAPI document (the answers themselves are written by hand below, byte for byte).
const statusAnswer = {
  type: 'object',
  required: ['result', 'atUnd', 'checkedAt'],
  properties: {
    result: { type: 'string', enum: ['valid', 'not_valid', 'unknown'] },
    atUnd: { type: 'boolean' },
    checkedAt: { type: 'string', format: 'date-time' },
    specimen: {
      type: 'boolean',
      enum: [true],
      description: 'present (true) only for a specimen (training) card; the result is its real answer',
    },
    receipt: {
      type: 'string',
      description:
        'only with ?receipt=1 (C9): a compact JWS (EdDSA/Ed25519, header {alg, kid, typ:"lma-receipt+jws"}) ' +
        'over {"code","result","atUnd","checkedAt"} (+ "specimen":true for specimen cards); verify it with ' +
        'the key named by kid at /.well-known/jwks.json. Nothing about it is stored.',
    },
    statusListCredential: {
      type: 'string',
      format: 'uri',
      description: 'valid and not_valid only: the status list holding this card (docs/status-list.md)',
    },
    statusListIndex: {
      type: 'string',
      pattern: '^[0-9]+$',
      description: 'valid and not_valid only: the card’s entry in that list, base 10',
    },
  },
} as const;
const statusProblem = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'checkedAt'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    result: { type: 'string', enum: ['malformed'] },
    checkedAt: { type: 'string', format: 'date-time' },
  },
} as const;
const problemContent = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: statusProblem } },
});
const STATUS_SCHEMA = {
  tags: ['public'],
  summary: 'Is this card valid now? (C5, R11)',
  querystring: {
    type: 'object',
    properties: {
      receipt: {
        type: 'string',
        enum: ['1'],
        description: '1: add a signed receipt of this answer (C9); not on 400, 429 or 503',
      },
    },
  },
  params: {
    type: 'object',
    properties: {
      code: { type: 'string', description: 'the card code, any case, hyphens and spaces ignored' },
    },
  },
  response: {
    200: { description: 'valid or not_valid', content: { 'application/json': { schema: statusAnswer } } },
    404: {
      description: 'unknown: a well-formed code that matches no card',
      content: { 'application/json': { schema: statusAnswer } },
    },
    400: problemContent('malformed: not a code, or the check character does not match'),
    429: problemContent('too many unknown or malformed answers for this client; see Retry-After'),
    503: problemContent('the service cannot answer truthfully now; show "could not check"'),
  },
};

export function publicLookupRoutes(app: FastifyInstance, deps: PublicDeps): FastPath {
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

  /** A public answer, ready to write: by Fastify below, or by the fast path on the raw socket. */
  interface PublicResponse {
    status: number;
    contentType: string;
    retryAfter: number;
    vary: boolean;
    /** A page's own CSP (its style block's hash); other answers keep the one every response gets. */
    csp?: string;
    /** A string, or the page already encoded (spliced from a template). */
    body: string | Buffer;
    /** C9: what a receipt of this answer signs; only on 200 and 404. */
    receiptPayload?: ReceiptPayload;
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
    const csp = answerPageSecurityPolicy(answer.kind, answer.specimen === true);
    return { status, contentType: 'text/html; charset=utf-8', retryAfter, vary: true, csp, body };
  }

  const send = (reply: FastifyReply, r: PublicResponse) => {
    reply.code(r.status).type(r.contentType);
    if (r.retryAfter > 0) reply.header('retry-after', String(r.retryAfter));
    if (r.vary) reply.header('vary', 'accept-language');
    if (r.csp) reply.header('content-security-policy', r.csp);
    return reply.send(r.body);
  };

  app.get<{ Params: { code: string }; Querystring: { receipt?: string } }>(
    '/api/v1/status/:code',
    { schema: STATUS_SCHEMA },
    async (request, reply) => {
      const wanted = request.query.receipt === '1' && deps.keys !== undefined;
      const response = statusResponse(request.params.code, request.ip, wanted);
      if (wanted && response.receiptPayload && deps.keys) {
        // C9, P1: signed for this answer only; neither the receipt nor its code is kept or logged.
        const receipt = await deps.keys.sign(response.receiptPayload, RECEIPT_TYPE);
        response.body = `${response.body.slice(0, -1)},"receipt":"${receipt}"}`;
      }
      return send(reply, response);
    },
  );

  const page = (
    request: FastifyRequest<{ Querystring: { lang?: string } }>,
    reply: FastifyReply,
    input: string,
  ) => send(reply, pageResponse(input, request.ip, request.query.lang, request.headers['accept-language']));

  const byPath = (
    request: FastifyRequest<{ Params: { code: string }; Querystring: { lang?: string } }>,
    reply: FastifyReply,
  ) => page(request, reply, request.params.code);
  app.get('/k/:code', byPath);
  // C2: the QR code carries the URL in upper case (QR alphanumeric mode).
  app.get('/K/:code', byPath);
  // The QR adds the card's status-list entry, /K/{code}/{list}.{index}; answered as /k/{code}.
  const withEntry = (
    request: FastifyRequest<{ Params: { code: string; entry: string }; Querystring: { lang?: string } }>,
    reply: FastifyReply,
  ) =>
    parseEntrySegment(request.params.entry)
      ? page(request, reply, request.params.code)
      : reply.callNotFound();
  app.get('/k/:code/:entry', withEntry);
  app.get('/K/:code/:entry', withEntry);

  const form = (
    request: FastifyRequest<{ Querystring: { lang?: string; code?: string } }>,
    reply: FastifyReply,
  ) => {
    const code = request.query.code;
    if (typeof code === 'string' && code.trim() !== '') return page(request, reply, code);
    const lang = chooseLanguage(request.query.lang, request.headers['accept-language']);
    reply.header('vary', 'accept-language').header('content-security-policy', FORM_PAGE_SECURITY_POLICY);
    return reply.type('text/html; charset=utf-8').send(renderFormPage(lang));
  };
  app.get('/k/', form);
  app.get('/K/', form);
  app.get('/k', (_request, reply) => reply.redirect('/k/', 301));
  app.get('/', (_request, reply) => reply.redirect('/k/', 302));

  // ---- the fast path ----------------------------------------------------------------------------
  // The two answers every scan asks for, written straight to the socket with the same responder,
  // headers and counting as the routes above; Fastify's per-request machinery costs more than the
  // answer itself. Anything unusual (another method, a query on the JSON status, a broken escape,
  // a path with more segments) is left to Fastify, which answers it as it always has.
  // The headers of each kind of answer (its page's own CSP, or else its content type) and length,
  // checked once, and the head Node makes from them kept for reuse (prepared-headers.ts). Lengths
  // are few: a code has a fixed length, and only the status-list index and the words of the answer
  // vary.
  const baseHeaders = Object.entries(deps.securityHeaders ?? {});
  const prepared = new Map<string, Map<number, PreparedHeaders>>();
  const preparedFor = (r: PublicResponse, length: number): PreparedHeaders => {
    const key = r.csp ?? r.contentType;
    let byLength = prepared.get(key);
    if (!byLength) {
      byLength = new Map();
      prepared.set(key, byLength);
    }
    let headers = byLength.get(length);
    if (!headers) {
      headers = new PreparedHeaders(
        [
          ...baseHeaders.map(([name, value]): [string, string] => [
            name,
            name === 'content-security-policy' && r.csp ? r.csp : value,
          ]),
          ['content-type', r.contentType],
          ...(r.vary ? [['vary', 'accept-language'] as [string, string]] : []),
          ['content-length', String(length)],
        ],
        { nodeInternals: deps.nodeInternals ?? true },
      );
      if (byLength.size < MAX_PREPARED_LENGTHS) byLength.set(length, headers);
    }
    return headers;
  };
  const write = (res: ServerResponse, r: PublicResponse) => {
    const length = typeof r.body === 'string' ? Buffer.byteLength(r.body) : r.body.length;
    const headers = preparedFor(r, length);
    if (r.retryAfter === 0) {
      headers.respond(res, r.status, r.body);
      return;
    }
    res.writeHead(r.status, [...headers.list(), 'retry-after', String(r.retryAfter)]);
    res.end(r.body);
  };
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const isStatus = url.startsWith('/api/v1/status/');
    const isPage = !isStatus && (url.startsWith('/k/') || url.startsWith('/K/'));
    if (!isStatus && !isPage) return false;
    const q = url.indexOf('?');
    const raw = url.slice(isStatus ? 15 : 3, q < 0 ? undefined : q);
    if (raw === '' || raw.includes('/') || raw.length > 200 || (isStatus && q >= 0)) return false;
    let input: string;
    try {
      input = raw.includes('%') ? decodeURIComponent(raw) : raw;
    } catch {
      return false;
    }
    const ip = clientAddressOf(req, deps.trustedHops ?? 0);
    if (isStatus) {
      write(res, statusResponse(input, ip));
    } else {
      const lang = q < 0 ? undefined : (new URLSearchParams(url.slice(q + 1)).get('lang') ?? undefined);
      write(res, pageResponse(input, ip, lang, rawHeader(req, 'accept-language')));
    }
    return true;
  };
}

/**
 * A request header's value as req.headers gives it (repeats joined with ", "), read from the raw
 * list instead: req.headers is built, every name lower-cased, the first time it is read.
 */
export function rawHeader(req: IncomingMessage, lowerCaseName: string): string | undefined {
  const raw = req.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length !== lowerCaseName.length || name.toLowerCase() !== lowerCaseName) continue;
    value = value === undefined ? raw[i + 1] : `${value}, ${raw[i + 1]}`;
  }
  return value;
}

/** The client's address as Fastify reads it: the socket's, or the entry the farthest trusted proxy added. */
function clientAddressOf(req: IncomingMessage, trustedHops: number): string {
  const socketAddress = req.socket.remoteAddress ?? '';
  if (trustedHops === 0) return socketAddress;
  return clientAddress(socketAddress, rawHeader(req, 'x-forwarded-for'), trustedHops);
}

export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** C9: the JWS `typ` of a lookup receipt. */
export const RECEIPT_TYPE = 'lma-receipt+jws';

/** C9: exactly what a receipt signs, in this key order; `specimen` only for specimen cards. */
export interface ReceiptPayload {
  code: string;
  result: 'valid' | 'not_valid' | 'unknown';
  atUnd: boolean;
  checkedAt: string;
  specimen?: true;
}

function receiptPayloadOf(code: string, answer: LookupAnswer, checkedAt: string): ReceiptPayload {
  const payload: ReceiptPayload = {
    code,
    result: answer.result as ReceiptPayload['result'],
    atUnd: answer.atUnd,
    checkedAt,
  };
  // Specimen (training) cards are flagged in the read model; the flag is carried when present.
  if ((answer as { specimen?: boolean }).specimen === true) payload.specimen = true;
  return payload;
}

function problemResponse(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown>,
): { status: number; contentType: string; retryAfter: number; vary: boolean; body: string } {
  return {
    status,
    contentType: 'application/problem+json; charset=utf-8',
    retryAfter: 0,
    vary: false,
    body: JSON.stringify({ type: `urn:lmakort:problem:${code}`, title, status, detail, ...extra }),
  };
}

export function problem(
  reply: FastifyReply,
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  reply.code(status).type('application/problem+json; charset=utf-8');
  return reply.send(JSON.stringify({ type: `urn:lmakort:problem:${code}`, title, status, detail, ...extra }));
}
