// The server's protection against clients that stall: every connection has a 30 s inactivity timeout
// from its start and while the app handles a request, Node's keep-alive timeout between requests, and
// requestTimeout and headersTimeout bound how long a request may take to arrive.

import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { openMemory } from '../../src/store/db.ts';
import { type RunningApp, startApp } from '../support/http.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';

/** One kept-alive connection: send a request, get the whole answer. */
function keepAlive(url: string) {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  let text = '';
  let waiting: ((answer: string) => void) | null = null;
  socket.on('data', (d) => {
    text += d;
    const end = text.indexOf('\r\n\r\n');
    const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0);
    if (end >= 0 && Buffer.byteLength(text) >= end + 4 + length && waiting) {
      const answer = text;
      text = '';
      waiting(answer);
    }
  });
  return {
    get: (path: string) =>
      new Promise<string>((resolve) => {
        waiting = resolve;
        socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      }),
    close: () => socket.destroy(),
  };
}

describe('socket timeouts', () => {
  let s: TestSystem;
  let web: RunningApp;
  const onConnect: number[] = [];
  const onRequest: [string, number][] = [];
  let lastSocket: Socket | null = null;
  before(async () => {
    s = await makeSystem(await openMemory());
    web = await startApp(s);
    // Listeners added after the app's own: they see what the app left.
    web.app.server.on('connection', (socket: Socket) => {
      lastSocket = socket;
      onConnect.push(socket.timeout ?? 0);
    });
    web.app.server.on('request', (req: IncomingMessage) => {
      onRequest.push([req.url ?? '', req.socket.timeout ?? 0]);
    });
  });
  after(async () => {
    await web.close();
    s.statusLists.stop();
    await s.db.close();
  });

  it('30 s from the connection, while the app handles each request, keep-alive between requests', async () => {
    const c = keepAlive(web.url);
    try {
      assert.match(await c.get('/api/openapi.json'), /^HTTP\/1\.1 200 /);
      assert.equal(onConnect.at(-1), 30_000, 'a new connection');
      assert.match(await c.get('/k/'), /^HTTP\/1\.1 /);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(
        lastSocket?.timeout,
        73_000,
        "after an answer: Node's keep-alive timeout, 72 s and a second",
      );
      assert.match(await c.get('/api/openapi.json'), /^HTTP\/1\.1 200 /);
      assert.match(await c.get('/api/openapi.json'), /^HTTP\/1\.1 200 /);
      assert.deepEqual(
        onRequest.filter(([url]) => url === '/api/openapi.json').map(([, timeout]) => timeout),
        [30_000, 30_000, 30_000],
        'every request the app handles, the first and those on a kept-alive connection',
      );
    } finally {
      c.close();
    }
  });

  it('a request must arrive within 15 s, its headers within a minute', () => {
    assert.equal(web.app.server.requestTimeout, 15_000);
    assert.ok(web.app.server.headersTimeout <= 60_000);
    assert.equal(web.app.server.keepAliveTimeout, 72_000);
  });
});
