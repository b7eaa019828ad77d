// The officer API's coverage (C7): decisions that end it (R8), their revocation, and AT-UND (R9).
// Handlers validate at the edge, then call the coverage service.

import type { FastifyInstance } from 'fastify';
import { DECISION_TYPES, type DecisionType } from '../../domain/coverage.ts';
import type { CoverageService } from '../../services/coverage.ts';
import { schemas } from './api-docs.ts';
import { idWrite } from './id-write.ts';
import { date, jsonBody } from './route-helpers.ts';

export function coverageRoutes(app: FastifyInstance, deps: { coverage: CoverageService }): void {
  const { coverage } = deps;

  idWrite<{ type: DecisionType; effectiveDate?: string }>(
    app,
    'POST',
    '/applicants/:id/decisions',
    {
      body: jsonBody({ type: { type: 'string', enum: [...DECISION_TYPES] }, effectiveDate: date }, ['type']),
      dateField: 'effectiveDate',
      doc: {
        tag: 'applicants',
        summary: 'A decision ends LMA coverage from its effective date (today unless given) (R8)',
        answers: { 201: { description: 'registered', schema: schemas.decision } },
        refusals: [400, 404],
      },
    },
    (actor, id, body, idempotency) => coverage.registerDecision(actor, id, body, idempotency),
  );

  idWrite(
    app,
    'DELETE',
    '/decisions/:id',
    {
      doc: {
        tag: 'applicants',
        summary: 'Revoke a decision (overturned on appeal): coverage resumes (R8)',
        answers: { 200: { description: 'revoked', schema: schemas.decision } },
        refusals: [400, 404, 409],
      },
    },
    (actor, id, _body, idempotency) => coverage.revokeDecision(actor, id, idempotency),
  );

  idWrite<{ granted: boolean; effectiveDate?: string }>(
    app,
    'PUT',
    '/applicants/:id/at-und',
    {
      body: jsonBody({ granted: { type: 'boolean' }, effectiveDate: date }, ['granted']),
      dateField: 'effectiveDate',
      doc: {
        tag: 'applicants',
        summary: 'AT-UND granted or revoked from an effective date, from the 16th birthday (R9)',
        answers: { 200: { description: 'recorded', schema: schemas.atUnd } },
        refusals: [400, 404, 409],
      },
    },
    (actor, id, body, idempotency) => coverage.setAtUnd(actor, id, body, idempotency),
  );
}
