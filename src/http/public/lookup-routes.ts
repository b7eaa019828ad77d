// C4, C5: the public lookup's routes in Fastify — the page, the JSON status and the form — with the
// OpenAPI description. The answers come from lookup-responders.ts; the fast path (fast-path/) answers
// the common requests before Fastify sees them, with the same responders.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseEntrySegment } from '../../domain/status-list.ts';
import { RECEIPT_TYP } from '../../services/receipt.ts';
import { type FastPath, makeFastPath } from './fast-path/index.ts';
import { LOOKUP_PAGE_SECURITY_POLICY, LOOKUP_STYLESHEET, renderFormPage } from './lookup-page.ts';
import { lookupResponders, type PublicDeps, type PublicResponse } from './lookup-responders.ts';
import { chooseLanguage } from './texts.ts';

export type { PublicDeps } from './lookup-responders.ts';

// For the OpenAPI document (the answers themselves are written by hand below, byte for byte).
const statusAnswer = {
  type: 'object',
  required: ['result', 'atUnd', 'checkedAt'],
  properties: {
    result: { type: 'string', enum: ['valid', 'not_valid', 'unknown'] },
    atUnd: { type: 'boolean' },
    checkedAt: { type: 'string', format: 'date-time' },
    specimen: {
      type: 'boolean',
      enum: [true],
      description: 'present (true) only for a specimen (training) card; the result is its real answer',
    },
    receipt: {
      type: 'string',
      description:
        'only with ?receipt=1 (C9): a compact JWS (EdDSA/Ed25519, header {alg, kid, typ:"lma-receipt+jws"}) ' +
        'over {"code","result","atUnd","checkedAt"} (+ "specimen":true for specimen cards); verify it with ' +
        'the key named by kid at /.well-known/jwks.json. Nothing about it is stored.',
    },
    statusListCredential: {
      type: 'string',
      format: 'uri',
      description: 'valid and not_valid only: the status list holding this card (docs/status-list.md)',
    },
    statusListIndex: {
      type: 'string',
      pattern: '^[0-9]+$',
      description: 'valid and not_valid only: the card’s entry in that list, base 10',
    },
  },
} as const;
const statusProblem = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'checkedAt'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    result: { type: 'string', enum: ['malformed'] },
    checkedAt: { type: 'string', format: 'date-time' },
  },
} as const;
const problemContent = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: statusProblem } },
});
const STATUS_SCHEMA = {
  tags: ['public'],
  summary: 'Is this card valid now? (C5, R11)',
  querystring: {
    type: 'object',
    properties: {
      receipt: {
        type: 'string',
        enum: ['1'],
        description: '1: add a signed receipt of this answer (C9); not on 400, 429 or 503',
      },
    },
  },
  params: {
    type: 'object',
    properties: {
      code: { type: 'string', description: 'the card code, any case, hyphens and spaces ignored' },
    },
  },
  response: {
    200: { description: 'valid or not_valid', content: { 'application/json': { schema: statusAnswer } } },
    404: {
      description: 'unknown: a well-formed code that matches no card',
      content: { 'application/json': { schema: statusAnswer } },
    },
    400: problemContent('malformed: not a code, or the check character does not match'),
    429: problemContent('too many unknown or malformed answers for this client; see Retry-After'),
    503: problemContent('the service cannot answer truthfully now; show "could not check"'),
  },
};

export function publicLookupRoutes(app: FastifyInstance, deps: PublicDeps): FastPath {
  const { statusResponse, pageResponse } = lookupResponders(deps);

  const send = (reply: FastifyReply, r: PublicResponse) => {
    reply.code(r.status).type(r.contentType);
    if (r.retryAfter > 0) reply.header('retry-after', String(r.retryAfter));
    if (r.vary) reply.header('vary', 'accept-language');
    if (r.csp) reply.header('content-security-policy', r.csp);
    return reply.send(r.body);
  };

  app.get<{ Params: { code: string }; Querystring: { receipt?: string } }>(
    '/api/v1/status/:code',
    { schema: STATUS_SCHEMA },
    async (request, reply) => {
      const wanted = request.query.receipt === '1' && deps.keys !== undefined;
      const response = statusResponse(request.params.code, request.ip, wanted);
      if (wanted && response.receiptPayload && deps.keys) {
        // C9, P1: signed for this answer only; neither the receipt nor its code is kept or logged.
        const receipt = await deps.keys.sign(response.receiptPayload, RECEIPT_TYP);
        response.body = `${response.body.slice(0, -1)},"receipt":"${receipt}"}`;
      }
      return send(reply, response);
    },
  );

  const page = (
    request: FastifyRequest<{ Querystring: { lang?: string } }>,
    reply: FastifyReply,
    input: string,
  ) => send(reply, pageResponse(input, request.ip, request.query.lang, request.headers['accept-language']));

  const byPath = (
    request: FastifyRequest<{ Params: { code: string }; Querystring: { lang?: string } }>,
    reply: FastifyReply,
  ) => page(request, reply, request.params.code);
  app.get('/k/:code', byPath);
  // C2: the QR code carries the URL in upper case (QR alphanumeric mode).
  app.get('/K/:code', byPath);
  // The QR adds the card's status-list entry, /K/{code}/{list}.{index}; answered as /k/{code}.
  const withEntry = (
    request: FastifyRequest<{ Params: { code: string; entry: string }; Querystring: { lang?: string } }>,
    reply: FastifyReply,
  ) =>
    parseEntrySegment(request.params.entry)
      ? page(request, reply, request.params.code)
      : reply.callNotFound();
  app.get('/k/:code/:entry', withEntry);
  app.get('/K/:code/:entry', withEntry);

  const form = (
    request: FastifyRequest<{ Querystring: { lang?: string; code?: string } }>,
    reply: FastifyReply,
  ) => {
    const code = request.query.code;
    if (typeof code === 'string' && code.trim() !== '') return page(request, reply, code);
    const lang = chooseLanguage(request.query.lang, request.headers['accept-language']);
    reply.header('vary', 'accept-language').header('content-security-policy', LOOKUP_PAGE_SECURITY_POLICY);
    return reply.type('text/html; charset=utf-8').send(renderFormPage(lang));
  };
  app.get('/k/', form);
  app.get('/K/', form);
  app.get('/k', (_request, reply) => reply.redirect('/k/', 301));
  // The pages' one stylesheet. Its address is its hash, so it may be kept for a year: the one public
  // answer besides the status lists and the keys that a cache may hold, and it says nothing about any
  // card or lookup (C6: answers themselves stay no-store).
  app.get(LOOKUP_STYLESHEET.path, (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type('text/css; charset=utf-8')
      .send(LOOKUP_STYLESHEET.css),
  );
  app.get('/', (_request, reply) => reply.redirect('/k/', 302));

  return makeFastPath({ statusResponse, pageResponse }, deps);
}
