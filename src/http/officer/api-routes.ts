// C7: the officer / integration API under /api/v1: bearer tokens, the hooks every officer request
// passes (control characters refused, request id, ids-only logs) and one route file per resource.
// Handlers validate at the edge (schemas refuse unknown fields), then call a service; no business
// logic and no SQL in them.

import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../clock.ts';
import { fieldWithControlCharacter } from '../../domain/control-characters.ts';
import { AppError } from '../../services/app-error.ts';
import { HolderService } from '../../services/holder.ts';
import type { LmaService } from '../../services/lma-service.ts';
import type { RenderPool } from '../../services/render-pool.ts';
import type { TokenService } from '../../services/tokens.ts';
import type { Db } from '../../store/db.ts';
import type { AppMetrics } from '../plugins/metrics.ts';
import { adminRoutes } from './admin-routes.ts';
import { applicantRoutes } from './applicant-routes.ts';
import { registerBearerAuth } from './auth.ts';
import { cardRoutes } from './card-routes.ts';
import { coverageRoutes } from './coverage-routes.ts';
import { documentRoutes } from './document-routes.ts';
import { extractRoutes } from './extract-routes.ts';
import { holderReportRoutes } from './holder-report-routes.ts';
import { tokenRoutes } from './token-routes.ts';

export interface OfficerDeps {
  db: Db;
  service: LmaService;
  clock: Clock;
  metrics: AppMetrics;
  cardCostSek: number;
  flushCounts: () => Promise<void>;
  renderPool: RenderPool;
  tokens: TokenService;
}

export async function officerApiRoutes(app: FastifyInstance, deps: OfficerDeps): Promise<void> {
  const { db, service, clock, metrics } = deps;
  registerBearerAuth(app, deps.tokens);
  // Response schemas here describe the answers (OpenAPI, api-docs.ts); they do not shape them: what
  // a handler returns is sent as it is, and the tests hold the two together.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // Writes whose body is optional: an absent body is {} (still refusing unknown fields).
  app.addHook('preValidation', async (request) => {
    if (
      request.method !== 'GET' &&
      request.body === undefined &&
      request.headers['content-type'] === undefined
    ) {
      request.body = {};
    }
    // S3: no control character in any text (a NUL would reach the database, a tab a letter).
    const field =
      fieldWithControlCharacter(request.body) ??
      (request.query ? fieldWithControlCharacter(request.query) : null);
    if (field) {
      throw new AppError('validation', `${field} must not contain control characters`, field);
    }
  });

  // The request id every officer request is logged with (reqId; the client's X-Request-Id when it
  // sent a well-formed one), given back so an officer or a client can quote it to support.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Officer actions are logged by route and ids only (the token's name, the id in the path): never a
  // body, a name, a birth date or a client address (R12, P5). The audit itself is the history table (P4).
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const target = (request.params as { id?: unknown } | undefined)?.id;
    request.log.info(
      {
        // reqId comes from the request's child logger.
        method: request.method,
        route,
        target: typeof target === 'string' ? target : null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        actor: request.principal?.name ?? null,
      },
      'officer request',
    );
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 300 && route) {
      metrics.officerWrites.inc({ kind: `${request.method} ${route}` });
    }
  });

  applicantRoutes(app, { service, renderPool: deps.renderPool });
  coverageRoutes(app, { coverage: service.coverage });
  cardRoutes(app, { cards: service.cards });
  adminRoutes(app, {
    db,
    clock,
    cardCostSek: deps.cardCostSek,
    flushCounts: deps.flushCounts,
    renderPool: deps.renderPool,
  });
  documentRoutes(app, { service, renderPool: deps.renderPool });
  extractRoutes(app, { db, service, clock, renderPool: deps.renderPool });
  holderReportRoutes(app, { holder: new HolderService(db, service, clock) });
  tokenRoutes(app, { tokens: deps.tokens, clock });
}
