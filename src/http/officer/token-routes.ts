// The officer API's API tokens (admin): list, make (the secret in that answer only, S2) and revoke;
// each change recorded in the history (P4).

import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../services/app-error.ts';
import type { TokenService } from '../../services/tokens.ts';
import type { Role } from '../../store/token-store.ts';
import { operation, schemas } from './api-docs.ts';
import { actorOf, idParams, jsonBody, text } from './route-helpers.ts';

export function tokenRoutes(app: FastifyInstance, deps: { tokens: TokenService; clock: Clock }): void {
  const { clock } = deps;
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
