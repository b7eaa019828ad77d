// C9: the public keys that verify our receipts (and status lists), as a JWK Set (RFC 7517). Not
// personal and the same for everyone, so unlike a lookup it may be cached for a few minutes and read
// from any origin (a verifier's own web page may check a receipt).

import type { FastifyInstance } from 'fastify';
import type { KeyRing } from '../../services/key-ring.ts';

export const JWKS_PATH = '/.well-known/jwks.json';
export const JWKS_MAX_AGE_SECONDS = 300;

export function registerJwksRoute(app: FastifyInstance, keys: KeyRing): void {
  app.get(
    JWKS_PATH,
    {
      schema: {
        tags: ['public'],
        summary: 'Public keys (Ed25519, EdDSA) that verify receipts and status lists (C9)',
        response: {
          200: {
            description: 'JWK Set: the active key and every retired, unrevoked key, newest first',
            content: {
              'application/jwk-set+json': {
                schema: {
                  type: 'object',
                  required: ['keys'],
                  properties: {
                    keys: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['kty', 'crv', 'x', 'kid', 'alg', 'use'],
                        properties: {
                          kty: { type: 'string', enum: ['OKP'] },
                          crv: { type: 'string', enum: ['Ed25519'] },
                          x: { type: 'string' },
                          kid: { type: 'string' },
                          alg: { type: 'string', enum: ['EdDSA'] },
                          use: { type: 'string', enum: ['sig'] },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    (_request, reply) => {
      reply
        .header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .type('application/jwk-set+json');
      return reply.send(keys.jwksJson);
    },
  );
}
