// R16: the holder's own view over HTTP — the page /mitt-kort (forms, no script) and JSON for apps
// under /api/v1/holder/. Public and unlogged like the lookup (P1: this scope logs no requests, and
// nothing here writes a code anywhere); the codes come only in POST bodies; every answer is no-store
// and sets no cookie (C6). Each refusal counts against the client in the abuse limiter (S1, P2) and
// each wrong personal code against the card (claimed before it is checked: services/holder.ts).

import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../services/app-error.ts';
import type { HolderService } from '../../services/holder.ts';
import type { HolderCard, ReportReason } from '../../store/holder-store.ts';
import type { ClientLimiter } from '../plugins/abuse-limiter.ts';
import { httpStatus } from '../problem.ts';
import {
  HOLDER_PAGE_CSP,
  HOLDER_PATH,
  type Reception,
  renderHolderForm,
  renderHolderView,
  renderReportConfirm,
  visitCalendar,
} from './holder-page.ts';
import { HOLDER_TEXTS } from './holder-texts.ts';
import { chooseLanguage, isPageLanguage, type PageLanguage } from './texts.ts';

export interface HolderRouteDeps {
  holder: HolderService;
  /** The public lookup's limiter: misses here and there count together, per client (S1, P2). */
  limiter: ClientLimiter;
  reception: Reception;
  now: () => Date;
}

const codes = {
  code: {
    type: 'string',
    minLength: 1,
    maxLength: 200,
    description: "the card's code as printed, or the address its QR code holds",
  },
  personalCode: {
    type: 'string',
    minLength: 1,
    maxLength: 40,
    description: 'the personal code from the card-ready letter, XXXXX-XXXXX',
  },
} as const;

const problems = {
  400: { description: 'a code cannot be a code (field: code or personalCode), or the body is wrong' },
  401: {
    description: 'the codes do not match (also: no such card, or the card is locked after 5 wrong tries)',
  },
  429: { description: 'too many refusals for this client; see Retry-After' },
};

export function registerHolderRoutes(app: FastifyInstance, deps: HolderRouteDeps): void {
  const { holder, limiter } = deps;

  /** Opens the card, counting every refusal against the client; 429 while the client is limited. */
  const open = async (request: FastifyRequest, code: string, personalCode: string): Promise<HolderCard> => {
    const wait = limiter.retryAfter(request.ip);
    if (wait > 0)
      throw new AppError(
        'rate_limited',
        'too many refusals for this client; see Retry-After',
        undefined,
        wait,
      );
    try {
      return await holder.open(code, personalCode);
    } catch (error) {
      if (error instanceof AppError && (httpStatus(error) === 400 || httpStatus(error) === 401))
        limiter.recordMiss(request.ip);
      throw error;
    }
  };

  app.post<{ Body: { code: string; personalCode: string } }>(
    '/api/v1/holder/status',
    {
      schema: {
        tags: ['public'],
        summary: "The holder's card: its answer now, its last valid day and the day to visit by (R16)",
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'personalCode'],
          properties: codes,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              result: { type: 'string', enum: ['valid', 'not_valid'] },
              atUnd: { type: 'boolean' },
              validUntil: { type: ['string', 'null'], format: 'date' },
              visitBy: { type: ['string', 'null'], format: 'date' },
              reported: { type: 'boolean' },
            },
          },
          ...problems,
        },
      },
    },
    async (request) => {
      const card = await open(request, request.body.code, request.body.personalCode);
      const view = await holder.view(card);
      return {
        result: view.answer.result,
        atUnd: view.answer.atUnd,
        validUntil: view.validUntil,
        visitBy: view.visitBy,
        reported: view.report !== null,
      };
    },
  );

  app.post<{ Body: { code: string; personalCode: string; reason: ReportReason } }>(
    '/api/v1/holder/report',
    {
      schema: {
        tags: ['public'],
        summary: 'The holder reports the card lost or stolen: it answers "not valid" at once (R16)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'personalCode', 'reason'],
          properties: { ...codes, reason: { type: 'string', enum: ['lost', 'stolen'] } },
        },
        response: {
          200: { type: 'object', properties: { result: { type: 'string', enum: ['not_valid'] } } },
          ...problems,
        },
      },
    },
    async (request) => {
      const card = await open(request, request.body.code, request.body.personalCode);
      await holder.report(card, request.body.reason);
      return { result: 'not_valid' };
    },
  );

  // The page: forms, in a scope of its own that reads urlencoded bodies.
  app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 4 * 1024 });

    const html = (reply: FastifyReply, status: number, body: string) =>
      reply
        .code(status)
        .header('content-security-policy', HOLDER_PAGE_CSP)
        .type('text/html; charset=utf-8')
        .send(body);

    /** The form again with why, for a refusal; anything else is not ours to answer here. */
    const refused = (reply: FastifyReply, lang: PageLanguage, error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      const h = HOLDER_TEXTS[lang];
      const message =
        httpStatus(error) === 429
          ? h.rateLimited
          : httpStatus(error) === 401
            ? h.wrong
            : httpStatus(error) === 400
              ? h.malformed
              : null;
      if (message === null) throw error;
      if (error.retryAfter) reply.header('retry-after', String(error.retryAfter));
      return html(reply, httpStatus(error), renderHolderForm(lang, message));
    };

    const fields = (request: FastifyRequest) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');
      return {
        lang: isPageLanguage(body.lang)
          ? body.lang
          : chooseLanguage(undefined, request.headers['accept-language']),
        code: text(body.code),
        personalCode: text(body.personalCode),
        reason: body.reason === 'lost' || body.reason === 'stolen' ? (body.reason as ReportReason) : null,
        confirmed: body.confirmed === 'yes',
      };
    };

    /** The holder's card as it is now, with the codes carried for the page's own forms. */
    const showCard = async (reply: FastifyReply, f: ReturnType<typeof fields>, card: HolderCard) =>
      html(
        reply,
        200,
        renderHolderView({
          lang: f.lang,
          code: f.code,
          personalCode: f.personalCode,
          view: await holder.view(card),
          reception: deps.reception,
        }),
      );

    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      const f = fields(request);
      try {
        return await showCard(reply, f, await open(request, f.code, f.personalCode));
      } catch (error) {
        return refused(reply, f.lang, error);
      }
    };

    const pageSchema = (summary: string) => ({
      schema: {
        tags: ['public'],
        summary,
        response: { 200: { description: 'an HTML page (no script); refusals are the form again, with why' } },
      },
    });

    scope.get<{ Querystring: { lang?: string } }>(
      HOLDER_PATH,
      pageSchema("The holder's page (R16): the form for the card's code and the personal code"),
      async (request, reply) =>
        html(
          reply,
          200,
          renderHolderForm(chooseLanguage(request.query.lang, request.headers['accept-language'])),
        ),
    );

    scope.post(HOLDER_PATH, pageSchema("The holder's card, for the codes in the form body"), page);

    scope.post(
      `${HOLDER_PATH}/kalender.ics`,
      pageSchema('A calendar file (text/calendar) for the last day to visit, for the codes in the form body'),
      async (request, reply) => {
        const f = fields(request);
        try {
          const card = await open(request, f.code, f.personalCode);
          const view = await holder.view(card);
          if (!view.visitBy) return page(request, reply);
          return reply
            .type('text/calendar; charset=utf-8')
            .header('content-disposition', 'attachment; filename="lma-besok.ics"')
            .send(visitCalendar(f.lang, view.visitBy, deps.reception, deps.now()));
        } catch (error) {
          return refused(reply, f.lang, error);
        }
      },
    );

    scope.post(
      `${HOLDER_PATH}/anmal`,
      pageSchema('Report the card lost or stolen: a confirming step, then the card is stopped at once'),
      async (request, reply) => {
        const f = fields(request);
        try {
          const card = await open(request, f.code, f.personalCode);
          if (f.reason === null) return page(request, reply);
          if (!f.confirmed)
            return html(reply, 200, renderReportConfirm(f.lang, f.code, f.personalCode, f.reason));
          await holder.report(card, f.reason);
          return await showCard(reply, f, card);
        } catch (error) {
          return refused(reply, f.lang, error);
        }
      },
    );
  });
}
