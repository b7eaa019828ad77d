// The verifier app at /verify: a static app shell — page, ES modules, styles, texts in eight
// languages, the guidance rulebooks, a web app manifest and a service worker — all served by us (the
// QR decoder too, from node_modules), read into memory once at start. Answers come from the public
// status API (C5, C9) as for anyone else; nothing here sees a code, a role or a receipt, and nothing
// here is logged (P1). Headers: the verifier's own strict CSP and camera=(self), on /verify only.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VERIFY_SECURITY_HEADERS } from '../plugins/security.ts';
import { problem } from '../problem.ts';
import { GUIDANCE_CASES, GuidancePages } from './guidance-page.ts';
import { type AnswerCase, LANGUAGES, ROLES, type Role, type Rulebooks } from './rulebooks.ts';

export interface VerifyDeps {
  /** PUBLIC_BASE_URL: the only address a card's QR code may point to. */
  publicBaseUrl: string;
  rulebooks: Rulebooks;
}

const HERE = fileURLToPath(new URL('./', import.meta.url));
const ASSETS_DIR = join(HERE, 'assets');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function asset(body: Buffer | string, type: string): Asset {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    body: bytes,
    type,
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`,
  };
}

/** Every file under assets/ the browser may load (the .d.ts files are for the server's tests only). */
function readAssets(): Map<string, Asset> {
  const found = new Map<string, Asset>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name !== 'sw.js' && !entry.name.endsWith('.d.ts') && TYPES[extname(entry.name)])
        found.set(
          `/verify/assets/${relative(ASSETS_DIR, path)}`,
          asset(readFileSync(path), TYPES[extname(entry.name)] as string),
        );
    }
  };
  walk(ASSETS_DIR);
  // jsQR, for browsers without BarcodeDetector: served from node_modules, never from a CDN.
  const jsqr = createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js');
  found.set('/verify/assets/vendor/jsqr.js', asset(readFileSync(jsqr), TYPES['.js'] as string));
  return found;
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Builds every response of the app once; the service worker's version is a hash of all of them. */
export function buildVerifyFiles(deps: VerifyDeps): Map<string, Asset> {
  const files = readAssets();
  const page = readFileSync(join(HERE, 'page.html'), 'utf8').replace(
    '{{BASE_URL}}',
    escapeAttribute(deps.publicBaseUrl),
  );
  files.set('/verify', asset(page, 'text/html; charset=utf-8'));
  // The rulebooks as the page needs them: all roles at once, so the server never learns which is used.
  const roles = Object.fromEntries(
    ROLES.map((role) => {
      const { file: _file, ...book } = deps.rulebooks[role];
      return [role, book];
    }),
  );
  files.set('/verify/guidance.json', asset(JSON.stringify({ roles }), TYPES['.json'] as string));
  files.set(
    '/verify/manifest.webmanifest',
    asset(
      JSON.stringify({
        name: 'LMA-kort – kontroll',
        short_name: 'LMA-kontroll',
        description: 'Kontrollera ett LMA-kort: skanna QR-koden eller skriv koden.',
        lang: 'sv',
        id: '/verify',
        start_url: '/verify',
        scope: '/verify',
        display: 'standalone',
        background_color: '#f4f4f2',
        theme_color: '#0b3d91',
        icons: [
          { src: '/verify/assets/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/verify/assets/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/verify/assets/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      }),
      'application/manifest+json; charset=utf-8',
    ),
  );
  const shell = [...files.keys()].sort();
  const version = createHash('sha256');
  for (const path of shell) version.update(path).update((files.get(path) as Asset).body);
  const worker = readFileSync(join(ASSETS_DIR, 'sw.js'), 'utf8')
    .replace(/^const VERSION = .*$/m, `const VERSION = '${version.digest('base64url').slice(0, 16)}';`)
    .replace(/^const SHELL = .*$/m, `const SHELL = ${JSON.stringify(shell)};`);
  files.set('/verify/sw.js', asset(worker, TYPES['.js'] as string));
  return files;
}

export function registerVerifyApp(app: FastifyInstance, deps: VerifyDeps): void {
  const files = buildVerifyFiles(deps);
  const guidance = new GuidancePages(deps.rulebooks);
  void app.register(async (scope) => {
    // After the global headers (security.ts): this scope's CSP allows our own scripts and the camera.
    scope.addHook('onRequest', (_request, reply, done) => {
      reply.headers(VERIFY_SECURITY_HEADERS);
      done();
    });
    const serve = (request: FastifyRequest, reply: FastifyReply, path: string) => {
      const file = files.get(path);
      if (!file) {
        reply.code(404).type('application/problem+json; charset=utf-8');
        return reply.send(
          JSON.stringify({
            type: 'urn:lmakort:problem:not_found',
            title: 'Not Found',
            status: 404,
            detail: 'There is nothing at this address.',
            code: 'not_found',
          }),
        );
      }
      // The shell may be cached (the service worker keeps it), but is revalidated so updates show.
      reply.header('cache-control', 'no-cache').header('etag', file.etag);
      if (path === '/verify/sw.js') reply.header('service-worker-allowed', '/verify');
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    };
    // Documented with the API, as static files (their content is the app itself, not an interface).
    const doc = (summary: string, type = 'text/html') => ({
      schema: {
        tags: ['verifier'],
        summary,
        response: { 200: { description: summary, content: { [type]: { schema: { type: 'string' } } } } },
      },
    });
    const summary =
      'The verifier app; ?mode=till for a hand scanner, ?lang=sv|en|ar|fa|ti|so|uk|ru, ?role= presets ' +
      'the role; with ?role=&answer= the guidance for that answer, rendered on the server (no script needed)';
    scope.get<{ Querystring: { role?: Role; answer?: AnswerCase; lang?: (typeof LANGUAGES)[number] } }>(
      '/verify',
      {
        schema: {
          ...doc(summary).schema,
          querystring: {
            type: 'object',
            properties: {
              role: { type: 'string', enum: [...ROLES] },
              answer: { type: 'string', enum: [...GUIDANCE_CASES] },
              lang: { type: 'string', enum: [...LANGUAGES] },
              mode: { type: 'string', enum: ['till'] },
            },
          },
        },
      },
      (request, reply) => {
        const { role, answer, lang = 'sv' } = request.query;
        if (answer === undefined) return serve(request, reply, '/verify');
        if (role === undefined)
          return problem(
            reply,
            400,
            'validation',
            'Bad request',
            'querystring field "role" is required with "answer"',
            {
              code: 'validation',
              field: 'role',
              in: 'querystring',
            },
          );
        if (!guidance.has(role, answer))
          return problem(
            reply,
            400,
            'validation',
            'Bad request',
            `the ${role} rulebook has no guidance for "${answer}"`,
            {
              code: 'validation',
              field: 'answer',
              in: 'querystring',
            },
          );
        reply.header('cache-control', 'no-cache');
        return reply.type('text/html; charset=utf-8').send(guidance.page(role, answer, lang));
      },
    );
    scope.get('/verify/', doc('Redirects to /verify'), (_request, reply) => reply.redirect('/verify', 301));
    scope.get(
      '/verify/sw.js',
      doc('Its service worker (caches the app shell only)', 'text/javascript'),
      (request, reply) => serve(request, reply, '/verify/sw.js'),
    );
    scope.get(
      '/verify/manifest.webmanifest',
      doc('Its web app manifest', 'application/manifest+json'),
      (request, reply) => serve(request, reply, '/verify/manifest.webmanifest'),
    );
    scope.get(
      '/verify/guidance.json',
      doc('The guidance rulebooks of every role (LMA_RULEBOOK_DIR)', 'application/json'),
      (request, reply) => serve(request, reply, '/verify/guidance.json'),
    );
    // Named folders rather than a wildcard, so each route is a plain {file} in the API document.
    for (const folder of ['', 'i18n/', 'vendor/']) {
      scope.get<{ Params: { file: string } }>(
        `/verify/assets/${folder}:file`,
        doc(
          `The app's ${folder ? `${folder.slice(0, -1)} ` : ''}files (scripts, styles, texts, icons; jsQR from node_modules)`,
          'application/octet-stream',
        ),
        (request, reply) => serve(request, reply, `/verify/assets/${folder}${request.params.file}`),
      );
    }
  });
}
