// A reference point between the bare server and lmakort (BENCH_REFERENCE=1): Fastify, the framework
// lmakort is built on, answering the same constant body with the same two headers as bench/bare-server.ts
// — no logger, no hooks, no security headers. lmakort minus this is what lmakort itself adds per request.

import Fastify from 'fastify';
import { answerParent, send } from './protocol.ts';

const BODY = '{"result":"valid","atUnd":false,"checkedAt":"2026-06-02T08:00:00.000Z"}';

const app = Fastify({ logger: false, keepAliveTimeout: 72_000 });
// Any path: the benchmark asks every target the same list of status paths.
app.get('/*', (_request, reply) => {
  reply.header('cache-control', 'no-store').type('application/json; charset=utf-8');
  return reply.send(BODY);
});

answerParent(() => app.close());

app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => {
    const address = app.server.address();
    if (address && typeof address === 'object') send({ type: 'ready', port: address.port });
  },
  (error: unknown) => {
    send({ type: 'error', message: String(error) });
    process.exit(1);
  },
);
