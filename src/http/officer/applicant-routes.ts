// The officer API's applicants (C7): registration (R1), finding one, its view, photo and fingerprints
// (R2) and visits (R5). Handlers validate at the edge, then call the applicant and card services.

import type { FastifyInstance } from 'fastify';
import { LANGUAGES, normalisePersonalIdentityNumber } from '../../domain/applicant.ts';
import { AppError, notFound } from '../../services/app-error.ts';
import type { LmaService, NewApplicantInput } from '../../services/lma-service.ts';
import type { RenderPool } from '../../services/render-pool.ts';
import { operation, schemas } from './api-docs.ts';
import { idWrite } from './id-write.ts';
import { acceptPhoto } from './photo.ts';
import {
  answerWrite,
  bodyBytes,
  caseNumber,
  checkDateNotBefore1900,
  date,
  emptyBody,
  idParams,
  jsonBody,
  text,
  uuid,
} from './route-helpers.ts';

export const PHOTO_BODY_LIMIT = 5 * 1024 * 1024;

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

export function applicantRoutes(
  app: FastifyInstance,
  deps: { service: LmaService; renderPool: RenderPool },
): void {
  const { applicants, cards } = deps.service;

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
      if (body.birthDate > deps.service.today()) {
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
      return answerWrite(request, reply, 201, bodyBytes(request), (actor, idempotency) =>
        applicants.registerApplicant(actor, body, idempotency),
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
      const id = await applicants.findApplicantId(request.query.dossierNumber);
      const view = id ? await applicants.applicantView(id) : null;
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
      const view = await applicants.applicantView(request.params.id);
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
      return answerWrite(request, reply, 200, bytes, (actor, idempotency) =>
        applicants.recordPhoto(actor, request.params.id, photo, idempotency),
      );
    },
  );

  idWrite(
    app,
    'POST',
    '/applicants/:id/fingerprints',
    {
      body: emptyBody,
      doc: {
        tag: 'applicants',
        summary: 'Fingerprints were taken; a card is ordered when biometrics are complete (R2)',
        answers: { 200: { description: 'recorded', schema: schemas.fingerprints } },
        refusals: [400, 404],
      },
    },
    (actor, id, _body, idempotency) => applicants.recordFingerprints(actor, id, idempotency),
  );

  idWrite<{ date?: string; office?: string }>(
    app,
    'POST',
    '/applicants/:id/visits',
    {
      body: jsonBody({ date, office: text(100) }),
      dateField: 'date',
      doc: {
        tag: 'applicants',
        summary:
          'A visit: the active card is valid three months from the visit, unless it already ran later (R5)',
        answers: { 201: { description: 'registered', schema: schemas.visit } },
        refusals: [400, 404],
      },
    },
    (actor, id, body, idempotency) => cards.registerVisit(actor, id, body, idempotency),
  );
}
