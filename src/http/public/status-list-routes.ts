// The status lists, open to anyone and the same for everyone, so unlike a lookup they may
// be cached (for their ttl) and read from any origin. Serving one records nothing (P1): which list
// was fetched is not logged, and a verifier that fetches every list tells us nothing at all.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { STATUS_SIZE } from '../../domain/status-list.ts';
import { STATUS_LIST_MEDIA_TYPE, STATUS_LISTS_PATH, type StatusLists } from '../../services/status-lists.ts';
import { problem } from '../problem.ts';

const LIST_NUMBER = /^[1-9][0-9]{0,5}$/;

function shareable(reply: FastifyReply, maxAgeSeconds: number): FastifyReply {
  return reply
    .header('cache-control', `public, max-age=${maxAgeSeconds}`)
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin');
}

export function registerStatusListRoutes(app: FastifyInstance, lists: StatusLists, now: () => Date): void {
  const ttlSeconds = lists.ttlMs / 1000;

  app.get(
    STATUS_LISTS_PATH,
    {
      schema: {
        tags: ['public'],
        summary: 'The status lists there are: fetch them all to check cards offline',
        response: {
          200: {
            description: 'the list URLs, the ttl (ms) and the entry size',
            type: 'object',
            required: ['lists', 'ttl', 'statusSize'],
            properties: {
              lists: { type: 'array', items: { type: 'string', format: 'uri' } },
              ttl: { type: 'integer' },
              statusSize: { type: 'integer' },
            },
          },
        },
      },
    },
    (_request, reply) => {
      shareable(reply, ttlSeconds).type('application/json; charset=utf-8');
      return reply.send(
        JSON.stringify({
          lists: lists.listNumbers().map((n) => lists.urlOf(n)),
          ttl: lists.ttlMs,
          statusSize: STATUS_SIZE,
        }),
      );
    },
  );

  app.get<{ Params: { list: string } }>(
    `${STATUS_LISTS_PATH}/:list`,
    {
      schema: {
        tags: ['public'],
        summary: 'One status list: a W3C Bitstring Status List credential, signed (vc+jwt, EdDSA)',
        params: { type: 'object', properties: { list: { type: 'string' } } },
        response: {
          200: {
            description: 'compact JWS; verify with /.well-known/jwks.json; format in docs/status-list.md',
            content: { [STATUS_LIST_MEDIA_TYPE]: { schema: { type: 'string' } } },
          },
          404: { description: 'no such list' },
          503: { description: 'the list cannot be brought up to date now (show "could not check")' },
        },
      },
    },
    async (request, reply) => {
      const n = LIST_NUMBER.test(request.params.list) ? Number(request.params.list) : 0;
      if (!lists.has(n))
        return problem(reply, 404, 'not_found', 'Not Found', 'There is no such status list.');
      const published = await lists.current(n);
      // Never a list of yesterday or past its validUntil: "could not check" beats a guess (C5).
      if (!published)
        return problem(
          reply,
          503,
          'unavailable',
          'Service unavailable',
          'The status list cannot be brought up to date now.',
        );
      // As long as the credential's ttl, and never past its validUntil (a list of yesterday is stale).
      const left = Math.floor((published.validUntilMs - now().getTime()) / 1000);
      shareable(reply, Math.max(0, Math.min(ttlSeconds, left))).type(STATUS_LIST_MEDIA_TYPE);
      return reply.send(published.jws);
    },
  );
}
