// C7: the officer / integration API. Handlers validate at the edge (schemas refuse unknown fields),
// then call the service; no business logic and no SQL here.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import { LANGUAGES, normalisePersonalIdentityNumber } from '../../domain/applicant.ts';
import { isCalendarDate } from '../../domain/calendar.ts';
import { CANCEL_REASONS, type CancelReason } from '../../domain/card.ts';
import { fieldWithControlCharacter } from '../../domain/control-characters.ts';
import { DECISION_TYPES, type DecisionType } from '../../domain/coverage.ts';
import { AppError, notFound } from '../../services/app-error.ts';
import type { LmaService, NewApplicantInput, Reply } from '../../services/lma-service.ts';
import type { RenderPool } from '../../services/render-pool.ts';
import type { TokenService } from '../../services/tokens.ts';
import type { Db } from '../../store/db.ts';
import type { Role } from '../../store/token-store.ts';
import type { AppMetrics } from '../plugins/metrics.ts';
import { adminRoutes } from './admin-routes.ts';
import { registerBearerAuth } from './auth.ts';
import { documentRoutes } from './document-routes.ts';
import { extractRoutes } from './extract-routes.ts';
import { acceptPhoto } from './photo.ts';
import { actorOf, emptyBody, idempotencyOf, idParams, uuid } from './route-helpers.ts';

export const PHOTO_BODY_LIMIT = 5 * 1024 * 1024;

const date = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;

const applicantBody = {
  type: 'object',
  additionalProperties: false,
  required: ['givenName', 'familyName', 'birthDate', 'nationality', 'language'],
  properties: {
    givenName: text(100),
    familyName: text(100),
    birthDate: date,
    nationality: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      description: 'ISO 3166-1 alpha-3 (XXA: stateless)',
    },
    language: { type: 'string', enum: [...LANGUAGES] },
    dossierNumber: { type: 'string', pattern: '^\\d{2}-\\d{6}$' },
    address: {
      type: 'object',
      additionalProperties: false,
      required: ['street', 'postalCode', 'city'],
      properties: {
        careOf: text(100),
        street: text(100),
        postalCode: { type: 'string', pattern: '^\\d{3} ?\\d{2}$' },
        city: text(60),
      },
    },
    protectedAddress: { type: 'boolean' },
    personalIdentityNumber: { type: 'string', maxLength: 13 },
    guardianOf: { type: 'array', items: uuid, maxItems: 20 },
    specimen: {
      type: 'boolean',
      description:
        'admin only: a training applicant whose cards answer lookups marked "specimen" (no letters, not in statistics)',
    },
  },
} as const;

function jsonBody(properties: Record<string, unknown>, required: string[] = []) {
  return { type: 'object', additionalProperties: false, required, properties } as const;
}

export interface OfficerDeps {
  db: Db;
  service: LmaService;
  clock: Clock;
  metrics: AppMetrics;
  cardCostSek: number;
  flushCounts: () => Promise<void>;
  renderPool: RenderPool;
  tokens: TokenService;
}

function checkDateNotBefore1900(value: string | undefined, field: string): void {
  if (value !== undefined && !isCalendarDate(value)) {
    throw new AppError('validation', `${field} must be a calendar date from 1900 to 2999`, field);
  }
}

export async function officerApiRoutes(app: FastifyInstance, deps: OfficerDeps): Promise<void> {
  const { db, service, clock, metrics } = deps;
  registerBearerAuth(app, deps.tokens);

  // Writes whose body is optional: an absent body is {} (still refusing unknown fields).
  app.addHook('preValidation', async (request) => {
    if (
      request.method !== 'GET' &&
      request.body === undefined &&
      request.headers['content-type'] === undefined
    ) {
      request.body = {};
    }
    // S3: no control character in any text (a NUL would reach the database, a tab a letter).
    const field =
      fieldWithControlCharacter(request.body) ??
      (request.query ? fieldWithControlCharacter(request.query) : null);
    if (field) {
      throw new AppError('validation', `${field} must not contain control characters`, field);
    }
  });

  // The request id every officer request is logged with (reqId; the client's X-Request-Id when it
  // sent a well-formed one), given back so an officer or a client can quote it to support.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Officer actions are logged by route and ids only (the token's name, the id in the path): never a
  // body, a name, a birth date or a client address (R12, P5). The audit itself is the history table (P4).
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const target = (request.params as { id?: unknown } | undefined)?.id;
    request.log.info(
      {
        // reqId comes from the request's child logger.
        method: request.method,
        route,
        target: typeof target === 'string' ? target : null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        actor: request.principal?.name ?? null,
      },
      'officer request',
    );
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 300 && route) {
      metrics.officerWrites.inc({ kind: `${request.method} ${route}` });
    }
  });

  const send = (reply: import('fastify').FastifyReply, r: Reply) => reply.code(r.status).send(r.body);
  const bodyBytes = (request: FastifyRequest) => JSON.stringify(request.body ?? {});

  app.post<{ Body: NewApplicantInput }>(
    '/applicants',
    { schema: { body: applicantBody } },
    async (request, reply) => {
      const body = { ...request.body };
      if (body.specimen && (request.principal as { role: string }).role !== 'admin') {
        throw new AppError('forbidden', 'only an admin token may register a specimen applicant', 'specimen');
      }
      checkDateNotBefore1900(body.birthDate, 'birthDate');
      if (body.birthDate > service.today()) {
        throw new AppError('validation', 'birthDate cannot be in the future', 'birthDate');
      }
      if (body.personalIdentityNumber !== undefined) {
        const pin = normalisePersonalIdentityNumber(body.personalIdentityNumber);
        if (!pin) {
          throw new AppError(
            'validation',
            'personalIdentityNumber must be a Swedish personal identity number (YYYYMMDD-NNNN) with a correct check digit',
            'personalIdentityNumber',
          );
        }
        body.personalIdentityNumber = pin;
      }
      return send(
        reply,
        await service.registerApplicant(actorOf(request), body, idempotencyOf(request, bodyBytes(request))),
      );
    },
  );

  app.get<{ Querystring: { dossierNumber: string } }>(
    '/applicants',
    {
      schema: {
        response: { 200: applicantViewSchema },
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['dossierNumber'],
          properties: { dossierNumber: { type: 'string', pattern: '^\\d{2}-\\d{6}$' } },
        },
      },
    },
    async (request) => {
      const id = await service.findApplicantId(request.query.dossierNumber);
      const view = id ? await service.applicantView(id) : null;
      if (!view) throw notFound('applicant');
      return view;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/applicants/:id',
    { schema: { params: idParams, response: { 200: applicantViewSchema } } },
    async (request) => {
      const view = await service.applicantView(request.params.id);
      if (!view) throw notFound('applicant');
      return view;
    },
  );

  // S3: the photo is the raw JPEG or PNG body, checked by its magic bytes, not by what it claims,
  // then decoded in full (on a worker thread); what is stored is the normalised JPEG.
  app.post<{ Params: { id: string }; Body: Buffer }>(
    '/applicants/:id/photo',
    { schema: { params: idParams }, bodyLimit: PHOTO_BODY_LIMIT },
    async (request, reply) => {
      const contentType = String(request.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() as 'image/jpeg' | 'image/png';
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes)) {
        throw new AppError('unsupported_media_type', `the body is not a ${contentType} image`, 'photo');
      }
      const photo = await acceptPhoto(bytes, deps.renderPool.normalisePhoto, contentType);
      return send(
        reply,
        await service.recordPhoto(actorOf(request), request.params.id, photo, idempotencyOf(request, bytes)),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/applicants/:id/fingerprints',
    { schema: { params: idParams, body: emptyBody } },
    async (request, reply) =>
      send(
        reply,
        await service.recordFingerprints(
          actorOf(request),
          request.params.id,
          idempotencyOf(request, bodyBytes(request)),
        ),
      ),
  );

  app.post<{ Params: { id: string } }>(
    '/cards/:id/produced',
    { schema: { params: idParams, body: emptyBody } },
    async (request, reply) =>
      send(
        reply,
        await service.markCardProduced(
          actorOf(request),
          request.params.id,
          idempotencyOf(request, bodyBytes(request)),
        ),
      ),
  );

  app.post<{ Params: { id: string }; Body: { date?: string } }>(
    '/cards/:id/handover',
    { schema: { params: idParams, body: jsonBody({ date }) } },
    async (request, reply) => {
      checkDateNotBefore1900(request.body.date, 'date');
      return send(
        reply,
        await service.handOverCard(
          actorOf(request),
          request.params.id,
          request.body,
          idempotencyOf(request, bodyBytes(request)),
        ),
      );
    },
  );

  app.post<{ Params: { id: string }; Body: { date?: string; office?: string } }>(
    '/applicants/:id/visits',
    { schema: { params: idParams, body: jsonBody({ date, office: text(100) }) } },
    async (request, reply) => {
      checkDateNotBefore1900(request.body.date, 'date');
      return send(
        reply,
        await service.registerVisit(
          actorOf(request),
          request.params.id,
          request.body,
          idempotencyOf(request, bodyBytes(request)),
        ),
      );
    },
  );

  app.post<{ Params: { id: string }; Body: { type: DecisionType; effectiveDate?: string } }>(
    '/applicants/:id/decisions',
    {
      schema: {
        params: idParams,
        body: jsonBody({ type: { type: 'string', enum: [...DECISION_TYPES] }, effectiveDate: date }, [
          'type',
        ]),
      },
    },
    async (request, reply) => {
      checkDateNotBefore1900(request.body.effectiveDate, 'effectiveDate');
      return send(
        reply,
        await service.registerDecision(
          actorOf(request),
          request.params.id,
          request.body,
          idempotencyOf(request, bodyBytes(request)),
        ),
      );
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/decisions/:id',
    { schema: { params: idParams } },
    async (request, reply) =>
      send(
        reply,
        await service.revokeDecision(actorOf(request), request.params.id, idempotencyOf(request, '')),
      ),
  );

  app.put<{ Params: { id: string }; Body: { granted: boolean; effectiveDate?: string } }>(
    '/applicants/:id/at-und',
    {
      schema: {
        params: idParams,
        body: jsonBody({ granted: { type: 'boolean' }, effectiveDate: date }, ['granted']),
      },
    },
    async (request, reply) => {
      checkDateNotBefore1900(request.body.effectiveDate, 'effectiveDate');
      return send(
        reply,
        await service.setAtUnd(
          actorOf(request),
          request.params.id,
          request.body,
          idempotencyOf(request, bodyBytes(request)),
        ),
      );
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: CancelReason } }>(
    '/cards/:id/cancel',
    {
      schema: {
        params: idParams,
        body: jsonBody({ reason: { type: 'string', enum: [...CANCEL_REASONS] } }, ['reason']),
      },
    },
    async (request, reply) =>
      send(
        reply,
        await service.cancelCard(
          actorOf(request),
          request.params.id,
          request.body,
          idempotencyOf(request, bodyBytes(request)),
        ),
      ),
  );

  adminRoutes(app, {
    db,
    clock,
    cardCostSek: deps.cardCostSek,
    flushCounts: deps.flushCounts,
    renderPool: deps.renderPool,
  });
  documentRoutes(app, { service, renderPool: deps.renderPool });
  extractRoutes(app, { db, service, clock, renderPool: deps.renderPool });

  // ---- tokens (admin) -------------------------------------------------------------------------
  app.get('/tokens', { config: { role: 'admin' } }, async () => ({ tokens: await deps.tokens.list() }));

  app.post<{ Body: { name: string; role: Role; expiresAt?: string } }>(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        body: jsonBody(
          {
            name: text(60),
            role: { type: 'string', enum: ['officer', 'admin'] },
            expiresAt: {
              type: 'string',
              format: 'date-time',
              description: 'optional: from this instant the token is refused (401); never, when absent',
            },
          },
          ['name', 'role'],
        ),
      },
    },
    async (request, reply) => {
      let expiresAt: Date | null = null;
      if (request.body.expiresAt !== undefined) {
        expiresAt = new Date(request.body.expiresAt);
        if (Number.isNaN(expiresAt.getTime()) || expiresAt <= clock.now())
          throw new AppError('validation', 'expiresAt must be an instant in the future', 'expiresAt');
      }
      const created = await deps.tokens.create(actorOf(request).name, {
        name: request.body.name,
        role: request.body.role,
        expiresAt,
      });
      return reply.code(201).send(created);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/tokens/:id',
    { config: { role: 'admin' }, schema: { params: idParams } },
    async (request, reply) => {
      if (!(await deps.tokens.revoke(actorOf(request).name, request.params.id)))
        throw notFound('active token');
      return reply.code(204).send();
    },
  );
}

/** R11: what the public lookup answers for a card. */
const publicAnswerSchema = {
  type: 'object',
  description: 'What the public lookup (GET /api/v1/status/{code}) answers for this card now (R11).',
  required: ['result', 'atUnd'],
  properties: { result: { type: 'string', enum: ['valid', 'not_valid'] }, atUnd: { type: 'boolean' } },
} as const;

/** R14: a card's standing today, with the reason only an officer may see. */
const standingSchema = {
  type: 'object',
  description:
    "The card's standing today (R14). since: lapsed → its first day not valid; ended → the decision's effective date.",
  required: ['kind', 'since'],
  properties: {
    kind: { type: 'string', enum: ['not_yet_active', 'valid', 'lapsed', 'ended', 'cancelled'] },
    since: { type: ['string', 'null'], format: 'date' },
    until: { type: 'string', format: 'date' },
    decisionType: { type: 'string', enum: [...DECISION_TYPES] },
    reason: { type: ['string', 'null'], enum: [...CANCEL_REASONS, null] },
  },
} as const;

/** The officer view (C7); described for its cards' standing and public answer, the rest passes as it is. */
const applicantViewSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    cards: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: { publicAnswer: publicAnswerSchema, standing: standingSchema },
      },
    },
  },
} as const;
