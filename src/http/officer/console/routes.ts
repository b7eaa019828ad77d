// The officer console under /officer/: server-rendered pages and plain forms, the same
// LmaService methods the API calls for every change (P4 names the signed-in officer), reads through
// the store's query functions. Sessions, CSRF and roles: session.ts. Security headers: the console's
// strict CSP (security.ts). Every action ends on a page that says what changed (post/redirect/get);
// destructive ones pass through a confirmation page first.

import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../clock.ts';
import { CANCEL_REASONS, type CancelReason } from '../../../domain/card.ts';
import { fieldWithControlCharacter } from '../../../domain/control-characters.ts';
import { DECISION_TYPES, type DecisionType } from '../../../domain/coverage.ts';
import type { PublicAnswer, StandingView } from '../../../domain/standing.ts';
import { AppError } from '../../../services/app-error.ts';
import { HolderService } from '../../../services/holder.ts';
import type { Actor, LmaService } from '../../../services/lma-service.ts';
import type { OfficerAccounts } from '../../../services/officer-accounts.ts';
import { USERNAME } from '../../../services/officer-accounts.ts';
import { passwordProblem } from '../../../services/passwords.ts';
import { RegisterExtracts } from '../../../services/register-extract.ts';
import type { RenderPool } from '../../../services/render-pool.ts';
import type { TokenService } from '../../../services/tokens.ts';
import { loadPhoto } from '../../../store/applicant-store.ts';
import { findCardById, listCardQueue } from '../../../store/card-store.ts';
import { DatabaseUnavailableError, type Db } from '../../../store/db.ts';
import { OFFICER_ROLES, type OfficerRole } from '../../../store/officer-store.ts';
import { findDecisionById, listOfficerEvents } from '../../../store/record-store.ts';
import { registerOfficerConsoleHeaders } from '../../plugins/security.ts';
import { httpStatus } from '../../problem.ts';
import { PHOTO_BODY_LIMIT } from '../api-routes.ts';
import { photoType } from '../photo.ts';
import { auditPage, officersPage, tokensPage } from './admin-views.ts';
import { applicantPage, cancelPage } from './applicant-view.ts';
import {
  type FormErrors,
  type FormValues,
  findPage,
  historyPage,
  lettersPage,
  queuePage,
  registerPage,
  signInPage,
} from './desk-views.ts';
import { type Dossier, fullName, loadDossier } from './dossier.ts';
import { type FormBody, optionalDate, readApplicantForm, text, UUID } from './forms.ts';
import { registerHolderConsoleRoutes } from './holder-routes.ts';
import { confirmPage, messagePage, type Notice, type PageContext, pageContext } from './layout.ts';
import { readSearch, runSearch, SEARCH_PROBLEMS } from './search.ts';
import {
  hostCookie,
  issueSignInToken,
  LANGUAGE_COOKIE,
  registerConsoleSessions,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
} from './session.ts';
import { whyWords } from './standing-words.ts';
import { errorText, fill, wordsFor } from './texts.ts';

export interface ConsoleDeps {
  db: Db;
  service: LmaService;
  accounts: OfficerAccounts;
  tokens: TokenService;
  clock: Clock;
  renderPool: RenderPool;
}

const ASSETS: Record<string, [string, string]> = {
  'console.css': ['text/css; charset=utf-8', 'assets/console.css'],
  'console.js': ['text/javascript; charset=utf-8', 'assets/console.js'],
};
const assetBodies = new Map(
  Object.entries(ASSETS).map(([name, [type, file]]) => [
    name,
    { type, body: readFileSync(new URL(file, import.meta.url)) },
  ]),
);

type Req = FastifyRequest<{ Params: { id: string }; Body: FormBody; Querystring: Record<string, string> }>;

const ctxOf = (request: FastifyRequest): PageContext =>
  pageContext(request.consoleLang, request.consoleSession, request.url);

const actorOf = (request: FastifyRequest): Actor => ({
  name: `officer:${request.consoleSession?.username ?? 'unknown'}`,
  correlationId: request.id,
});

const html = (reply: FastifyReply, status: number, page: string) =>
  reply.code(status).type('text/html; charset=utf-8').send(page);

/** A path inside the console to return to after sign-in or a language change (never another site). */
function localPath(value: string | undefined): string {
  return value && /^\/officer\/[\x21-\x5b\x5d-\x7e]*$/.test(value) ? value : '/officer/';
}

export async function officerConsoleRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { db, service, accounts, tokens, clock, renderPool } = deps;
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
        return showApplicant(request, reply, request.params.id, tooLarge ? 413 : 400, {
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

  /** After a change: remember what changed for the next page, and go there (post/redirect/get). */
  const done = async (request: FastifyRequest, reply: FastifyReply, path: string, notice: Notice) => {
    if (request.consoleSession) await accounts.setFlash(request.consoleSession, notice);
    return reply.redirect(path, 303);
  };

  /** The notice left by the last action, shown once. */
  const takeFlash = async (request: FastifyRequest): Promise<Notice | null> => {
    const s = request.consoleSession;
    if (!s?.flash) return null;
    await accounts.setFlash(s, null);
    return s.flash as Notice;
  };

  const dossierOf = async (id: string): Promise<Dossier | null> =>
    UUID.test(id) ? loadDossier(db, id, service.today()) : null;

  const notFound = (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = ctxOf(request);
    return html(reply, 404, messagePage(ctx, ctx.t.notFoundTitle, ctx.t.notFound));
  };

  /** The applicant's page, with what just changed or what was wrong. */
  async function showApplicant(
    request: FastifyRequest,
    reply: FastifyReply,
    applicantId: string,
    status: number,
    o: { notice?: Notice | null; values?: FormValues; errors?: FormErrors } = {},
  ) {
    const d = await dossierOf(applicantId);
    if (!d) return notFound(request, reply);
    return html(reply, status, applicantPage(ctxOf(request), d, o));
  }

  /**
   * Runs one service call for the applicant page; a refusal (AppError) shows the page again with the
   * problem named at `fieldFor(error.field)` and the input kept, in the officer's language.
   */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    applicantId: string,
    run: () => Promise<string>,
    o: { values?: FormValues; fieldFor?: (field: string | undefined) => string | null } = {},
  ) {
    try {
      const notice = await run();
      return await done(request, reply, `/officer/applicants/${applicantId}`, {
        kind: 'success',
        text: notice,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (httpStatus(error) === 404) return notFound(request, reply);
      const message = errorText(request.consoleLang, error.code, error.message);
      const field = o.fieldFor?.(error.field) ?? null;
      return showApplicant(request, reply, applicantId, httpStatus(error), {
        ...(o.values ? { values: o.values } : {}),
        ...(field ? { errors: { [field]: message } } : { notice: { kind: 'error', text: message } }),
      });
    }
  }

  /** The "are you sure?" page for an action on the applicant's page, naming the applicant. */
  async function askAboutApplicant(
    request: Req,
    reply: FastifyReply,
    question: string,
    action: string,
    values: Record<string, string>,
    yes: string,
  ) {
    const d = await dossierOf(request.params.id);
    if (!d) return notFound(request, reply);
    const path = `/officer/applicants/${d.applicant.id}`;
    const page = confirmPage(
      ctxOf(request),
      `${fullName(d.applicant)}: ${question}`,
      `${path}/${action}`,
      values,
      path,
      yes,
    );
    return html(reply, 200, page);
  }

  // ---- assets, language, sign-in ------------------------------------------------------------------

  app.get<{ Params: { name: string } }>(
    '/assets/:name',
    { config: { access: 'public' } },
    async (request, reply) => {
      const asset = assetBodies.get(request.params.name);
      if (!asset) return notFound(request, reply);
      return reply.type(asset.type).send(asset.body);
    },
  );

  app.get<{ Params: { lang: string }; Querystring: { back?: string } }>(
    '/language/:lang',
    { config: { access: 'public' } },
    async (request, reply) => {
      const lang = request.params.lang === 'en' ? 'en' : 'sv';
      reply.header('set-cookie', hostCookie(LANGUAGE_COOKIE, lang, 365 * 86_400));
      return reply.redirect(localPath(request.query.back), 303);
    },
  );

  app.get<{ Querystring: { lapsed?: string; out?: string; next?: string } }>(
    '/sign-in',
    { config: { access: 'public' } },
    async (request, reply) => {
      if (request.consoleSession) return reply.redirect('/officer/', 303);
      const ctx = ctxOf(request);
      const notice: Notice | null =
        request.query.lapsed === '1'
          ? { kind: 'error', text: ctx.t.sessionEnded }
          : request.query.out === '1'
            ? { kind: 'success', text: ctx.t.signedOut }
            : null;
      const token = issueSignInToken(reply);
      return html(reply, 200, signInPage(ctx, { token, notice, next: localPath(request.query.next) }));
    },
  );

  app.post<{ Body: FormBody }>('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const ctx = ctxOf(request);
    const username = text(request.body, 'username').slice(0, 60);
    const outcome = await accounts.signIn(username, text(request.body, 'password'));
    if (!outcome.ok) {
      // A wrong password, an unknown name and a locked account read alike (no name is confirmed).
      const token = issueSignInToken(reply);
      const notice: Notice = {
        kind: 'error',
        text: fill(ctx.t.badCredentials, { minutes: accounts.policy.lockMinutes }),
      };
      return html(
        reply,
        401,
        signInPage(ctx, { token, username, notice, next: localPath(text(request.body, 'next')) }),
      );
    }
    reply.header('set-cookie', hostCookie(SESSION_COOKIE, outcome.sessionId));
    reply.header('set-cookie', hostCookie(SIGN_IN_COOKIE, '', 0));
    return reply.redirect(localPath(text(request.body, 'next')), 303);
  });

  app.post('/sign-out', { config: { access: 'read' } }, async (request, reply) => {
    if (request.consoleSession) await accounts.signOut(request.consoleSession);
    reply.header('set-cookie', hostCookie(SESSION_COOKIE, '', 0));
    return reply.redirect('/officer/sign-in?out=1', 303);
  });

  // ---- find and register ---------------------------------------------------------------------------

  // One search box (search.ts); the older dossierNumber= and name=&birthDate= links still work.
  const publicBaseUrl = service.lookupUrl('').replace(/\/k\/$/, '');
  const findHandler = async (request: Req, reply: FastifyReply) => {
    const ctx = ctxOf(request);
    const { t } = ctx;
    const q = request.query ?? {};
    const value = (
      q.q ?? [q.dossierNumber, q.name, q.birthDate].filter((x) => typeof x === 'string').join(' ')
    ).slice(0, 300);
    const notice = await takeFlash(request);
    const asked = ['q', 'dossierNumber', 'name', 'birthDate'].some((k) => k in q);
    if (!asked) return html(reply, 200, findPage(ctx, { value: '', results: null, notice }));
    const outcome = await runSearch(db, readSearch(value, publicBaseUrl));
    switch (outcome.kind) {
      case 'applicant':
        return reply.redirect(`/officer/applicants/${outcome.id}`, 303);
      case 'list':
        return html(reply, 200, findPage(ctx, { value, results: outcome.applicants }));
      case 'noCard':
        return html(reply, 200, findPage(ctx, { value, results: [], noMatch: t.noCardWithCode }));
      case 'empty':
        return html(reply, 400, findPage(ctx, { value, error: t.vSearch, results: null }));
      case 'problem':
        return html(
          reply,
          400,
          findPage(ctx, { value, error: t[SEARCH_PROBLEMS[outcome.problem]], results: null }),
        );
    }
  };
  app.get('/', findHandler);

  app.get('/applicants/new', { config: { access: 'write' } }, async (request, reply) =>
    html(reply, 200, registerPage(ctxOf(request), { values: {}, errors: {} })),
  );

  app.post('/applicants', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const form = readApplicantForm(ctx.t, request.body, service.today());
    if (!form.ok) return html(reply, 400, registerPage(ctx, { values: form.values, errors: form.errors }));
    try {
      const r = await service.registerApplicant(actorOf(request), form.input);
      const id = r.body.id as string;
      return await done(request, reply, `/officer/applicants/${id}`, {
        kind: 'success',
        text: fill(ctx.t.registered, { name: fullName(form.input), dossier: String(r.body.dossierNumber) }),
      });
    } catch (error) {
      if (!(error instanceof AppError) || !error.field) throw error;
      const values = Object.fromEntries(
        Object.entries(request.body ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
      );
      return html(
        reply,
        httpStatus(error),
        registerPage(ctx, {
          values,
          errors: { [error.field]: errorText(ctx.lang, error.code, error.message) },
        }),
      );
    }
  });

  // ---- the applicant -------------------------------------------------------------------------------

  app.get('/applicants/:id', async (request: Req, reply) =>
    showApplicant(request, reply, request.params.id, 200, { notice: await takeFlash(request) }),
  );

  app.get('/applicants/:id/history', async (request: Req, reply) => {
    const d = await dossierOf(request.params.id);
    return d ? html(reply, 200, historyPage(ctxOf(request), d)) : notFound(request, reply);
  });

  // The register extract (GDPR art. 15) in the holder's language with Swedish alongside; recorded (P4).
  const extracts = new RegisterExtracts({ db, service, clock });
  app.get('/applicants/:id/extract.pdf', async (request: Req, reply) => {
    const id = request.params.id;
    if (!UUID.test(id) || !(await service.applicantView(id))) return notFound(request, reply);
    const pdf = await renderPool.extractPdf(await extracts.produce(actorOf(request), id, 'pdf'));
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="registerutdrag-${id}.pdf"`)
      .send(pdf);
  });

  app.get('/applicants/:id/letters', async (request: Req, reply) => {
    const d = await dossierOf(request.params.id);
    return d ? html(reply, 200, lettersPage(ctxOf(request), d)) : notFound(request, reply);
  });

  app.get('/applicants/:id/photo', async (request: Req, reply) => {
    const photo = UUID.test(request.params.id) ? await loadPhoto(db, request.params.id) : null;
    if (!photo) return notFound(request, reply);
    return reply.type(photo.contentType).header('content-disposition', 'inline').send(photo.bytes);
  });

  app.post(
    '/applicants/:id/photo',
    { config: { access: 'write' }, bodyLimit: PHOTO_BODY_LIMIT + 64 * 1024 },
    async (request: Req, reply) => {
      const t = ctxOf(request).t;
      const bytes = request.body?.photo;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0)
        return showApplicant(request, reply, request.params.id, 400, { errors: { photo: t.noFile } });
      if (!photoType(bytes))
        return showApplicant(request, reply, request.params.id, 415, { errors: { photo: t.notValidPhoto } });
      const outcome = await renderPool.normalisePhoto(bytes);
      if (!outcome.ok) {
        const why =
          outcome.reason === 'too_large' || outcome.reason === 'too_small' ? t.photoSize : t.photoBroken;
        return showApplicant(request, reply, request.params.id, 400, { errors: { photo: why } });
      }
      const photo = { contentType: 'image/jpeg' as const, bytes: Buffer.from(outcome.bytes) };
      return act(request, reply, request.params.id, async () => {
        const r = await service.recordPhoto(actorOf(request), request.params.id, photo);
        return withOrder(t.photoSaved, r.body.cardOrdered, t.cardOrdered);
      });
    },
  );

  app.post('/applicants/:id/fingerprints', { config: { access: 'write' } }, async (request: Req, reply) => {
    const t = ctxOf(request).t;
    return act(request, reply, request.params.id, async () => {
      const r = await service.recordFingerprints(actorOf(request), request.params.id);
      return withOrder(t.fingerprintsSaved, r.body.cardOrdered, t.cardOrdered);
    });
  });

  // R5 in one action: today's visit, and the page says the new expiry.
  app.post('/applicants/:id/visits', { config: { access: 'write' } }, async (request: Req, reply) => {
    const t = ctxOf(request).t;
    return act(request, reply, request.params.id, async () => {
      const r = await service.registerVisit(actorOf(request), request.params.id, {});
      const b = r.body as {
        extended: boolean;
        validUntil: string | null;
        previousValidUntil: string | null;
        publicAnswer: PublicAnswer | null;
        standing: StandingView | null;
      };
      // A visit never claims the card is valid when the lookup says it is not (R14).
      if (b.validUntil && b.publicAnswer?.result === 'not_valid' && b.standing)
        return fill(t.visitNotValid, { date: b.validUntil, why: whyWords(t, b.standing, 'active') });
      const notice =
        b.extended && b.validUntil
          ? fill(t.visitExtended, {
              date: b.validUntil,
              before: b.previousValidUntil ? fill(t.visitBefore, { date: b.previousValidUntil }) : '',
            })
          : b.validUntil
            ? fill(t.visitUnchanged, { date: b.validUntil })
            : t.visitNoCard;
      return notice;
    });
  });

  app.post('/applicants/:id/decisions', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const { t } = ctx;
    const type = text(request.body, 'type');
    const rawDate = text(request.body, 'effectiveDate');
    const values = { type, effectiveDate: rawDate };
    if (!(DECISION_TYPES as readonly string[]).includes(type))
      return showApplicant(request, reply, request.params.id, 400, { values, errors: { type: t.vChoice } });
    const date = optionalDate(t, rawDate);
    if (date.error)
      return showApplicant(request, reply, request.params.id, 400, {
        values,
        errors: { effectiveDate: date.error },
      });
    const effective = date.date ?? service.today();
    const label = t[`decision_${type as DecisionType}`];
    if (text(request.body, 'confirm') !== 'yes') {
      return askAboutApplicant(
        request,
        reply,
        fill(t.decisionConfirm, { type: label, date: effective }),
        'decisions',
        {
          type,
          effectiveDate: date.date ?? '',
        },
        fill(t.decisionYes, { type: label }),
      );
    }
    return act(
      request,
      reply,
      request.params.id,
      async () => {
        const r = await service.registerDecision(actorOf(request), request.params.id, {
          type: type as DecisionType,
          ...(date.date ? { effectiveDate: date.date } : {}),
        });
        return fill(t.decisionDone, { type: label, date: String(r.body.effectiveDate) });
      },
      { values, fieldFor: () => 'effectiveDate' },
    );
  });

  app.post('/decisions/:id/revoke', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const decision = UUID.test(request.params.id) ? await findDecisionById(db, request.params.id) : null;
    if (!decision) return notFound(request, reply);
    const label = ctx.t[`decision_${decision.type}`];
    const applicantPath = `/officer/applicants/${decision.applicantId}`;
    if (text(request.body, 'confirm') !== 'yes') {
      return html(
        reply,
        200,
        confirmPage(
          ctx,
          fill(ctx.t.revokeConfirm, { type: label, date: decision.effectiveDate }),
          `/officer/decisions/${decision.id}/revoke`,
          {},
          applicantPath,
          fill(ctx.t.revokeYes, { type: label }),
        ),
      );
    }
    return act(request, reply, decision.applicantId, async () => {
      await service.revokeDecision(actorOf(request), decision.id);
      return fill(ctx.t.revokeDone, { type: label });
    });
  });

  app.post('/applicants/:id/at-und', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const { t } = ctx;
    const granted = text(request.body, 'granted');
    const rawDate = text(request.body, 'atUndDate');
    const values = { granted, atUndDate: rawDate };
    if (granted !== 'yes' && granted !== 'no')
      return showApplicant(request, reply, request.params.id, 400, {
        values,
        errors: { granted: t.vChoice },
      });
    const date = optionalDate(t, rawDate);
    if (date.error)
      return showApplicant(request, reply, request.params.id, 400, {
        values,
        errors: { atUndDate: date.error },
      });
    const effective = date.date ?? service.today();
    if (granted === 'no' && text(request.body, 'confirm') !== 'yes') {
      return askAboutApplicant(
        request,
        reply,
        fill(t.atUndConfirm, { date: effective }),
        'at-und',
        {
          granted,
          atUndDate: date.date ?? '',
        },
        t.atUndRevoke,
      );
    }
    return act(
      request,
      reply,
      request.params.id,
      async () => {
        const r = await service.setAtUnd(actorOf(request), request.params.id, {
          granted: granted === 'yes',
          ...(date.date ? { effectiveDate: date.date } : {}),
        });
        const when = String(r.body.effectiveDate);
        return fill(granted === 'yes' ? t.atUndGranted : t.atUndRevoked, { date: when });
      },
      { values, fieldFor: () => 'atUndDate' },
    );
  });

  // ---- cards ---------------------------------------------------------------------------------------

  /** The card queue with the batches waiting for the printer. */
  const showQueue = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    notice: Notice | null,
  ) =>
    html(
      reply,
      status,
      queuePage(ctxOf(request), await listCardQueue(db), await service.openPrintBatches(), notice),
    );

  /** A step taken from the card queue: back to the queue saying what changed, or the queue with the error. */
  const queueStep = async (request: FastifyRequest, reply: FastifyReply, run: () => Promise<string>) => {
    try {
      return await done(request, reply, '/officer/cards', { kind: 'success', text: await run() });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const notice: Notice = {
        kind: 'error',
        text: errorText(request.consoleLang, error.code, error.message),
      };
      return showQueue(request, reply, httpStatus(error), notice);
    }
  };

  /** Runs a card action for the card's applicant page (or the queue, when it came from there). */
  const cardAction = async (
    request: Req,
    reply: FastifyReply,
    run: (card: { id: string; applicantId: string }) => Promise<string>,
    values?: FormValues,
  ) => {
    const card = UUID.test(request.params.id) ? await findCardById(db, request.params.id) : null;
    if (!card) return notFound(request, reply);
    if (text(request.body, 'back') === 'queue') return queueStep(request, reply, () => run(card));
    return act(request, reply, card.applicantId, () => run(card), {
      ...(values ? { values } : {}),
      fieldFor: (f) => (values && f === 'reason' ? 'reason' : null),
    });
  };

  app.post('/cards/:id/produced', { config: { access: 'write' } }, async (request: Req, reply) => {
    const t = ctxOf(request).t;
    return cardAction(request, reply, async (card) => {
      const r = await service.markCardProduced(actorOf(request), card.id);
      return fill(t.producedDone, { number: String((r.body.card as { number: string }).number) });
    });
  });

  app.post('/cards/:id/handover', { config: { access: 'write' } }, async (request: Req, reply) => {
    const t = ctxOf(request).t;
    return cardAction(request, reply, async (card) => {
      const r = await service.handOverCard(actorOf(request), card.id, {});
      const c = r.body.card as {
        number: string;
        validUntil: string;
        publicAnswer: PublicAnswer;
        standing: StandingView;
      };
      if (c.publicAnswer.result === 'not_valid')
        return fill(t.handedOverNotValid, { number: c.number, why: whyWords(t, c.standing, 'active') });
      return fill(t.handedOver, { number: c.number, date: c.validUntil });
    });
  });

  /** Cancelling a card has its own page (the reason chosen there, none preselected). */
  const cancelCardPage = async (
    request: Req,
    reply: FastifyReply,
    status: number,
    o: { values?: FormValues; errors?: FormErrors } = {},
  ) => {
    const card = UUID.test(request.params.id) ? await findCardById(db, request.params.id) : null;
    const d = card && (await dossierOf(card.applicantId));
    if (!card || !d) return notFound(request, reply);
    return html(reply, status, cancelPage(ctxOf(request), d, card, o));
  };

  app.get('/cards/:id/cancel', { config: { access: 'write' } }, async (request: Req, reply) =>
    cancelCardPage(request, reply, 200),
  );

  app.post('/cards/:id/cancel', { config: { access: 'write' } }, async (request: Req, reply) => {
    const { t } = ctxOf(request);
    const reason = text(request.body, 'reason');
    if (!(CANCEL_REASONS as readonly string[]).includes(reason))
      return cancelCardPage(request, reply, 400, { values: { reason }, errors: { reason: t.vChoice } });
    if (text(request.body, 'confirm') !== 'yes')
      return cancelCardPage(request, reply, 200, { values: { reason } });
    return cardAction(
      request,
      reply,
      async (c) => {
        const r = await service.cancelCard(actorOf(request), c.id, { reason: reason as CancelReason });
        const number = String((r.body.cancelled as { number: string }).number);
        return fill(t.cancelled, { number, new: String((r.body.reordered as { number: string }).number) });
      },
      { reason },
    );
  });

  registerHolderConsoleRoutes(app, {
    db,
    service,
    holder: new HolderService(db, service, clock),
    renderPool,
    ctxOf,
    actorOf,
    act: (request, reply, applicantId, run) => act(request, reply, applicantId, run),
    notFound,
  });

  app.get('/cards', async (request, reply) => showQueue(request, reply, 200, await takeFlash(request)));

  // R3: every ordered card not yet in a batch goes into one batch for the card printer …
  app.post('/cards/batch', { config: { access: 'write' } }, async (request, reply) => {
    const t = ctxOf(request).t;
    return queueStep(request, reply, async () => {
      const r = await service.createPrintBatch(actorOf(request), undefined, renderPool.photoProblems);
      const made = fill(t.batchCreated, { count: String((r.body.cards as unknown[]).length) });
      const leftOut = r.body.leftOut as { number: string }[];
      return leftOut.length === 0
        ? made
        : `${made} ${fill(t.batchLeftOut, { numbers: leftOut.map((c) => c.number).join(', ') })}`;
    });
  });

  // … whose PDF goes to the printer …
  app.get<{ Params: { id: string } }>('/batches/:id.pdf', async (request, reply) => {
    // Streamed as it is made; one batch at a time (409 while another is being made).
    renderPool.checkBatchFree();
    const pages = UUID.test(request.params.id) ? await service.printBatchPages(request.params.id) : null;
    if (!pages) return notFound(request, reply);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="batch-${request.params.id}.pdf"`)
      .send(renderPool.streamBatch(`LMA print batch ${request.params.id}`, pages));
  });

  // … and once printed, its cards are produced, each with its card-ready letter.
  app.post<{ Params: { id: string } }>(
    '/batches/:id/printed',
    { config: { access: 'write' } },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) return notFound(request, reply);
      const t = ctxOf(request).t;
      return queueStep(request, reply, async () => {
        const r = await service.markBatchPrinted(actorOf(request), request.params.id);
        const cards = r.body.cards as { state: string }[];
        return fill(t.batchDone, { count: String(cards.filter((c) => c.state !== 'ordered').length) });
      });
    },
  );

  // ---- admin: officers and tokens; the sign-in log -------------------------------------------------

  const actorName = (request: FastifyRequest) => `officer:${request.consoleSession?.username ?? 'unknown'}`;

  app.get('/admin/officers', { config: { access: 'admin' } }, async (request, reply) =>
    html(
      reply,
      200,
      officersPage(ctxOf(request), {
        officers: await accounts.listOfficers(),
        now: clock.now(),
        notice: await takeFlash(request),
      }),
    ),
  );

  app.post('/admin/officers', { config: { access: 'admin' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const values = {
      username: text(request.body, 'username').trim().toLowerCase(),
      role: text(request.body, 'role'),
    };
    const password = text(request.body, 'password');
    const errors: FormErrors = {};
    if (!USERNAME.test(values.username)) errors.username = ctx.t.vUsername;
    if (!(OFFICER_ROLES as readonly string[]).includes(values.role)) errors.role = ctx.t.vChoice;
    if (passwordProblem(password)) errors.password = ctx.t.vPassword;
    if (Object.keys(errors).length === 0) {
      try {
        await accounts.createOfficer(actorName(request), {
          username: values.username,
          role: values.role as OfficerRole,
          password,
        });
        return await done(request, reply, '/officer/admin/officers', {
          kind: 'success',
          text: fill(ctx.t.officerCreated, { username: values.username }),
        });
      } catch (error) {
        if (!(error instanceof AppError) || !error.field) throw error;
        errors[error.field] = errorText(ctx.lang, error.code, error.message);
      }
    }
    const officers = await accounts.listOfficers();
    return html(reply, 400, officersPage(ctx, { officers, now: clock.now(), values, errors }));
  });

  const officerAction = (
    path: string,
    run: (request: Req, id: string) => Promise<{ username: string }>,
    message: 'officerDisabled' | 'officerEnabled' | 'officerUnlocked' | 'officerPassword',
    confirm?: 'disableConfirm',
  ) =>
    app.post(`/admin/officers/:id/${path}`, { config: { access: 'admin' } }, async (request: Req, reply) => {
      const ctx = ctxOf(request);
      if (!UUID.test(request.params.id)) return notFound(request, reply);
      if (confirm && text(request.body, 'confirm') !== 'yes') {
        const officer = (await accounts.listOfficers()).find((o) => o.id === request.params.id);
        if (!officer) return notFound(request, reply);
        return html(
          reply,
          200,
          confirmPage(
            ctx,
            fill(ctx.t[confirm], { username: officer.username }),
            `/officer/admin/officers/${officer.id}/${path}`,
            {},
            '/officer/admin/officers',
            fill(ctx.t.disableYes, { username: officer.username }),
          ),
        );
      }
      try {
        const officer = await run(request, request.params.id);
        return await done(request, reply, '/officer/admin/officers', {
          kind: 'success',
          text: fill(ctx.t[message], { username: officer.username }),
        });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (httpStatus(error) === 404) return notFound(request, reply);
        const officers = await accounts.listOfficers();
        const notice: Notice = {
          kind: 'error',
          text: error.field === 'password' ? `${ctx.t.password}: ${ctx.t.vPassword}` : error.message,
        };
        return html(reply, 400, officersPage(ctx, { officers, now: clock.now(), notice }));
      }
    });
  officerAction(
    'disable',
    async (r, id) => {
      if (id === r.consoleSession?.officerId)
        throw new AppError('validation', wordsFor(r.consoleLang).notYourself, 'officer');
      return accounts.setDisabled(actorName(r), id, true);
    },
    'officerDisabled',
    'disableConfirm',
  );
  officerAction('enable', (r, id) => accounts.setDisabled(actorName(r), id, false), 'officerEnabled');
  officerAction('unlock', (r, id) => accounts.unlock(actorName(r), id), 'officerUnlocked');
  officerAction(
    'password',
    (r, id) => accounts.resetPassword(actorName(r), id, text(r.body, 'password')),
    'officerPassword',
  );

  app.get('/admin/tokens', { config: { access: 'admin' } }, async (request, reply) =>
    html(
      reply,
      200,
      tokensPage(ctxOf(request), { tokens: await tokens.list(), notice: await takeFlash(request) }),
    ),
  );

  // S2: the token is shown on this one page and never again (only its hash is kept).
  app.post('/admin/tokens', { config: { access: 'admin' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const values = { name: text(request.body, 'name').trim(), role: text(request.body, 'role') };
    const errors: FormErrors = {};
    if (values.name === '') errors.name = ctx.t.vRequired;
    else if (values.name.length > 60) errors.name = fill(ctx.t.vTooLong, { max: 60 });
    if (values.role !== 'officer' && values.role !== 'admin') errors.role = ctx.t.vChoice;
    if (Object.keys(errors).length > 0)
      return html(reply, 400, tokensPage(ctx, { tokens: await tokens.list(), values, errors }));
    const made = await tokens.create(actorName(request), {
      name: values.name,
      role: values.role as 'officer' | 'admin',
    });
    const notice: Notice = {
      kind: 'success',
      text: fill(ctx.t.tokenShownOnce, { name: made.name }),
      detail: made.token,
    };
    return html(reply, 201, tokensPage(ctx, { tokens: await tokens.list(), notice }));
  });

  app.post('/admin/tokens/:id/revoke', { config: { access: 'admin' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const token = UUID.test(request.params.id)
      ? (await tokens.list()).find((x) => x.id === request.params.id && x.revokedAt === null)
      : undefined;
    if (!token) return notFound(request, reply);
    if (text(request.body, 'confirm') !== 'yes') {
      return html(
        reply,
        200,
        confirmPage(
          ctx,
          fill(ctx.t.revokeTokenConfirm, { name: token.name }),
          `/officer/admin/tokens/${token.id}/revoke`,
          {},
          '/officer/admin/tokens',
          fill(ctx.t.revokeTokenYes, { name: token.name }),
        ),
      );
    }
    await tokens.revoke(actorName(request), token.id);
    return done(request, reply, '/officer/admin/tokens', {
      kind: 'success',
      text: fill(ctx.t.tokenRevoked, { name: token.name }),
    });
  });

  app.get('/audit', { config: { access: 'audit' } }, async (request, reply) =>
    html(reply, 200, auditPage(ctxOf(request), await listOfficerEvents(db))),
  );
}

function withOrder(saved: string, ordered: unknown, template: string): string {
  const card = ordered as { number?: string } | null;
  return card?.number ? `${saved} ${fill(template, { number: card.number })}` : saved;
}
