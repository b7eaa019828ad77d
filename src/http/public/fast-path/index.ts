// The fast path: the two answers every scan asks for (GET /api/v1/status/{code}, GET /k/{code}),
// written straight to the socket before Fastify sees the request. See README.md in this folder.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LookupResponders, PublicResponse } from '../lookup-responders.ts';
import { PreparedHeaders } from './prepared-headers.ts';
import { clientAddressOf, rawHeader } from './raw-request.ts';

export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Prepared header sets kept per kind of answer; any further length is prepared for its answer alone. */
const MAX_PREPARED_LENGTHS = 256;

export interface FastPathOptions {
  /** Headers every response carries (C6). */
  securityHeaders?: Record<string, string>;
  /** Proxies in front whose X-Forwarded-For entries are trusted (LMA_TRUST_PROXY_HOPS). */
  trustedHops?: number;
  /** False (LMA_NODE_INTERNALS=off): every answer is written with writeHead (prepared-headers.ts). */
  nodeInternals?: boolean;
}

/**
 * The handler the server calls first: true when it has answered the request, false to hand it on to
 * Fastify unchanged.
 */
export function makeFastPath(responders: LookupResponders, deps: FastPathOptions): FastPath {
  const { statusResponse, pageResponse } = responders;
  // The same responders, headers and counting as the routes in lookup-routes.ts; Fastify's
  // per-request machinery costs more than the answer itself. Anything unusual (another method, a
  // query on the JSON status, a broken escape, a path with more segments) is left to Fastify, which
  // answers it as it always has.
  // The headers of each kind of answer (a page's CSP, or else its content type) and length,
  // checked once, and the head Node makes from them kept for reuse (prepared-headers.ts). Lengths
  // are few: a code has a fixed length, and only the status-list index and the words of the answer
  // vary.
  const baseHeaders = Object.entries(deps.securityHeaders ?? {});
  const prepared = new Map<string, Map<number, PreparedHeaders>>();
  const preparedFor = (r: PublicResponse, length: number): PreparedHeaders => {
    const key = r.csp ?? r.contentType;
    let byLength = prepared.get(key);
    if (!byLength) {
      byLength = new Map();
      prepared.set(key, byLength);
    }
    let headers = byLength.get(length);
    if (!headers) {
      headers = new PreparedHeaders(
        [
          ...baseHeaders.map(([name, value]): [string, string] => [
            name,
            name === 'content-security-policy' && r.csp ? r.csp : value,
          ]),
          ['content-type', r.contentType],
          ...(r.vary ? [['vary', 'accept-language'] as [string, string]] : []),
          ['content-length', String(length)],
        ],
        { nodeInternals: deps.nodeInternals ?? true },
      );
      if (byLength.size < MAX_PREPARED_LENGTHS) byLength.set(length, headers);
    }
    return headers;
  };
  const write = (res: ServerResponse, r: PublicResponse) => {
    const length = typeof r.body === 'string' ? Buffer.byteLength(r.body) : r.body.length;
    const headers = preparedFor(r, length);
    if (r.retryAfter === 0) {
      headers.respond(res, r.status, r.body);
      return;
    }
    res.writeHead(r.status, [...headers.list(), 'retry-after', String(r.retryAfter)]);
    res.end(r.body);
  };
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const isStatus = url.startsWith('/api/v1/status/');
    const isPage = !isStatus && (url.startsWith('/k/') || url.startsWith('/K/'));
    if (!isStatus && !isPage) return false;
    const q = url.indexOf('?');
    const raw = url.slice(isStatus ? 15 : 3, q < 0 ? undefined : q);
    if (raw === '' || raw.includes('/') || raw.length > 200 || (isStatus && q >= 0)) return false;
    let input: string;
    try {
      input = raw.includes('%') ? decodeURIComponent(raw) : raw;
    } catch {
      return false;
    }
    const ip = clientAddressOf(req, deps.trustedHops ?? 0);
    if (isStatus) {
      write(res, statusResponse(input, ip));
    } else {
      const lang = q < 0 ? undefined : (new URLSearchParams(url.slice(q + 1)).get('lang') ?? undefined);
      write(res, pageResponse(input, ip, lang, rawHeader(req, 'accept-language')));
    }
    return true;
  };
}
