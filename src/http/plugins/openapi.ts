// The API described from the route schemas themselves (OpenAPI 3.1, @fastify/swagger): the document
// at /api/openapi.json, a readable page at /api/docs (@fastify/swagger-ui, its assets served by us
// from the package — nothing from another origin). Registered before any route so it sees them all.

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * Only the docs page gets this policy: Swagger UI runs its own scripts and sets inline styles. The
 * public lookup keeps its strict policy (security.ts); nothing here allows another origin.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function registerOpenApi(app: FastifyInstance): void {
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'lmakort API',
        version: '1',
        description:
          'The public lookup (C5) and the officer / integration API (C7) of the digital LMA card. ' +
          'Officer calls need `Authorization: Bearer <token>`; bad input is 400 application/problem+json naming the field.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  void app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null, deepLinking: false },
    staticCSP: DOCS_CONTENT_SECURITY_POLICY,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
