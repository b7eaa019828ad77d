// The console's assets, the language toggle, and signing in and out (sessions: session.ts).

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { signInPage } from './desk-views.ts';
import { type FormBody, text } from './forms.ts';
import { type ConsoleKit, ctxOf, html, localPath } from './kit.ts';
import type { Notice } from './layout.ts';
import { hostCookie, issueSignInToken, LANGUAGE_COOKIE, SESSION_COOKIE, SIGN_IN_COOKIE } from './session.ts';
import { fill } from './texts.ts';

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

export function registerSignInRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { accounts } = kit.deps;
  const { notFound } = kit;
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
}
