// Pieces every officer route file shares: schema fragments, the acting principal (P4) and the
// Idempotency-Key of a write (C7).

import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../services/app-error.ts';
import type { Actor, Idempotency } from '../../services/lma-service.ts';

export const uuid = { type: 'string', format: 'uuid' } as const;
export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: uuid },
} as const;
export const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function idempotencyOf(request: FastifyRequest, payload: Buffer | string): Idempotency | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new AppError(
      'validation',
      'Idempotency-Key must be 1–200 visible ASCII characters',
      'Idempotency-Key',
    );
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n`)
    .update(payload)
    .digest('hex');
  return { principal: (request.principal as { id: string }).id, key, requestHash };
}

export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal as { name: string; id: string };
  return { name: `token:${p.name}`, correlationId: request.id };
}

/** One term on every surface: the case number (ärendenummer); the field keeps its name. */
export const CASE_NUMBER_WORDS =
  'The case number (Swedish: ärendenummer), NN-NNNNNN, e.g. 12-345678. The field keeps its name dossierNumber.';
export const CARD_NUMBER_WORDS = "The card number: the case number and the card's serial, NN-NNNNNN/N.";
export const caseNumber = {
  type: 'string',
  pattern: '^\\d{2}-\\d{6}$',
  description: CASE_NUMBER_WORDS,
} as const;
