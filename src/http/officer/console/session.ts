// Sessions, CSRF and roles for the console, in the /officer scope only.
// - The session id is 256 random bits in a `__Host-` cookie (Secure, HttpOnly, SameSite=Strict,
//   Path=/); the database keeps only its SHA-256 (OfficerAccounts), so another instance knows it too.
// - Every POST must come from our own origin (Origin header) and carry the session's synchronizer
//   token in `_csrf`, compared in constant time. The sign-in form, before any session, uses a
//   double-submit token in its own `__Host-` cookie.
// - Each route says what it needs: `access: 'public' | 'read' | 'write' | 'admin'`.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleSession, OfficerAccounts } from '../../../services/officer-accounts.ts';
import type { OfficerRole } from '../../../store/officer-store.ts';
import type { ConsoleLanguage } from './texts.ts';

/** public: anyone; read: any signed-in role; write: officer, admin; admin: admin; audit: admin, auditor. */
export type Access = 'public' | 'read' | 'write' | 'admin' | 'audit';

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession: ConsoleSession | null;
    consoleLang: ConsoleLanguage;
    /** A session cookie came with the request but named no live session (idle, expired, signed out). */
    sessionLapsed: boolean;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export const SESSION_COOKIE = '__Host-lma-session';
export const SIGN_IN_COOKIE = '__Host-lma-sign-in';
export const LANGUAGE_COOKIE = '__Host-lma-lang';

const ACCESS_BY_ROLE: Record<OfficerRole, ReadonlySet<Access>> = {
  officer: new Set(['public', 'read', 'write']),
  admin: new Set(['public', 'read', 'write', 'admin', 'audit']),
  auditor: new Set(['public', 'read', 'audit']),
};

export function mayAccess(role: OfficerRole, access: Access): boolean {
  return ACCESS_BY_ROLE[role].has(access);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/** A `__Host-` cookie: Secure, HttpOnly, SameSite=Strict, Path=/, no Domain. */
export function hostCookie(name: string, value: string, maxAgeSeconds?: number): string {
  const age = maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${value}; Path=/; Secure; HttpOnly; SameSite=Strict${age}`;
}

export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The origin this request was made to, as a browser writes it in `Origin`. */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * The form came from one of our pages: the browser's Origin is the address this request was made to,
 * or the configured public address (behind a TLS-terminating proxy without LMA_TRUST_PROXY the
 * request itself looks like plain http).
 */
export function isSameOrigin(request: FastifyRequest, publicOrigin: string | null): boolean {
  const origin = request.headers.origin;
  return origin !== undefined && (origin === ownOrigin(request) || origin === publicOrigin);
}

export interface SessionHooks {
  accounts: OfficerAccounts;
  /** The origin of PUBLIC_BASE_URL, also accepted as a form's Origin. */
  publicOrigin: string | null;
  /** Answers a refused request (403 forbidden or CSRF) with a page. */
  refuse(request: FastifyRequest, reply: FastifyReply, why: 'forbidden' | 'csrf'): FastifyReply;
}

export function registerConsoleSessions(app: FastifyInstance, hooks: SessionHooks): void {
  app.decorateRequest('consoleSession', null);
  app.decorateRequest('consoleLang', 'sv');
  app.decorateRequest('sessionLapsed', false);

  app.addHook('onRequest', async (request, reply) => {
    const cookies = parseCookies(request.headers.cookie);
    request.consoleLang = cookies.get(LANGUAGE_COOKIE) === 'en' ? 'en' : 'sv';
    const access = request.routeOptions.config.access ?? 'read';
    const sid = cookies.get(SESSION_COOKIE);
    if (sid) {
      request.consoleSession = await hooks.accounts.resumeSession(sid);
      request.sessionLapsed = request.consoleSession === null;
    }
    if (access === 'public') return;
    const session = request.consoleSession;
    if (!session) {
      const query = new URLSearchParams();
      if (request.sessionLapsed) {
        query.set('lapsed', '1');
        reply.header('set-cookie', hostCookie(SESSION_COOKIE, '', 0));
      }
      if (request.method === 'GET') query.set('next', request.url);
      const search = query.toString();
      return reply.redirect(`/officer/sign-in${search ? `?${search}` : ''}`, 303);
    }
    if (!mayAccess(session.role, access)) return hooks.refuse(request, reply, 'forbidden');
  });

  // CSRF on every POST: our own origin, and the synchronizer token (or, before sign-in, the
  // double-submit token). Checked after the body is parsed, before any handler runs.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const given = (request.body as { _csrf?: unknown } | undefined)?._csrf;
    const expected =
      request.routeOptions.config.access === 'public'
        ? parseCookies(request.headers.cookie).get(SIGN_IN_COOKIE)
        : request.consoleSession?.csrfToken;
    if (!isSameOrigin(request, hooks.publicOrigin) || !expected || !sameToken(given, expected)) {
      request.log.warn({ route: request.routeOptions.url }, 'console form refused: origin or CSRF token');
      return hooks.refuse(request, reply, 'csrf');
    }
  });
}

/** A fresh double-submit token for the sign-in form, set as its own cookie. */
export function issueSignInToken(reply: FastifyReply): string {
  const token = randomBytes(32).toString('base64url');
  reply.header('set-cookie', hostCookie(SIGN_IN_COOKIE, token, 3600));
  return token;
}
