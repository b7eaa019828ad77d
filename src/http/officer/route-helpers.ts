// Pieces every officer route file shares: schema fragments, the acting principal (P4), the
// Idempotency-Key of a write (C7) and the answer a write sends.

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isCalendarDate } from '../../domain/calendar.ts';
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
export const date = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
export const text = (max: number) =>
  ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;

export function jsonBody(properties: Record<string, unknown>, required: string[] = []) {
  return { type: 'object', additionalProperties: false, required, properties } as const;
}

export function checkDateNotBefore1900(value: string | undefined, field: string): void {
  if (value !== undefined && !isCalendarDate(value)) {
    throw new AppError('validation', `${field} must be a calendar date from 1900 to 2999`, field);
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The request's Idempotency-Key, if any; `answer` is the status the write is answered with. */
export function idempotencyOf(
  request: FastifyRequest,
  payload: Buffer | string,
  answer: number,
): Idempotency | undefined {
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
  return { principal: (request.principal as { id: string }).id, key, requestHash, answer };
}

/** The JSON request body as the Idempotency-Key's request hash reads it. */
export const bodyBytes = (request: FastifyRequest) => JSON.stringify(request.body ?? {});

/**
 * Runs a write as the request's principal with its Idempotency-Key (C7) and answers `status` with
 * what the service returns; a replayed key answers the first result.
 */
export async function answerWrite<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 200 | 201,
  payload: Buffer | string,
  run: (actor: Actor, idempotency: Idempotency | undefined) => Promise<T>,
): Promise<FastifyReply> {
  const result = await run(actorOf(request), idempotencyOf(request, payload, status));
  return reply.code(status).send(result);
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
