// The fast path reads Accept-Language and X-Forwarded-For from the raw header list: the
// value must be what req.headers would give, however the client spells and repeats the header.

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { rawHeader } from '../../src/http/public/fast-path/raw-request.ts';

describe('rawHeader', () => {
  let server: Server;
  let port: number;
  const seen: { raw: (string | undefined)[]; node: (string | string[] | undefined)[] }[] = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const names = ['accept-language', 'x-forwarded-for', 'x-absent'];
      seen.push({ raw: names.map((n) => rawHeader(req, n)), node: names.map((n) => req.headers[n]) });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ask = (headerLines: string) =>
    new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(`GET / HTTP/1.1\r\nHost: x\r\n${headerLines}Connection: close\r\n\r\n`),
      );
      socket.on('data', () => {});
      socket.on('end', () => resolve());
      socket.on('error', reject);
    });

  it('gives what req.headers gives: any case, repeats joined, absent as undefined', async () => {
    await ask('');
    await ask('Accept-Language: ar,sv;q=0.5\r\n');
    await ask('ACCEPT-LANGUAGE: en\r\naccept-language: ti;q=0.9\r\n');
    await ask('X-Forwarded-For: 203.0.113.7, 10.0.0.1\r\nx-forwarded-for: 198.51.100.2\r\n');
    await ask('Accept-Languages: en\r\nAccept-Languag: sv\r\n');
    assert.equal(seen.length, 5);
    for (const { raw, node } of seen) assert.deepEqual(raw, node);
    assert.equal(seen[2]?.raw[0], 'en, ti;q=0.9');
    assert.equal(seen[3]?.raw[1], '203.0.113.7, 10.0.0.1, 198.51.100.2');
  });
});
