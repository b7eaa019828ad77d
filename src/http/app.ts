// buildApp(deps) → a Fastify instance that never listens (server.ts does). Plugins in one visible order:
// security headers, error handling, public lookup (unlogged, P1), health, officer API (bearer, S2).

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { LmaService } from '../services/lma-service.ts';
import type { Db } from '../store/db.ts';
import type { ReadModel } from '../store/read-model.ts';
import { officerApiRoutes, PHOTO_BODY_LIMIT } from './officer/api-routes.ts';
import { AbuseLimiter } from './plugins/abuse-limiter.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerSecurityHeaders, SECURITY_HEADERS } from './plugins/security.ts';
import { problem, publicLookupRoutes } from './public/lookup-routes.ts';

export interface AppDeps {
  config: Pick<Config, 'trustProxy' | 'abuseLimit' | 'abuseWindowSeconds' | 'logLevel'>;
  db: Db;
  readModel: ReadModel;
  service: LmaService;
  clock: Clock;
  /** Where logs go (a stream); defaults to stdout. Tests pass a buffer to grep. */
  logStream?: NodeJS.WritableStream;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function buildApp(deps: AppDeps): FastifyInstance {
  const { config, db, readModel, service, clock } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // P1: a request is never serialised with its URL, address or headers.
      serializers: {
        req: (req: { id?: string; method?: string; routeOptions?: { url?: string } }) => ({
          id: req.id,
          method: req.method,
          route: req.routeOptions?.url,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    // P1: Fastify's own per-request logs are off; the officer scope logs its requests by route.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    requestTimeout: 15_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
    routerOptions: { maxParamLength: 200 },
    // Errors met before routing (a broken %-escape, an over-long path segment) get the same headers
    // and problem body as everything else, and do not echo the address back.
    frameworkErrors: (_error, _request, reply) => {
      reply.headers(SECURITY_HEADERS);
      return problem(reply, 400, 'bad_url', 'Bad Request', 'The address is not valid.', { code: 'bad_url' });
    },
  });

  app.addContentTypeParser(
    ['image/jpeg', 'image/png'],
    { parseAs: 'buffer', bodyLimit: PHOTO_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );

  registerSecurityHeaders(app);
  registerErrorHandler(app);

  const limiter = new AbuseLimiter(clock, config.abuseLimit, config.abuseWindowSeconds * 1000);
  publicLookupRoutes(app, { clock, readModel, limiter });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = readModel.isReady;
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'starting', cards: readModel.cardCount });
  });

  app.register(officerApiRoutes, { prefix: '/api/v1', db, service, clock });
  return app;
}
