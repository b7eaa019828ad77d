// Finding an applicant from the one search box (search.ts) and registering a new one.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../../services/app-error.ts';
import { httpStatus } from '../../problem.ts';
import { findPage, registerPage } from './desk-views.ts';
import { fullName } from './dossier.ts';
import { readApplicantForm } from './forms.ts';
import { actorOf, type ConsoleKit, ctxOf, html, type Req } from './kit.ts';
import { readSearch, runSearch, SEARCH_PROBLEMS } from './search.ts';
import { errorText, fill } from './texts.ts';

export function registerFindRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { db, service } = kit.deps;
  const { done, takeFlash } = kit;
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
      return await done(request, reply, `/officer/applicants/${r.id}`, {
        kind: 'success',
        text: fill(ctx.t.registered, { name: fullName(form.input), dossier: r.dossierNumber }),
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
}
