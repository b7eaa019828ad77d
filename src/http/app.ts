// buildApp(deps) → a Fastify instance that never listens (server.ts does). Plugins in one visible order:
// security headers, error handling, OpenAPI (before any route), public lookup (unlogged, P1), health,
// metrics, officer API (bearer, S2), officer console (/officer/: sessions, CSRF, its own CSP).

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Clock } from '../clock.ts';
import { type Config, DEFAULT_RECEIPT_LIMIT, DEFAULT_RETENTION_MONTHS } from '../config.ts';
import { type SafeError, safeError } from '../log-safety.ts';
import { HolderService } from '../services/holder.ts';
import type { KeyRing } from '../services/key-ring.ts';
import type { LmaService } from '../services/lma-service.ts';
import { LookupTally } from '../services/lookup-tally.ts';
import { DEFAULT_SESSION_POLICY, OfficerAccounts, type SessionPolicy } from '../services/officer-accounts.ts';
import { type RenderPool, sharedRenderPool } from '../services/render-pool.ts';
import type { StatusLists } from '../services/status-lists.ts';
import { TokenService } from '../services/tokens.ts';
import type { ChangeFollower } from '../store/change-follower.ts';
import type { Db } from '../store/db.ts';
import type { ReadModel } from '../store/read-model.ts';
import { officerApiRoutes } from './officer/api-routes.ts';
import { PHOTO_BODY_LIMIT } from './officer/applicant-routes.ts';
import { officerConsoleRoutes } from './officer/console/routes.ts';
import { AbuseLimiter, type ClientLimiter } from './plugins/abuse-limiter.ts';
import { proxyTrust } from './plugins/client-address.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerHealthRoutes } from './plugins/health.ts';
import { type AppMetrics, createMetrics, registerMetricsRoute } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerSecurityHeaders, SECURITY_HEADERS } from './plugins/security.ts';
import { problem } from './problem.ts';
import type { FastPath } from './public/fast-path/index.ts';
import { DEFAULT_RECEPTION, type Reception } from './public/holder-page.ts';
import { registerHolderRoutes } from './public/holder-routes.ts';
import { registerJwksRoute } from './public/jwks-route.ts';
import { publicLookupRoutes } from './public/lookup-routes.ts';
import { registerPrivacyPage } from './public/privacy-page.ts';
import { registerStatusListRoutes } from './public/status-list-routes.ts';
import { registerReceiptRoute } from './verify/receipt-route.ts';
import { registerVerifyApp, type VerifyDeps } from './verify/verify-routes.ts';

export interface AppDeps {
  config: Pick<
    Config,
    | 'trustProxy'
    | 'trustProxyHops'
    | 'nodeInternals'
    | 'abuseLimit'
    | 'abuseWindowSeconds'
    | 'logLevel'
    | 'nodeEnv'
    | 'metricsToken'
    | 'metricsPort'
    | 'cardCostSek'
  > &
    Partial<Pick<Config, 'receiptLimit' | 'retentionMonths'>>;
  db: Db;
  readModel: ReadModel;
  service: LmaService;
  clock: Clock;
  /** C9: signing keys; their public halves are published at /.well-known/jwks.json. */
  keys: KeyRing;
  /** The verifier app at /verify: our public address and the guidance rulebooks. Not served without. */
  verify?: VerifyDeps;
  /** The signed status lists at /status-lists/{n}, and each card's entry in the status answer. */
  statusLists?: StatusLists;
  /** Where logs go (a stream); defaults to stdout. Tests pass a buffer to grep. */
  logStream?: NodeJS.WritableStream;
  /** The app's metrics; made here when not given (serve.ts shares them with the scheduler). */
  metrics?: AppMetrics;
  /** Console sessions: idle timeout, lifetime, lock-out; defaults when not given. */
  sessionPolicy?: SessionPolicy;
  /** With PostgreSQL: what keeps the read model in step with other instances (readiness, lag). */
  follower?: ChangeFollower | null;
  /** Abuse limits shared with other instances (LMA_REDIS_URL); this process's memory when not given. */
  limiter?: ClientLimiter;
  /** Where documents are made and photos decoded (worker threads); the process's shared pool by default. */
  renderPool?: RenderPool;
  /** The reception the holder's page names (R16); LMA_RECEPTION_* or the default. */
  reception?: Reception;
}

/** How often in-memory lookup counts (per day and result, P3) are written to the database. */
export const LOOKUP_COUNT_FLUSH_MS = 60_000;

/**
 * A safety net under the rule that officer-side logs carry ids only (R12, P5): should any of these
 * fields reach a log line, at the top level or nested, pino writes "[redacted]" instead.
 */
const PERSONAL_FIELDS = ['givenName', 'familyName', 'birthDate', 'personalIdentityNumber', 'address'];
export const REDACT_PATHS = [
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  'req.headers.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const REQUEST_TIMEOUT_MS = 15_000;
const CONNECTION_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

const CLIENT_ERRORS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'headers_too_large',
    'The request headers are too large.',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'request_timeout',
    'The request was not received in time.',
  ],
};

/** Node's parser refused the request: answer as every other answer does (problem+json, our headers), then close. */
export function answerClientError(error: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, title, code, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'bad_request',
    'The request could not be read as HTTP.',
  ];
  const body = JSON.stringify({ type: `urn:lmakort:problem:${code}`, title, status, detail, code });
  const headers = Object.entries(SECURITY_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\n` +
      'content-type: application/problem+json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      headers +
      'connection: close\r\n\r\n' +
      body,
  );
}

export function buildApp(deps: AppDeps): FastifyInstance {
  const { config, db, readModel, service, clock, statusLists } = deps;
  const renderPool = deps.renderPool ?? sharedRenderPool();
  let fastPath: FastPath | undefined;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // P1: a request is never serialised with its URL, address or headers.
      serializers: {
        req: (req: { id?: string; method?: string; routeOptions?: { url?: string } }) => ({
          id: req.id,
          method: req.method,
          route: req.routeOptions?.url,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        // R12, P5: a database error's statement, values, detail and where never reach a log line.
        err: (err: Error) => safeError(err) as SafeError & { stack: string },
      },
    },
    // P1: Fastify's own per-request logs are off; the officer scope logs its requests by route.
    logController: new LogController({ disableRequestLogging: true }),
    // S1: request.ip is the address the farthest trusted proxy added, never the client's own claim.
    trustProxy: config.trustProxy ? proxyTrust(config.trustProxyHops) : false,
    bodyLimit: 64 * 1024,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    return503OnClosing: true,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
    routerOptions: { maxParamLength: 200 },
    // The public lookups take the fast path (see publicLookupRoutes) before Fastify sees them. A
    // custom server gets none of Fastify's own timeout settings, so they are set here.
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        if (fastPath?.(req, res)) return;
        req.socket.setTimeout(CONNECTION_TIMEOUT_MS);
        handler(req, res);
      });
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.requestTimeout = REQUEST_TIMEOUT_MS;
      // The 30 s inactivity timeout runs from the connection's start and while Fastify handles a
      // request and writes its answer, as server.setTimeout would have it, but is not the server's
      // own: Node sets that one again for every request on a kept-alive connection, a timer made and
      // dropped per lookup. A lookup is answered before its handler returns, then its connection
      // runs Node's keep-alive timeout, as with server.setTimeout; headers and requests are bounded
      // by headersTimeout and requestTimeout (test/http/socket-timeouts.test.ts).
      server.on('connection', (socket) => socket.setTimeout(CONNECTION_TIMEOUT_MS));
      return server;
    },
    // Requests Node's HTTP parser refuses before Fastify sees them (a malformed request line, headers
    // too large, a request not received in time) get our problem+json and headers too, not Node's
    // {"error":"Bad Request"}.
    clientErrorHandler: answerClientError,
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
  registerOpenApi(app);

  const metrics = deps.metrics ?? createMetrics(db, readModel, deps.follower ?? null);
  // P3: per day and result, nothing else; flushed every minute, at close, and before statistics.
  const tally = new LookupTally(db);
  const flushCounts = async () => {
    await tally.flush();
  };
  const flushTimer = setInterval(() => {
    tally.flush().catch((err) => app.log.error({ err }, 'lookup counts not saved; kept for the next flush'));
  }, LOOKUP_COUNT_FLUSH_MS);
  flushTimer.unref();
  app.addHook('onClose', async () => {
    clearInterval(flushTimer);
    await tally.flush().catch((err) => app.log.error({ err }, 'lookup counts not saved at shutdown'));
  });

  const limiter =
    deps.limiter ?? new AbuseLimiter(clock, config.abuseLimit, config.abuseWindowSeconds * 1000);
  const holder = new HolderService(db, service, clock);
  // In a plugin, so they are added after the OpenAPI plugin has loaded and it documents them too.
  app.register(async (root) => {
    fastPath = publicLookupRoutes(root, {
      clock,
      readModel,
      limiter,
      securityHeaders: SECURITY_HEADERS,
      trustedHops: config.trustProxy ? config.trustProxyHops : 0,
      nodeInternals: config.nodeInternals,
      keys: deps.keys,
      onLookup: (result, surface, day, startedMs) => {
        metrics.lookups.record(result, surface, (performance.now() - startedMs) / 1000);
        tally.add(day, result);
      },
      statusEntries: statusLists,
    });
    registerPrivacyPage(root, config.retentionMonths ?? DEFAULT_RETENTION_MONTHS);
    registerJwksRoute(root, deps.keys);
    registerHolderRoutes(root, {
      holder,
      limiter,
      reception: deps.reception ?? DEFAULT_RECEPTION,
      now: () => clock.now(),
    });
    registerReceiptRoute(root, {
      keys: deps.keys,
      publicBaseUrl: service.baseUrl,
      renderPool,
      // Each receipt is a PDF made for whoever asks: counted per client, like misses (S1).
      limiter: new AbuseLimiter(
        clock,
        config.receiptLimit ?? DEFAULT_RECEIPT_LIMIT,
        config.abuseWindowSeconds * 1000,
      ),
    });
    if (deps.verify) registerVerifyApp(root, deps.verify);
    if (statusLists) registerStatusListRoutes(root, statusLists, () => clock.now());
    registerHealthRoutes(root, { db, readModel, follower: deps.follower ?? null });
    registerMetricsRoute(root, metrics, config);
  });

  const tokens = new TokenService(db, clock);
  app.register(officerApiRoutes, {
    prefix: '/api/v1',
    db,
    service,
    clock,
    metrics,
    cardCostSek: config.cardCostSek,
    flushCounts,
    renderPool,
    tokens,
  });

  const accounts = new OfficerAccounts(db, clock, deps.sessionPolicy ?? DEFAULT_SESSION_POLICY);
  app.register(officerConsoleRoutes, {
    prefix: '/officer',
    db,
    service,
    accounts,
    tokens,
    clock,
    renderPool,
    cardCostSek: config.cardCostSek,
    flushCounts,
  });
  return app;
}
