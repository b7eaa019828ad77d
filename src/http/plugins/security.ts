// C6 and S3 headers on every response, registered first in app.ts: nothing cached, no referrer, no
// framing, nothing loaded from anywhere but the page itself, no cookies ever set by these surfaces.

import type { FastifyInstance } from 'fastify';

/** What every public answer allows besides its default-src: no framing, no base, forms to us only. */
const PUBLIC_DIRECTIVES = [
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
];

/**
 * Every public answer that is not a page (JSON, problems, status lists): nothing may load at all.
 * The public pages send pageContentSecurityPolicy with the styles they may use instead.
 */
export const CONTENT_SECURITY_POLICY = ["default-src 'none'", ...PUBLIC_DIRECTIVES].join('; ');

/**
 * A public page's CSP (C4, C6): the same, plus the styles it may use — `'self'` for the lookup pages'
 * stylesheet, or the hash of a page's one inline style block.
 */
export function pageContentSecurityPolicy(styleHash: string): string {
  return ["default-src 'none'", `style-src ${styleHash}`, ...PUBLIC_DIRECTIVES].join('; ');
}

/**
 * The verifier app (/verify) runs our own scripts: everything from 'self' only, no inline
 * script or style, fetches to us only (C6). Its service worker and QR decoder worker are ours too.
 */
export const VERIFY_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PERMISSIONS = 'microphone=(), geolocation=()';

export const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': `camera=(), ${PERMISSIONS}`,
};

/** The same headers for /verify: its own CSP, and the camera allowed to our own pages only (QR scanning). */
export const VERIFY_SECURITY_HEADERS: Record<string, string> = {
  ...SECURITY_HEADERS,
  'content-security-policy': VERIFY_CONTENT_SECURITY_POLICY,
  'permissions-policy': `camera=(self), ${PERMISSIONS}`,
};

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}

/**
 * The officer console (/officer/) loads its own stylesheet and script from us and nothing
 * else: no inline script or style, no other origin. Referrer-Policy same-origin so browsers send
 * the Origin header the console's CSRF check needs (no-referrer makes it "null"); camera for the
 * photo capture on this origin only. Everything else as on every response.
 */
export const OFFICER_CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const OFFICER_CONSOLE_HEADERS: Record<string, string> = {
  ...SECURITY_HEADERS,
  'content-security-policy': OFFICER_CONSOLE_CSP,
  'referrer-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
};

/** In the console's scope: its headers replace the public ones set by registerSecurityHeaders. */
export function registerOfficerConsoleHeaders(scope: FastifyInstance): void {
  scope.addHook('onRequest', (_request, reply, done) => {
    reply.headers(OFFICER_CONSOLE_HEADERS);
    done();
  });
}
