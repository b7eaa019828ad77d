// Response heads made once (C6): the bytes on the wire are the headers given, in order,
// exactly as Node's writeHead would write them; a response can neither change them nor pass a bad
// one; and a head Node made is reused only on connections Node would answer with the same head.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  PreparedHeaders,
  preparedHeadersSupported,
} from '../../src/http/public/fast-path/prepared-headers.ts';
import { exchange, get, withoutDate } from '../support/raw-http.ts';

const BODY = '{"a":"b"}';
const HEADERS: [string, string][] = [
  ['cache-control', 'no-store'],
  ['content-security-policy', "default-src 'none'"],
  ['content-type', 'application/json; charset=utf-8'],
  ['content-length', String(BODY.length)],
];

// A body that is not ASCII: its content-length counts UTF-8 bytes.
const UTF8_BODY = '{"å":"ö"}';
const UTF8_HEADERS: [string, string][] = [
  ['content-type', 'application/json; charset=utf-8'],
  ['content-length', String(Buffer.byteLength(UTF8_BODY))],
];

const dateOf = (answer: string) => /\r\nDate: ([^\r]*)\r\n/.exec(answer)?.[1];

describe('prepared headers', { timeout: 10_000 }, () => {
  let headers: PreparedHeaders;
  let utf8Headers: PreparedHeaders;
  /** The same headers with Node's internals left alone (LMA_NODE_INTERNALS=off). */
  let plainHeaders: PreparedHeaders;
  /** How respond wrote each answer: with Node's head, or a learned one to the socket or queued. */
  let how: string[];
  /** Responses that emitted 'finish', as Node's server needs to go on with the connection. */
  let finished: number;
  let server: Server;
  let port: number;
  const afterWrite: string[] = [];

  beforeEach(() => {
    headers = new PreparedHeaders(HEADERS);
    utf8Headers = new PreparedHeaders(UTF8_HEADERS);
    plainHeaders = new PreparedHeaders(HEADERS, { nodeInternals: false });
    how = [];
    finished = 0;
  });

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const status = Number(url.searchParams.get('status') ?? 200);
      const body = url.searchParams.get('body') === 'buffer' ? Buffer.from(BODY) : BODY;
      res.on('finish', () => {
        finished++;
      });
      if (url.pathname === '/respond') {
        how.push(headers.respond(res, status, body));
      } else if (url.pathname === '/plain') {
        how.push(plainHeaders.respond(res, status, body));
      } else if (url.pathname === '/plain-assigned') {
        how.push(plainHeaders.assign(res) ? 'assigned' : 'not assigned');
        res.writeHead(status, plainHeaders.list());
        res.end(body);
      } else if (url.pathname === '/utf8') {
        how.push(utf8Headers.respond(res, status, UTF8_BODY));
      } else if (url.pathname === '/utf8-listed') {
        res.writeHead(status, utf8Headers.list());
        res.end(UTF8_BODY);
      } else if (url.pathname === '/too-short') {
        // A body shorter than its content-length: never sent under a learned head.
        how.push(headers.respond(res, status, BODY.slice(1)));
      } else if (url.pathname === '/assigned') {
        assert.equal(headers.assign(res), true);
        res.writeHead(status);
        // Nothing may change them now: Node refuses, and the shared set stays as it was.
        try {
          res.setHeader('x-late', '1');
        } catch (error) {
          afterWrite.push((error as NodeJS.ErrnoException).code ?? 'error');
        }
        res.end(body);
      } else {
        // Node's own way: the same headers as a list, checked and written by writeHead.
        res.writeHead(status, headers.list());
        res.end(body);
      }
    });
    server.keepAliveTimeout = 72_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  /** One 200 answer on a connection of its own, so Node's head for it is learned before the test. */
  const learnOkHead = async () => {
    const { socket } = await exchange(port, [get('/respond')]);
    socket.destroy();
  };

  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('can be used on this Node (else every answer pays for checking its headers again)', () => {
    assert.equal(preparedHeadersSupported, true);
  });

  it('writes exactly the headers given, in order, as writeHead with the same list would', async () => {
    const { answers, socket } = await exchange(port, [get('/assigned'), get('/listed'), get('/assigned')]);
    socket.destroy();
    const [assigned, listed, again] = answers as [string, string, string];
    assert.equal(withoutDate(assigned), withoutDate(listed));
    assert.match(
      assigned,
      /^HTTP\/1\.1 200 OK\r\ncache-control: no-store\r\ncontent-security-policy: default-src 'none'\r\ncontent-type: application\/json; charset=utf-8\r\ncontent-length: 9\r\nDate: /,
    );
    assert.deepEqual(afterWrite, ['ERR_HTTP_HEADERS_SENT', 'ERR_HTTP_HEADERS_SENT']);
    // A second answer from the same set is the same: the late setHeader changed nothing.
    assert.doesNotMatch(again, /x-late/);
  });

  it('reuses the head Node made for the first answer, byte for byte, with the current Date', async () => {
    const { answers, socket } = await exchange(port, [
      get('/respond'),
      get('/respond'),
      get('/respond?body=buffer'),
      get('/listed'),
    ]);
    socket.destroy();
    // The first answer's head is Node's; the next two are that head again, string body or buffer,
    // written to the socket, and each response finishes as Node's own do.
    assert.deepEqual(how, ['node', 'socket', 'socket']);
    assert.equal(finished, 4);
    const node = withoutDate(answers[3] as string);
    assert.match(node, /\r\nConnection: keep-alive\r\nKeep-Alive: timeout=72\r\n\r\n\{"a":"b"\}$/);
    for (const answer of answers) {
      assert.equal(withoutDate(answer), node);
      const date = dateOf(answer) as string;
      assert.equal(new Date(date).toUTCString(), date);
      assert.ok(Math.abs(Date.parse(date) - Date.now()) < 5_000, date);
    }
  });

  it('a body that is not ASCII is sent as UTF-8, as Node sends it', async () => {
    const { answers, socket } = await exchange(port, [get('/utf8'), get('/utf8'), get('/utf8-listed')]);
    socket.destroy();
    assert.deepEqual(how, ['node', 'socket']);
    assert.equal(withoutDate(answers[1] as string), withoutDate(answers[2] as string));
    assert.ok((answers[1] as string).endsWith(Buffer.from(UTF8_BODY).toString('latin1')));
  });

  it('a body of another length than its content-length is left to Node', async () => {
    await learnOkHead();
    const socket = connect(port, '127.0.0.1', () => socket.write(get('/too-short')));
    await once(socket, 'data');
    socket.destroy();
    assert.deepEqual(how, ['node', 'node']);
  });

  it('learns each status apart (its own status line)', async () => {
    const { answers, socket } = await exchange(port, [
      get('/respond'),
      get('/respond?status=404'),
      get('/respond?status=404&body=buffer'),
      get('/listed?status=404'),
    ]);
    socket.destroy();
    assert.deepEqual(how, ['node', 'node', 'socket']);
    assert.match(answers[1] as string, /^HTTP\/1\.1 404 Not Found\r\n/);
    assert.equal(withoutDate(answers[2] as string), withoutDate(answers[3] as string));
  });

  it('many answers pipelined on one connection each arrive whole, in order', async () => {
    const requests = Array.from({ length: 50 }, (_, i) => get(`/respond?status=${i % 2 ? 404 : 200}`));
    const { answers, socket } = await exchange(port, requests, true);
    socket.destroy();
    assert.equal(answers.length, 50);
    answers.forEach((answer, i) => {
      assert.match(answer, i % 2 ? /^HTTP\/1\.1 404 / : /^HTTP\/1\.1 200 /);
      assert.ok(answer.endsWith(`\r\n\r\n${BODY}`));
    });
    // Those that arrived while another was being answered waited their turn with the response.
    assert.equal(how.filter((h) => h === 'node').length, 2);
    assert.ok(how.includes('queued'), how.join());
    assert.equal(finished, 50);
  });

  it('a connection the client closes gets the head Node writes for it, and is closed', async () => {
    await learnOkHead();
    const closing = await exchange(port, [get('/respond', 'Connection: close\r\n')]);
    await closing.closed;
    assert.deepEqual(how, ['node', 'node']);
    assert.match(closing.answers[0] as string, /\r\nConnection: close\r\n\r\n/);
    assert.doesNotMatch(closing.answers[0] as string, /keep-alive/i);
  });

  it('HTTP/1.0: closed unless it asks to be kept alive, and then as Node answers it', async () => {
    await learnOkHead();
    const plain = await exchange(port, [get('/respond', '', '1.0')]);
    await plain.closed;
    assert.match(plain.answers[0] as string, /\r\nConnection: close\r\n\r\n/);
    const kept = await exchange(port, [
      get('/respond', 'Connection: keep-alive\r\n', '1.0'),
      get('/listed', 'Connection: keep-alive\r\n', '1.0'),
    ]);
    kept.socket.destroy();
    assert.deepEqual(how, ['node', 'node', 'socket']);
    assert.equal(withoutDate(kept.answers[0] as string), withoutDate(kept.answers[1] as string));
  });

  it("follows the server's keep-alive timeout when it changes, through Node", async () => {
    await learnOkHead();
    server.keepAliveTimeout = 5_000;
    try {
      const { answers, socket } = await exchange(port, [get('/respond')]);
      socket.destroy();
      assert.deepEqual(how, ['node', 'node']);
      assert.match(answers[0] as string, /\r\nKeep-Alive: timeout=5\r\n/);
    } finally {
      server.keepAliveTimeout = 72_000;
    }
  });

  it('without Node internals (the fallback): every answer by writeHead, the same bytes on the wire', async () => {
    const { answers, socket } = await exchange(port, [
      get('/plain'),
      get('/plain'),
      get('/plain?body=buffer'),
      get('/plain?status=404'),
      get('/plain-assigned'),
      get('/respond'),
      get('/respond'),
    ]);
    socket.destroy();
    // No store put on a response, no head learned: Node writes each one, however many there are.
    assert.deepEqual(how, ['node', 'node', 'node', 'node', 'not assigned', 'node', 'socket']);
    assert.equal(finished, 7);
    const viaInternals = withoutDate(answers[6] as string);
    for (const i of [0, 1, 2, 4]) assert.equal(withoutDate(answers[i] as string), viaInternals);
    assert.match(answers[3] as string, /^HTTP\/1\.1 404 Not Found\r\ncache-control: no-store\r\n/);
  });

  it('refuses, when built, a name or value Node would refuse, and a name given twice', () => {
    assert.throws(() => new PreparedHeaders([['bad name', 'x']]), { code: 'ERR_INVALID_HTTP_TOKEN' });
    assert.throws(() => new PreparedHeaders([['x-split', 'a\r\nset-cookie: b']]), {
      code: 'ERR_INVALID_CHAR',
    });
    assert.throws(
      () =>
        new PreparedHeaders([
          ['Vary', 'a'],
          ['vary', 'b'],
        ]),
      /given twice/,
    );
  });
});
