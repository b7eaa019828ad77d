// The officer API's coverage (C7): decisions that end it (R8), their revocation, and AT-UND (R9).
// Handlers validate at the edge, then call the coverage service.

import type { FastifyInstance } from 'fastify';
import { DECISION_TYPES, type DecisionType } from '../../domain/coverage.ts';
import type { CoverageService } from '../../services/coverage.ts';
import { operation, schemas } from './api-docs.ts';
import { answerWrite, bodyBytes, checkDateNotBefore1900, date, idParams, jsonBody } from './route-helpers.ts';

export function coverageRoutes(app: FastifyInstance, deps: { coverage: CoverageService }): void {
  const { coverage } = deps;

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
      return answerWrite(request, reply, 201, bodyBytes(request), (actor, idempotency) =>
        coverage.registerDecision(actor, request.params.id, request.body, idempotency),
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
      answerWrite(request, reply, 200, '', (actor, idempotency) =>
        coverage.revokeDecision(actor, request.params.id, idempotency),
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
      return answerWrite(request, reply, 200, bodyBytes(request), (actor, idempotency) =>
        coverage.setAtUnd(actor, request.params.id, request.body, idempotency),
      );
    },
  );
}
