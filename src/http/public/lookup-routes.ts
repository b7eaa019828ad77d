// C4, C5: the public lookup — the page and the JSON status. P1: nothing here is logged (the app
// disables request logging; the error handler logs no URL for these routes); the only memory of a
// client is the abuse limiter's keyed hash, which is forgotten at the end of its window (P2).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import { stockholmDate, stockholmDayStart, stockholmTime } from '../../domain/calendar.ts';
import { parseCardCode } from '../../domain/card-code.ts';
import type { LookupAnswer } from '../../domain/lookup.ts';
import type { ReadModel } from '../../store/read-model.ts';
import type { AbuseLimiter } from '../plugins/abuse-limiter.ts';
import { type PageAnswer, renderAnswerPage, renderFormPage } from './lookup-page.ts';
import { chooseLanguage } from './texts.ts';

export interface PublicDeps {
  clock: Clock;
  readModel: ReadModel;
  limiter: AbuseLimiter;
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

export function publicLookupRoutes(app: FastifyInstance, deps: PublicDeps): void {
  const { clock, readModel, limiter } = deps;
  const todayOf = makeTodayCache();

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
    (request, reply) => {
      const now = clock.now();
      const checkedAt = now.toISOString();
      const outcome = check(request.params.code, request.ip, now);
      if (outcome.kind === 'unavailable') {
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
      return reply.send(`{"result":"${result}","atUnd":${atUnd},"checkedAt":"${checkedAt}"}`);
    },
  );

  // ---- C4: HTML -------------------------------------------------------------------------------
  const page = (
    request: FastifyRequest<{ Querystring: { lang?: string } }>,
    reply: FastifyReply,
    input: string,
  ) => {
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
    return reply.send(renderAnswerPage(lang, answer, selfPath));
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
