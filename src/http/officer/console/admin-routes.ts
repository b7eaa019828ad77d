// Administration in the console: officers (create, disable, enable, unlock, new password), API tokens
// (created, shown once, revoked) and the sign-in log for auditors.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../services/app-error.ts';
import { USERNAME } from '../../../services/officer-accounts.ts';
import { passwordProblem } from '../../../services/passwords.ts';
import { OFFICER_ROLES, type OfficerRole } from '../../../store/officer-store.ts';
import { listOfficerEvents } from '../../../store/record-store.ts';
import { httpStatus } from '../../problem.ts';
import { auditPage, officersPage, tokensPage } from './admin-views.ts';
import type { FormErrors } from './desk-views.ts';
import { text, UUID } from './forms.ts';
import { askFirst, type ConsoleKit, ctxOf, html, type Req } from './kit.ts';
import type { Notice } from './layout.ts';
import { errorText, fill, wordsFor } from './texts.ts';

export function registerAdminRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { db, accounts, tokens, clock } = kit.deps;
  const { done, takeFlash, notFound } = kit;
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
        return askFirst(request, reply, {
          question: fill(ctx.t[confirm], { username: officer.username }),
          action: `/officer/admin/officers/${officer.id}/${path}`,
          backHref: '/officer/admin/officers',
          yes: fill(ctx.t.disableYes, { username: officer.username }),
        });
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
      return askFirst(request, reply, {
        question: fill(ctx.t.revokeTokenConfirm, { name: token.name }),
        action: `/officer/admin/tokens/${token.id}/revoke`,
        backHref: '/officer/admin/tokens',
        yes: fill(ctx.t.revokeTokenYes, { name: token.name }),
      });
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
