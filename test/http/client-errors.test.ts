// Requests Node's HTTP parser refuses before the app sees them are answered like every other
// refusal: problem+json and the security headers (C6), not Node's own {"error":"Bad Request"};
// a request that could be read two ways (smuggling) is refused and nothing after it is read.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { openMemory } from '../../src/store/db.ts';
import { type RunningApp, startApp } from '../support/http.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';

/** Sends raw bytes and reads everything until the server closes the connection. */
function raw(
  url: string,
  bytes: string,
): Promise<{ status: number; headers: string; body: string; answers: number }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.on('data', (d) => {
      text += d;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({
        status: Number(head.split(' ')[1]),
        headers: head.toLowerCase(),
        body,
        answers: (text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length,
      });
    });
  });
}

describe("Node's own refusals", () => {
  let s: TestSystem;
  let web: RunningApp;
  before(async () => {
    s = await makeSystem(await openMemory());
    web = await startApp(s);
  });
  after(async () => {
    await web.close();
    await s.db.close();
  });

  for (const [what, bytes, status] of [
    ['a request line that is not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400],
    [
      'Content-Length and Transfer-Encoding together (request smuggling)',
      'POST /api/v1/applicants HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /officer/ HTTP/1.1\r\nHost: x\r\n\r\n',
      400,
    ],
    ['headers too large', `GET /k/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ] as const) {
    it(`${what}: ${status} problem+json with the security headers`, async () => {
      const r = await raw(web.url, bytes);
      assert.equal(r.status, status);
      assert.match(r.headers, /content-type: application\/problem\+json/);
      assert.match(r.headers, /content-security-policy: default-src 'none'/);
      assert.match(r.headers, /x-content-type-options: nosniff/);
      assert.match(r.headers, /cache-control: no-store/);
      assert.equal(JSON.parse(r.body).status, status);
      assert.equal(r.answers, 1, 'one answer, then the connection is closed');
    });
  }
});
