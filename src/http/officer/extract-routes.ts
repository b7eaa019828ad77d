// The register extract on the officer API (bearer auth from api-routes.ts): everything stored about
// one applicant, as JSON; producing it is recorded in the applicant's history (P4). The same, as a
// PDF in the holder's language with Swedish alongside, is in the console and at extract.pdf.

import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../clock.ts';
import type { LmaService } from '../../services/lma-service.ts';
import { RegisterExtracts } from '../../services/register-extract.ts';
import type { RenderPool } from '../../services/render-pool.ts';
import type { Db } from '../../store/db.ts';
import { operation } from './api-docs.ts';
import { actorOf, idParams } from './route-helpers.ts';

const list = (description: string) =>
  ({ type: 'array', description, items: { type: 'object', additionalProperties: true } }) as const;

/** The extract as JSON (OpenAPI): each part passes as the officer view has it. */
export const extractSchema = {
  type: 'object',
  required: [
    'extract',
    'applicant',
    'photo',
    'cards',
    'visits',
    'decisions',
    'atUndChanges',
    'letters',
    'history',
  ],
  properties: {
    extract: {
      type: 'object',
      required: ['producedAt', 'producedBy', 'language'],
      properties: {
        producedAt: { type: 'string', format: 'date-time' },
        producedBy: { type: 'string', description: 'the token or officer that asked (P4)' },
        language: { type: 'string', description: "the holder's language" },
      },
    },
    applicant: {
      type: 'object',
      additionalProperties: true,
      description: 'personal data: names, birth date, nationality, address, identity number, family ties',
    },
    photo: {
      type: ['object', 'null'],
      properties: {
        contentType: { type: 'string' },
        takenAt: { type: ['string', 'null'] },
        base64: { type: 'string', description: 'the stored photo itself' },
      },
    },
    cards: list('every card, with its standing and public answer today (R14)'),
    visits: list('visits (R5)'),
    decisions: list('decisions (R8), revoked ones too'),
    atUndChanges: list('AT-UND grants and revocations (R9)'),
    letters: list('letters made (R3, R7)'),
    history: list('who did what, when (P4), ending with this extract'),
  },
} as const;

export function extractRoutes(
  app: FastifyInstance,
  deps: { db: Db; service: LmaService; clock: Clock; renderPool: RenderPool },
): void {
  const extracts = new RegisterExtracts(deps);
  app.get<{ Params: { id: string } }>(
    '/applicants/:id/extract',
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'applicants',
          summary:
            'Register extract (GDPR art. 15): everything stored about the applicant; recorded in its history',
          answers: { 200: { description: 'the extract', schema: extractSchema } },
          refusals: [400, 404],
        }),
      },
    },
    async (request, reply) => {
      const extract = await extracts.produce(actorOf(request), request.params.id, 'json');
      return reply.header('cache-control', 'no-store').send(extract);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/applicants/:id/extract.pdf',
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'applicants',
          summary:
            "Register extract as a PDF in the holder's language with Swedish alongside; recorded in its history",
          answers: { 200: { description: 'the PDF', type: 'application/pdf' } },
          refusals: [400, 404, 429, 503],
        }),
      },
    },
    async (request, reply) => {
      const extract = await extracts.produce(actorOf(request), request.params.id, 'pdf');
      const pdf = await deps.renderPool.extractPdf(extract);
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="registerutdrag-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );
}
