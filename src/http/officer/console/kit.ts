// What every console route file shares: the request's page context and actor, the way a change ends
// (post/redirect/get with a notice shown once), the applicant's page with what changed or what was
// wrong, and the "are you sure?" page for an action on it. Built once per app by consoleKit().

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../clock.ts';
import { AppError } from '../../../services/app-error.ts';
import type { Actor, LmaService } from '../../../services/lma-service.ts';
import type { OfficerAccounts } from '../../../services/officer-accounts.ts';
import type { RenderPool } from '../../../services/render-pool.ts';
import type { TokenService } from '../../../services/tokens.ts';
import type { Db } from '../../../store/db.ts';
import { httpStatus } from '../../problem.ts';
import { applicantPage } from './applicant-view.ts';
import type { FormPageOptions, FormValues } from './desk-views.ts';
import { type Dossier, fullName, loadDossier } from './dossier.ts';
import { type FormBody, UUID } from './forms.ts';
import { confirmPage, messagePage, type Notice, type PageContext, pageContext } from './layout.ts';
import { errorText, fill } from './texts.ts';

export interface ConsoleDeps {
  db: Db;
  service: LmaService;
  accounts: OfficerAccounts;
  tokens: TokenService;
  clock: Clock;
  renderPool: RenderPool;
  /** What one card costs (LMA_CARD_COST_SEK), for the saving on the statistics page. */
  cardCostSek: number;
  /** Makes in-memory counts (lookups per day) durable before the statistics read them. */
  flushCounts: () => Promise<void>;
}

export type Req = FastifyRequest<{
  Params: { id: string };
  Body: FormBody;
  Querystring: Record<string, string>;
}>;

export const ctxOf = (request: FastifyRequest): PageContext =>
  pageContext(request.consoleLang, request.consoleSession, request.url);

export const actorOf = (request: FastifyRequest): Actor => ({
  name: `officer:${request.consoleSession?.username ?? 'unknown'}`,
  correlationId: request.id,
});

export const html = (reply: FastifyReply, status: number, page: string) =>
  reply.code(status).type('text/html; charset=utf-8').send(page);

/**
 * The "are you sure?" step (confirmPage), answered 200: `question`, a form posting `values` and
 * confirm=yes to `action` under the button `yes`, and the way back to `backHref`.
 */
export const askFirst = (
  request: FastifyRequest,
  reply: FastifyReply,
  o: { question: string; action: string; values?: Record<string, string>; backHref: string; yes?: string },
) => html(reply, 200, confirmPage(ctxOf(request), o.question, o.action, o.values ?? {}, o.backHref, o.yes));

/** A path inside the console to return to after sign-in or a language change (never another site). */
export function localPath(value: string | undefined): string {
  return value && /^\/officer\/[\x21-\x5b\x5d-\x7e]*$/.test(value) ? value : '/officer/';
}

/** The saved-notice text, with the card it ordered when it ordered one. */
export function withOrder(saved: string, card: { number: string } | null, template: string): string {
  return card?.number ? `${saved} ${fill(template, { number: card.number })}` : saved;
}

export interface ConsoleKit {
  deps: ConsoleDeps;
  /** After a change: remember what changed for the next page, and go there (post/redirect/get). */
  done(request: FastifyRequest, reply: FastifyReply, path: string, notice: Notice): Promise<unknown>;
  /** The notice left by the last action, shown once. */
  takeFlash(request: FastifyRequest): Promise<Notice | null>;
  dossierOf(id: string): Promise<Dossier | null>;
  notFound(request: FastifyRequest, reply: FastifyReply): unknown;
  /** The applicant's page, with what just changed or what was wrong. */
  showApplicant(
    request: FastifyRequest,
    reply: FastifyReply,
    applicantId: string,
    status: number,
    o?: FormPageOptions,
  ): Promise<unknown>;
  /**
   * Runs one service call for the applicant page; a refusal (AppError) shows the page again with the
   * problem named at `fieldFor(error.field)` and the input kept, in the officer's language.
   */
  act(
    request: FastifyRequest,
    reply: FastifyReply,
    applicantId: string,
    run: () => Promise<string | Notice>,
    o?: { values?: FormValues; fieldFor?: (field: string | undefined) => string | null },
  ): Promise<unknown>;
  /** The "are you sure?" page for an action on the applicant's page, naming the applicant. */
  askAboutApplicant(
    request: Req,
    reply: FastifyReply,
    question: string,
    action: string,
    values: Record<string, string>,
    yes: string,
  ): Promise<unknown>;
}

export function consoleKit(deps: ConsoleDeps): ConsoleKit {
  const { db, service, accounts } = deps;

  const done: ConsoleKit['done'] = async (request, reply, path, notice) => {
    if (request.consoleSession) await accounts.setFlash(request.consoleSession, notice);
    return reply.redirect(path, 303);
  };

  const takeFlash: ConsoleKit['takeFlash'] = async (request) => {
    const s = request.consoleSession;
    if (!s?.flash) return null;
    await accounts.setFlash(s, null);
    return s.flash as Notice;
  };

  const dossierOf: ConsoleKit['dossierOf'] = async (id) =>
    UUID.test(id) ? loadDossier(db, id, service.today()) : null;

  const notFound: ConsoleKit['notFound'] = (request, reply) => {
    const ctx = ctxOf(request);
    return html(reply, 404, messagePage(ctx, ctx.t.notFoundTitle, ctx.t.notFound));
  };

  const showApplicant: ConsoleKit['showApplicant'] = async (request, reply, applicantId, status, o = {}) => {
    const d = await dossierOf(applicantId);
    if (!d) return notFound(request, reply);
    return html(reply, status, applicantPage(ctxOf(request), d, o));
  };

  const act: ConsoleKit['act'] = async (request, reply, applicantId, run, o = {}) => {
    try {
      const notice = await run();
      return await done(
        request,
        reply,
        `/officer/applicants/${applicantId}`,
        typeof notice === 'string' ? { kind: 'success', text: notice } : notice,
      );
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
  };

  const askAboutApplicant: ConsoleKit['askAboutApplicant'] = async (
    request,
    reply,
    question,
    action,
    values,
    yes,
  ) => {
    const d = await dossierOf(request.params.id);
    if (!d) return notFound(request, reply);
    const path = `/officer/applicants/${d.applicant.id}`;
    return askFirst(request, reply, {
      question: `${fullName(d.applicant)}: ${question}`,
      action: `${path}/${action}`,
      values,
      backHref: path,
      yes,
    });
  };

  return { deps, done, takeFlash, dossierOf, notFound, showApplicant, act, askAboutApplicant };
}
