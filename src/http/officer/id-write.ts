// The officer API's usual write: one resource named by `:id` in the path, a JSON body checked by its
// schema, an Idempotency-Key (C7), and the one answer its documentation names.

import type { FastifyInstance } from 'fastify';
import type { Actor, Idempotency } from '../../services/lma-service.ts';
import { operation } from './api-docs.ts';
import { answerWrite, bodyBytes, checkDateNotBefore1900, idParams } from './route-helpers.ts';

type Operation = Parameters<typeof operation>[0];
type Answer = Operation['answers'][number];
/** The write's documentation, with its one answer: 200, or 201 for something new. */
type Doc = Omit<Operation, 'idempotent' | 'answers'> & { answers: { 200: Answer } | { 201: Answer } };

/**
 * Registers the write: params and body validated (no `body` schema: the request has none), the
 * body's `dateField` checked as a calendar date from 1900, then `write` run through `answerWrite`
 * and answered with the documented status.
 */
export function idWrite<B extends object = Record<string, never>>(
  app: FastifyInstance,
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  spec: { body?: object; dateField?: keyof B & string; doc: Doc },
  write: (actor: Actor, id: string, body: B, idempotency: Idempotency | undefined) => Promise<unknown>,
): void {
  const status = '201' in spec.doc.answers ? 201 : 200;
  app.route<{ Params: { id: string }; Body: B }>({
    method,
    url,
    schema: {
      params: idParams,
      ...(spec.body ? { body: spec.body } : {}),
      ...operation({ ...spec.doc, idempotent: true }),
    },
    handler: async (request, reply) => {
      const body = request.body as B;
      if (spec.dateField) checkDateNotBefore1900(body[spec.dateField] as string | undefined, spec.dateField);
      return answerWrite(request, reply, status, spec.body ? bodyBytes(request) : '', (actor, idempotency) =>
        write(actor, request.params.id, body, idempotency),
      );
    },
  });
}
