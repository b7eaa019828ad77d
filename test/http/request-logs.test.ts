// Logs an operator can follow: every officer request is one JSON line with its request id (the
// client's X-Request-Id when well-formed, else a new one), given back in the response; public
// requests — lookups, pages, status lists, the verifier app — write no line at all (P1).

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { backends } from '../support/backends.ts';
import { appOn, officerClient, type RunningApp, status } from '../support/http.ts';
import { anApplicantWithActiveCard } from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];

/** The log's JSON lines. */
const lines = (running: RunningApp) =>
  running.logs
    .join('')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('request logs', () => {
  const f = appOn(backend);
  let code: string;

  before(async () => {
    code = (await anApplicantWithActiveCard(f.s.service, { birthDate: '1970-07-07' })).code;
  });

  it('an officer request is one line with its request id, the one the client sent, given back', async () => {
    f.web.logs.length = 0;
    const api = officerClient(f.web);
    const r = await api.call('GET', '/applicants?dossierNumber=99-999998', undefined, {
      'x-request-id': 'case-4711.retry-2',
    });
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('x-request-id'), 'case-4711.retry-2');
    const logged = lines(f.web).filter((l) => l.msg === 'officer request');
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.reqId, 'case-4711.retry-2');
    assert.equal(logged[0]?.status, 404);
    assert.equal(logged[0]?.route, '/api/v1/applicants');
  });

  it('without a usable X-Request-Id the server makes one, logs it and gives it back', async () => {
    f.web.logs.length = 0;
    const api = officerClient(f.web);
    const r = await api.call('GET', '/applicants?dossierNumber=99-999997', undefined, {
      'x-request-id': 'not allowed: spaces and colons',
    });
    const id = r.headers.get('x-request-id') ?? '';
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      lines(f.web)
        .filter((l) => l.msg === 'officer request')
        .map((l) => l.reqId),
      [id],
    );
    assert.ok(!f.web.logs.join('').includes('not allowed'));
  });

  it('P1: public requests write no log line at all, and carry no request id', async () => {
    f.web.logs.length = 0;
    const paths = [
      `/api/v1/status/${code}`,
      `/api/v1/status/${code}?receipt=1`,
      '/api/v1/status/0000-0000-0000-0',
      `/k/${code}`,
      `/K/${code}?lang=en`,
      '/k/',
      '/k/nonsense',
      '/status-lists',
      '/verify',
      '/.well-known/jwks.json',
    ];
    for (const path of paths) {
      const res = await fetch(`${f.web.url}${path}`, { headers: { 'x-request-id': 'public-trace-1' } });
      await res.arrayBuffer();
      assert.equal(res.headers.get('x-request-id'), null, path);
    }
    assert.equal((await status(f.web, code)).status, 200);
    assert.deepEqual(lines(f.web), [], 'no log line for a public request');
  });
});
