// The lookup fast path without Node's internals (LMA_NODE_INTERNALS=off, prepared-headers.ts): the
// fallback a Node release that changed them would meet. Its answers are the same bytes, Date aside,
// as with them — on whichever Node runs the suite (CI runs it on the machine's Node and on Node 24).

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config.ts';
import { backends } from '../support/backends.ts';
import { appsOn, type RunningApp } from '../support/http.ts';
import { exchange, get, withoutDate } from '../support/raw-http.ts';
import { anApplicantWithActiveCard } from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];

/** The answers to `paths` asked one after another on one keep-alive connection, in Latin-1. */
async function answersTo(app: RunningApp, paths: string[]): Promise<string[]> {
  const { socket, answers } = await exchange(
    Number(new URL(app.url).port),
    paths.map((p) => get(p)),
  );
  socket.destroy();
  return answers;
}

describe('the lookup fast path without Node internals (LMA_NODE_INTERNALS=off)', () => {
  const f = appsOn(backend, [{}, { nodeInternals: false }]);
  let code: string;

  before(async () => {
    code = (await anApplicantWithActiveCard(f.s.service, { birthDate: '1979-09-09' })).code;
  });

  it('answers status and page lookups with the same bytes, again and again on one connection', async () => {
    // Each path three times: the first answer's head is Node's, later ones reuse it where allowed.
    const paths = [
      `/api/v1/status/${code}`,
      `/k/${code}?lang=en`,
      '/api/v1/status/0000-0000-0000-0',
      '/k/nonsense',
    ].flatMap((p) => [p, p, p]);
    const [internals, fallback] = f.webs as [RunningApp, RunningApp];
    const a = await answersTo(internals, paths);
    const b = await answersTo(fallback, paths);
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
