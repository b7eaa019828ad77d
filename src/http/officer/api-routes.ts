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
import { HolderService } from '../../services/holder.ts';
import type { LmaService, NewApplicantInput, Reply } from '../../services/lma-service.ts';
import type { RenderPool } from '../../services/render-pool.ts';
import type { TokenService } from '../../services/tokens.ts';
import type { Db } from '../../store/db.ts';
import type { Role } from '../../store/token-store.ts';
import type { AppMetrics } from '../plugins/metrics.ts';
import { adminRoutes } from './admin-routes.ts';
import { operation, schemas } from './api-docs.ts';
import { registerBearerAuth } from './auth.ts';
import { documentRoutes } from './document-routes.ts';
import { extractRoutes } from './extract-routes.ts';
import { holderReportRoutes } from './holder-report-routes.ts';
import { acceptPhoto } from './photo.ts';
import { actorOf, caseNumber, emptyBody, idempotencyOf, idParams, uuid } from './route-helpers.ts';

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
    dossierNumber: caseNumber,
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
  // Response schemas here describe the answers (OpenAPI, api-docs.ts); they do not shape them: what
  // a handler returns is sent as it is, and the tests hold the two together.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

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
    {
      schema: {
        body: applicantBody,
        ...operation({
          tag: 'applicants',
          summary: 'Register an applicant; a case number is given unless one is supplied (R1)',
          idempotent: true,
          answers: { 201: { description: 'registered', schema: schemas.registered } },
          refusals: [400, 403, 409],
        }),
      },
    },
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
        ...operation({
          tag: 'applicants',
          summary: 'Find an applicant by case number',
          answers: { 200: { description: 'the applicant, with its cards', schema: schemas.applicant } },
          refusals: [400, 404],
        }),
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['dossierNumber'],
          properties: { dossierNumber: caseNumber },
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
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'applicants',
          summary:
            'An applicant: data, cards with their standing, decisions, AT-UND, visits, letters, history',
          answers: { 200: { description: 'the applicant', schema: schemas.applicant } },
          refusals: [400, 404],
        }),
      },
    },
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
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'applicants',
          summary:
            'The photo: a JPEG or PNG body, at least 300 × 375 px; a card is ordered when biometrics are complete (R2)',
          idempotent: true,
          answers: { 200: { description: 'stored (normalised JPEG)', schema: schemas.photo } },
          refusals: [400, 404, 413, 415],
        }),
      },
      bodyLimit: PHOTO_BODY_LIMIT,
    },
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
    {
      schema: {
        params: idParams,
        body: emptyBody,
        ...operation({
          tag: 'applicants',
          summary: 'Fingerprints were taken; a card is ordered when biometrics are complete (R2)',
          idempotent: true,
          answers: { 200: { description: 'recorded', schema: schemas.fingerprints } },
          refusals: [400, 404],
        }),
      },
    },
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
    {
      schema: {
        params: idParams,
        body: emptyBody,
        ...operation({
          tag: 'cards',
          summary: 'One card is produced (outside a batch); its card-ready letter is queued (R3)',
          idempotent: true,
          answers: { 200: { description: 'produced', schema: schemas.produced } },
          refusals: [400, 404, 409],
        }),
      },
    },
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
    {
      schema: {
        params: idParams,
        body: jsonBody({ date }),
        ...operation({
          tag: 'cards',
          summary: 'The card is handed over: active, valid for three months from the date (R4)',
          idempotent: true,
          answers: { 200: { description: 'handed over', schema: schemas.handedOver } },
          refusals: [400, 404, 409],
        }),
      },
    },
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
    {
      schema: {
        params: idParams,
        body: jsonBody({ date, office: text(100) }),
        ...operation({
          tag: 'applicants',
          summary:
            'A visit: the active card is valid three months from the visit, unless it already ran later (R5)',
          idempotent: true,
          answers: { 201: { description: 'registered', schema: schemas.visit } },
          refusals: [400, 404],
        }),
      },
    },
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
        ...operation({
          tag: 'applicants',
          summary: 'A decision ends LMA coverage from its effective date (today unless given) (R8)',
          idempotent: true,
          answers: { 201: { description: 'registered', schema: schemas.decision } },
          refusals: [400, 404],
        }),
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
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'applicants',
          summary: 'Revoke a decision (overturned on appeal): coverage resumes (R8)',
          idempotent: true,
          answers: { 200: { description: 'revoked', schema: schemas.decision } },
          refusals: [400, 404, 409],
        }),
      },
    },
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
        ...operation({
          tag: 'applicants',
          summary: 'AT-UND granted or revoked from an effective date, from the 16th birthday (R9)',
          idempotent: true,
          answers: { 200: { description: 'recorded', schema: schemas.atUnd } },
          refusals: [400, 404, 409],
        }),
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
        ...operation({
          tag: 'cards',
          summary: 'Cancel a card with a reason; a new card (next serial, new code) is ordered at once (R10)',
          idempotent: true,
          answers: { 200: { description: 'cancelled and re-ordered', schema: schemas.cancelled } },
          refusals: [400, 404, 409],
        }),
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
  holderReportRoutes(app, { holder: new HolderService(db, service, clock) });

  // ---- tokens (admin) -------------------------------------------------------------------------
  app.get(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: operation({
        tag: 'admin',
        summary: 'The API tokens: name, role, when made, last used, expiry, revoked (never a secret)',
        answers: {
          200: {
            description: 'every token',
            schema: {
              type: 'object',
              required: ['tokens'],
              properties: { tokens: { type: 'array', items: schemas.token } },
            },
          },
        },
        refusals: [403],
      }),
    },
    async () => ({ tokens: await deps.tokens.list() }),
  );

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
        ...operation({
          tag: 'admin',
          summary: 'Make an API token; its secret is in this answer only (S2); recorded in the history (P4)',
          answers: { 201: { description: 'made', schema: schemas.createdToken } },
          refusals: [400, 403],
        }),
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
    {
      config: { role: 'admin' },
      schema: {
        params: idParams,
        ...operation({
          tag: 'admin',
          summary: 'Revoke an API token: refused from now on; recorded in the history (P4)',
          answers: { 204: { description: 'revoked', type: 'none' } },
          refusals: [400, 403, 404],
        }),
      },
    },
    async (request, reply) => {
      if (!(await deps.tokens.revoke(actorOf(request).name, request.params.id)))
        throw notFound('active token');
      return reply.code(204).send();
    },
  );
}
