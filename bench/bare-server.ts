// The baseline: a bare node:http server answering one constant JSON body with the headers the status
// route's answer is judged by (content type, no-store, a content length rather than chunking).
// Run by bench/lookup.ts in its own process, so it does not share an event loop with the load generator.

import { createServer } from 'node:http';
import { SECURITY_HEADERS } from '../src/http/plugins/security.ts';
import { answerParent, send } from './protocol.ts';

const BODY = Buffer.from('{"result":"valid","atUnd":false,"checkedAt":"2026-06-02T08:00:00.000Z"}');
// BENCH_BARE_HEADERS=all also sends the C6 security headers lmakort adds to every response (the
// very same object, so the bytes on the wire match).
const ALL = process.env.BENCH_BARE_HEADERS === 'all';
const HEADERS: Record<string, string | number> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'content-length': BODY.length,
  ...(ALL ? SECURITY_HEADERS : {}),
};

const server = createServer((_req, res) => {
  res.writeHead(200, HEADERS);
  res.end(BODY);
});
server.keepAliveTimeout = 72_000;

answerParent(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') send({ type: 'ready', port: address.port });
});
