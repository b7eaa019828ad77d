// C4, C5: the public lookup — the page and the JSON status. P1: nothing here is logged (the app
// disables request logging; the error handler logs no URL for these routes); the only memory of a
// client is the abuse limiter's keyed hash, which is forgotten at the end of its window (P2).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import { stockholmDate, stockholmDayStart, stockholmTime } from '../../domain/calendar.ts';
import { parseCardCode } from '../../domain/card-code.ts';
import type { LookupAnswer } from '../../domain/lookup.ts';
import type { LookupResultLabel } from '../../services/lookup-tally.ts';
import type { ReadModel } from '../../store/read-model.ts';
import type { AbuseLimiter } from '../plugins/abuse-limiter.ts';
import { type PageAnswer, renderAnswerPage, renderFormPage } from './lookup-page.ts';
import { chooseLanguage } from './texts.ts';

export interface PublicDeps {
  clock: Clock;
  readModel: ReadModel;
  limiter: AbuseLimiter;
  /** Told of every answer: its result only (P1, P3), the Swedish day, and when handling started. */
  onLookup?: (result: LookupResultLabel, surface: 'api' | 'page', day: string, startedMs: number) => void;
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

type Outcome =
  | { kind: 'answer'; answer: LookupAnswer; code: string | null; typed: string | null }
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'unavailable' };

const MAX_INPUT = 64;

// For the OpenAPI document (the answers themselves are written by hand below, byte for byte).
const statusAnswer = {
  type: 'object',
  required: ['result', 'atUnd', 'checkedAt'],
  properties: {
    result: { type: 'string', enum: ['valid', 'not_valid', 'unknown'] },
    atUnd: { type: 'boolean' },
    checkedAt: { type: 'string', format: 'date-time' },
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

export function publicLookupRoutes(app: FastifyInstance, deps: PublicDeps): void {
  const { clock, readModel, limiter } = deps;
  const todayOf = makeTodayCache();
  const onLookup = deps.onLookup ?? (() => {});
  const resultOf = (o: Outcome): LookupResultLabel => (o.kind === 'answer' ? o.answer.result : o.kind);

  function check(input: string, ip: string, now: Date): Outcome {
    if (!readModel.isReady) return { kind: 'unavailable' };
    const retryAfter = limiter.retryAfter(ip);
    if (retryAfter > 0) return { kind: 'rate_limited', retryAfter };
    const parsed = input.length <= MAX_INPUT ? parseCardCode(input) : ({ ok: false } as const);
    if (!parsed.ok) {
      limiter.recordMiss(ip);
      return {
        kind: 'answer',
        answer: { result: 'malformed', atUnd: false },
        code: null,
        typed: input.slice(0, MAX_INPUT),
      };
    }
    const answer = readModel.lookup(parsed.code, todayOf(now));
    if (answer.result === 'unknown') limiter.recordMiss(ip);
    return { kind: 'answer', answer, code: parsed.code, typed: null };
  }

  // ---- C5: JSON -------------------------------------------------------------------------------
  app.get<{ Params: { code: string }; Querystring: { receipt?: string } }>(
    '/api/v1/status/:code',
    { schema: STATUS_SCHEMA },
    (request, reply) => {
      const started = performance.now();
      const now = clock.now();
      const checkedAt = now.toISOString();
      const outcome = check(request.params.code, request.ip, now);
      // Counted (result only) and timed just before the answer is handed over.
      const finish = () => onLookup(resultOf(outcome), 'api', todayOf(now), started);
      if (outcome.kind === 'unavailable') {
        finish();
        return problem(
          reply,
          503,
          'unavailable',
          'Service unavailable',
          'The service cannot answer truthfully right now; try again.',
          {
            checkedAt,
          },
        );
      }
      if (outcome.kind === 'rate_limited') {
        reply.header('retry-after', String(outcome.retryAfter));
        finish();
        return problem(
          reply,
          429,
          'rate_limited',
          'Too many requests',
          'Too many unknown or malformed codes from this client.',
          {
            checkedAt,
          },
        );
      }
      const { result, atUnd } = outcome.answer;
      if (result === 'malformed') {
        finish();
        return problem(
          reply,
          400,
          'malformed-code',
          'Malformed code',
          'Not a card code, or the check character does not match.',
          {
            result: 'malformed',
            checkedAt,
          },
        );
      }
      reply.code(result === 'unknown' ? 404 : 200).type('application/json; charset=utf-8');
      finish();
      return reply.send(`{"result":"${result}","atUnd":${atUnd},"checkedAt":"${checkedAt}"}`);
    },
  );

  // ---- C4: HTML -------------------------------------------------------------------------------
  const page = (
    request: FastifyRequest<{ Querystring: { lang?: string } }>,
    reply: FastifyReply,
    input: string,
  ) => {
    const started = performance.now();
    const lang = chooseLanguage(request.query.lang, request.headers['accept-language']);
    const now = clock.now();
    const outcome = check(input, request.ip, now);
    const base = { checkedDate: stockholmDate(now), checkedTime: stockholmTime(now) };
    let answer: PageAnswer;
    let status: number;
    if (outcome.kind === 'answer') {
      const r = outcome.answer.result;
      status = r === 'unknown' ? 404 : r === 'malformed' ? 400 : 200;
      answer = { kind: r, atUnd: outcome.answer.atUnd, code: outcome.code, typed: outcome.typed, ...base };
    } else {
      status = outcome.kind === 'rate_limited' ? 429 : 503;
      if (outcome.kind === 'rate_limited') reply.header('retry-after', String(outcome.retryAfter));
      answer = { kind: outcome.kind, atUnd: false, code: null, typed: null, ...base };
    }
    const selfPath = outcome.kind === 'answer' && outcome.code ? `/k/${outcome.code}` : '/k/';
    reply.code(status).header('vary', 'accept-language').type('text/html; charset=utf-8');
    const html = renderAnswerPage(lang, answer, selfPath);
    onLookup(resultOf(outcome), 'page', todayOf(now), started);
    return reply.send(html);
  };

  const byPath = (
    request: FastifyRequest<{ Params: { code: string }; Querystring: { lang?: string } }>,
    reply: FastifyReply,
  ) => page(request, reply, request.params.code);
  app.get('/k/:code', byPath);
  // C2: the QR code carries the URL in upper case (QR alphanumeric mode).
  app.get('/K/:code', byPath);

  const form = (
    request: FastifyRequest<{ Querystring: { lang?: string; code?: string } }>,
    reply: FastifyReply,
  ) => {
    const code = request.query.code;
    if (typeof code === 'string' && code.trim() !== '') return page(request, reply, code);
    const lang = chooseLanguage(request.query.lang, request.headers['accept-language']);
    reply.header('vary', 'accept-language').type('text/html; charset=utf-8');
    return reply.send(renderFormPage(lang));
  };
  app.get('/k/', form);
  app.get('/K/', form);
  app.get('/k', (_request, reply) => reply.redirect('/k/', 301));
  app.get('/', (_request, reply) => reply.redirect('/k/', 302));
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
