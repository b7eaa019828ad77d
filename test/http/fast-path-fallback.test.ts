// The lookup fast path without Node's internals (LMA_NODE_INTERNALS=off, prepared-headers.ts): the
// fallback a Node release that changed them would meet. Its answers are the same bytes, Date aside,
// as with them — on whichever Node runs the suite (CI runs it on the machine's Node and on Node 24).

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config.ts';
import { backends } from '../support/backends.ts';
import { type RunningApp, startApp } from '../support/http.ts';
import { anApplicantWithActiveCard, makeSystem, type TestSystem } from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];

/** Sends the requests one after another on one keep-alive connection; the answers as Latin-1 text. */
function exchange(url: string, paths: string[]): Promise<string[]> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const answers: string[] = [];
    let data = '';
    const ask = () => socket.write(`GET ${paths[answers.length]} HTTP/1.1\r\nHost: x\r\n\r\n`);
    socket.on('connect', ask);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(data.slice(0, end))?.[1] ?? 0);
        if (data.length < end + 4 + length) return;
        answers.push(data.slice(0, end + 4 + length));
        data = data.slice(end + 4 + length);
        if (answers.length === paths.length) {
          socket.destroy();
          resolve(answers);
          return;
        }
        ask();
      }
    });
    socket.on('error', reject);
  });
}

const withoutDate = (answer: string) => answer.replace(/\r\nDate: [^\r]*/, '');

describe('the lookup fast path without Node internals (LMA_NODE_INTERNALS=off)', () => {
  let s: TestSystem;
  let internals: RunningApp;
  let fallback: RunningApp;
  let code: string;

  before(async () => {
    s = await makeSystem(await backend.open());
    internals = await startApp(s);
    fallback = await startApp(s, { nodeInternals: false });
    code = (await anApplicantWithActiveCard(s.service, { birthDate: '1979-09-09' })).code;
  });
  after(async () => {
    await internals.close();
    await fallback.close();
    await s.db.close();
  });

  it('answers status and page lookups with the same bytes, again and again on one connection', async () => {
    // Each path three times: the first answer's head is Node's, later ones reuse it where allowed.
    const paths = [
      `/api/v1/status/${code}`,
      `/k/${code}?lang=en`,
      '/api/v1/status/0000-0000-0000-0',
      '/k/nonsense',
    ].flatMap((p) => [p, p, p]);
    const a = await exchange(internals.url, paths);
    const b = await exchange(fallback.url, paths);
    assert.equal(a.length, paths.length);
    assert.match(a[0] as string, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(a[6] as string, /^HTTP\/1\.1 404 Not Found\r\n/);
    for (let i = 0; i < paths.length; i++)
      assert.equal(withoutDate(b[i] as string), withoutDate(a[i] as string));
  });

  it('LMA_NODE_INTERNALS: on by default, off turns them off, anything else is named', () => {
    assert.equal(parseConfig({}).nodeInternals, true);
    assert.equal(parseConfig({ LMA_NODE_INTERNALS: 'off' }).nodeInternals, false);
    assert.throws(() => parseConfig({ LMA_NODE_INTERNALS: 'no' }), /LMA_NODE_INTERNALS must be on or off/);
  });
});
