// Headers checked once and handed to Node ready to write (issue 6, C6): the bytes on the wire are
// the headers given, in order, and a response can neither change them nor pass a bad one.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PreparedHeaders, preparedHeadersSupported } from '../../src/http/public/prepared-headers.ts';

/** The raw response head, as a client reads it off the socket. */
function rawHead(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(data.slice(0, data.indexOf('\r\n\r\n'))));
    socket.on('error', reject);
  });
}

describe('prepared headers', () => {
  const headers = new PreparedHeaders([
    ['cache-control', 'no-store'],
    ['content-security-policy', "default-src 'none'"],
    ['content-type', 'application/json; charset=utf-8'],
    ['content-length', '2'],
  ]);
  let server: Server;
  let port: number;
  const afterWrite: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/prepared') {
        assert.equal(headers.assign(res), true);
        res.writeHead(200);
        // Nothing may change them now: Node refuses, and the shared set stays as it was.
        try {
          res.setHeader('x-late', '1');
        } catch (error) {
          afterWrite.push((error as NodeJS.ErrnoException).code ?? 'error');
        }
      } else {
        res.writeHead(200, headers.list());
      }
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('can be used on this Node (else every answer pays for checking its headers again)', () => {
    assert.equal(preparedHeadersSupported, true);
  });

  it('writes exactly the headers given, in order, as writeHead with the same list would', async () => {
    const prepared = await rawHead(port, '/prepared');
    const listed = await rawHead(port, '/listed');
    const withoutDate = (head: string) => head.replace(/\r\nDate: [^\r]*/, '');
    assert.equal(withoutDate(prepared), withoutDate(listed));
    assert.match(
      prepared,
      /^HTTP\/1\.1 200 OK\r\ncache-control: no-store\r\ncontent-security-policy: default-src 'none'\r\ncontent-type: application\/json; charset=utf-8\r\ncontent-length: 2\r\nDate: /,
    );
    assert.deepEqual(afterWrite, ['ERR_HTTP_HEADERS_SENT']);
    // A second answer from the same set is the same: the late setHeader changed nothing.
    assert.doesNotMatch(await rawHead(port, '/prepared'), /x-late/);
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
