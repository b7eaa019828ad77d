// The officer console under /officer/: server-rendered pages and plain forms, the same
// LmaService methods the API calls for every change (P4 names the signed-in officer), reads through
// the store's query functions. Sessions, CSRF and roles: session.ts. Security headers: the console's
// strict CSP (security.ts). Every action ends on a page that says what changed (post/redirect/get);
// destructive ones pass through a confirmation page first.

import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldWithControlCharacter } from '../../../domain/control-characters.ts';
import { DatabaseUnavailableError } from '../../../store/db.ts';
import { registerOfficerConsoleHeaders } from '../../plugins/security.ts';
import { PHOTO_BODY_LIMIT } from '../applicant-routes.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { registerApplicantRoutes } from './applicant-routes.ts';
import { registerCardRoutes } from './card-routes.ts';
import { registerDecisionRoutes } from './decision-routes.ts';
import { registerFindRoutes } from './find-routes.ts';
import { UUID } from './forms.ts';
import { type ConsoleDeps, consoleKit, ctxOf, html, type Req } from './kit.ts';
import { messagePage } from './layout.ts';
import { registerLetterRoutes } from './letter-routes.ts';
import { registerQueueRoutes } from './queue-routes.ts';
import { registerConsoleSessions } from './session.ts';
import { registerSetupRoutes } from './setup-routes.ts';
import { registerSignInRoutes } from './sign-in-routes.ts';
import { registerStatisticsRoutes } from './statistics-routes.ts';
import { fill } from './texts.ts';

export type { ConsoleDeps };

export async function officerConsoleRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { service, accounts } = deps;
  const kit = consoleKit(deps);
  registerOfficerConsoleHeaders(app);
  // HTML pages, not API: kept out of the OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // S3: one photo per request, 5 MiB at most, buffered, checked by its magic bytes, then decoded.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: PHOTO_BODY_LIMIT, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
  });

  const refuse = (request: FastifyRequest, reply: FastifyReply, why: 'forbidden' | 'csrf') => {
    const ctx = ctxOf(request);
    const role = request.consoleSession ? ctx.t[`role_${request.consoleSession.role}`] : '';
    return why === 'csrf'
      ? html(reply, 403, messagePage(ctx, ctx.t.csrfTitle, ctx.t.csrf))
      : html(reply, 403, messagePage(ctx, ctx.t.forbiddenTitle, fill(ctx.t.forbidden, { role })));
  };
  // PUBLIC_BASE_URL's origin, read from the service that prints it on cards.
  const publicOrigin = new URL(service.lookupUrl('')).origin;
  registerConsoleSessions(app, { accounts, refuse, publicOrigin });

  // S3: no control character in any form field or search (a NUL would reach the database); the
  // field is named. Passwords are only ever hashed, and the way back after sign-in or a language
  // change only ever compared with a safe pattern, so those are not looked at.
  app.addHook('preValidation', async (request, reply) => {
    const field =
      fieldWithControlCharacter(request.body, ['password', 'next']) ??
      (request.query ? fieldWithControlCharacter(request.query, ['next', 'back']) : null);
    if (!field) return;
    const ctx = ctxOf(request);
    return html(reply, 400, messagePage(ctx, ctx.t.formErrors, fill(ctx.t.vControl, { field })));
  });

  // As in the officer API: the id this request is logged with, for support.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        actor: request.consoleSession?.username ?? null,
      },
      'console request',
    );
  });

  app.setNotFoundHandler((request, reply) => {
    const ctx = ctxOf(request);
    return html(reply, 404, messagePage(ctx, ctx.t.notFoundTitle, ctx.t.notFound));
  });

  app.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, request: Req, reply) => {
    const ctx = ctxOf(request);
    const photoRoute = request.routeOptions.url === '/officer/applicants/:id/photo';
    if (photoRoute && UUID.test(request.params?.id ?? '')) {
      const tooLarge = error.code === 'FST_REQ_FILE_TOO_LARGE' || error.statusCode === 413;
      if (tooLarge || error.code?.startsWith('FST_') || error.statusCode === 415)
        return kit.showApplicant(request, reply, request.params.id, tooLarge ? 413 : 400, {
          errors: { photo: tooLarge ? ctx.t.photoTooLarge : ctx.t.notValidPhoto },
        });
    }
    if ((error as unknown) instanceof DatabaseUnavailableError) {
      request.log.warn({ route: request.routeOptions.url, err: error }, 'database unavailable');
      return html(reply, 503, messagePage(ctx, ctx.t.errorTitle, ctx.t.unavailable));
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, route: request.routeOptions.url }, 'console error');
    return html(
      reply,
      status,
      messagePage(
        ctx,
        status === 500 ? ctx.t.errorTitle : ctx.t.formErrors,
        status === 500 ? ctx.t.error : error.message,
      ),
    );
  });

  registerSignInRoutes(app, kit);
  registerFindRoutes(app, kit);
  registerApplicantRoutes(app, kit);
  registerDecisionRoutes(app, kit);
  registerCardRoutes(app, kit);
  registerQueueRoutes(app, kit);
  registerLetterRoutes(app, kit);
  registerAdminRoutes(app, kit);
  registerStatisticsRoutes(app, kit);
  registerSetupRoutes(app, kit);
}
