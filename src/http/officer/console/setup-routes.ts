// First run in the console: /officer/setup/<token>, the one-time link `lmakort serve` prints while no
// administrator exists (services/first-admin.ts). A usable link shows a form for the first
// administrator's username and password; any other link answers 410 with a page saying why.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../services/app-error.ts';
import { FirstAdmin, SETUP_LINK_MINUTES, type SetupLinkState } from '../../../services/first-admin.ts';
import type { FormErrors, FormValues } from './desk-views.ts';
import { text } from './forms.ts';
import { html as markup } from './html.ts';
import { type ConsoleKit, ctxOf, html } from './kit.ts';
import { errorSummary, field, layout, messagePage, type PageContext } from './layout.ts';
import { issueSignInToken } from './session.ts';
import { errorText, fill } from './texts.ts';

/** 256 bits, base64url: anything else is no link of ours. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

type SetupReq = FastifyRequest<{ Params: { token: string }; Body: Record<string, unknown> }>;

function setupPage(
  ctx: PageContext,
  token: string,
  csrf: string,
  values: FormValues,
  errors: FormErrors,
): string {
  const { t } = ctx;
  return layout(
    ctx,
    t.setupTitle,
    markup`<p>${fill(t.setupIntro, { minutes: SETUP_LINK_MINUTES })}</p>${errorSummary(t, errors, {
      username: t.username,
      password: t.password,
    })}<form method="post" action="/officer/setup/${token}" class="narrow" novalidate><input type="hidden" name="_csrf" value="${csrf}">${field(
      {
        name: 'username',
        label: t.username,
        value: values.username,
        error: errors.username,
        required: true,
        autocomplete: 'username',
        maxlength: 40,
        autofocus: true,
      },
    )}${field({
      name: 'password',
      label: t.password,
      hint: t.passwordHint,
      error: errors.password,
      type: 'password',
      required: true,
      autocomplete: 'new-password',
      maxlength: 200,
    })}<div class="actions"><button type="submit" class="primary">${t.setupCreate}</button></div></form>`,
  );
}

export function registerSetupRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const firstAdmin = new FirstAdmin(kit.deps.db, kit.deps.clock);
  const stateOf = (token: string): Promise<SetupLinkState> =>
    TOKEN.test(token) ? firstAdmin.state(token) : Promise.resolve('unknown');
  const refused = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: Exclude<SetupLinkState, 'usable'>,
  ) => {
    const ctx = ctxOf(request);
    return html(reply, 410, messagePage(ctx, ctx.t.setupRefusedTitle, ctx.t[`setupRefused_${state}`]));
  };

  app.get('/setup/:token', { config: { access: 'public' } }, async (request: SetupReq, reply) => {
    const state = await stateOf(request.params.token);
    if (state !== 'usable') return refused(request, reply, state);
    const csrf = issueSignInToken(reply);
    return html(reply, 200, setupPage(ctxOf(request), request.params.token, csrf, {}, {}));
  });

  app.post('/setup/:token', { config: { access: 'public' } }, async (request: SetupReq, reply) => {
    const ctx = ctxOf(request);
    const token = request.params.token;
    const state = await stateOf(token);
    if (state !== 'usable') return refused(request, reply, state);
    const values = { username: text(request.body, 'username').slice(0, 60) };
    try {
      const made = await firstAdmin.createAdmin(token, {
        username: values.username,
        password: text(request.body, 'password'),
      });
      return html(
        reply,
        201,
        layout(
          ctx,
          ctx.t.setupTitle,
          markup`<p data-testid="flash">${fill(ctx.t.setupDone, { username: made.username })}</p><p><a class="button primary" href="/officer/sign-in">${ctx.t.setupSignIn}</a></p>`,
        ),
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'setup_link_refused') {
        const now = await stateOf(token);
        return refused(request, reply, now === 'usable' ? 'used' : now);
      }
      const errors: FormErrors = {
        [error.field ?? 'username']:
          error.field === 'password'
            ? ctx.t.vPassword
            : error.code === 'validation'
              ? ctx.t.vUsername
              : errorText(ctx.lang, error.code, error.message),
      };
      return html(reply, 400, setupPage(ctx, token, issueSignInToken(reply), values, errors));
    }
  });
}
