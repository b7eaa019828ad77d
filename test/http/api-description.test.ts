// The officer API describes itself (C7): every operation in the OpenAPI document has a summary, a tag,
// its success and error answers, and the Idempotency-Key header where a write takes one — and a whole
// card lifecycle driven through the API finds every real answer, success and refusal, matching the
// schema the document declares for that status.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { backends } from '../support/backends.ts';
import { appOn, type Json } from '../support/http.ts';
import { PHOTO } from '../support/system.ts';

const TAGS = new Set(['public', 'applicants', 'cards', 'documents', 'admin']);
const WRITES = new Set(['post', 'put', 'delete']);

const backend = backends[0] as (typeof backends)[number];

describe('the officer API describes itself', () => {
  const f = appOn(backend);
  let doc: Json;

  before(async () => {
    doc = await (await fetch(`${f.web.url}/api/openapi.json`)).json();
  });

  const operations = () =>
    Object.entries(doc.paths as Record<string, Record<string, Json>>)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

  it('every operation: a summary, a tag, a success answer, its error answers, and Idempotency-Key on writes', () => {
    const problems: string[] = [];
    for (const { path, method, op } of operations()) {
      const name = `${method.toUpperCase()} ${path}`;
      if (!op.summary) problems.push(`${name}: no summary`);
      if (!op.tags?.length || !op.tags.every((t: string) => TAGS.has(t))) problems.push(`${name}: tag`);
      const codes = Object.keys(op.responses ?? {});
      if (!codes.some((c) => c.startsWith('2'))) problems.push(`${name}: no success answer`);
      if (!codes.some((c) => c.startsWith('4'))) problems.push(`${name}: no error answer`);
      // The open lookup and the holder's own API are public: no token, no Idempotency-Key.
      const officer = !path.startsWith('/api/v1/status/') && !path.startsWith('/api/v1/holder/');
      if (officer && !codes.includes('401')) problems.push(`${name}: 401 not declared`);
      const idempotency = (op.parameters ?? []).some(
        (p: Json) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key',
      );
      if (officer && WRITES.has(method) && !path.startsWith('/api/v1/tokens') && !idempotency)
        problems.push(`${name}: Idempotency-Key not declared`);
    }
    assert.deepEqual(problems, []);
    assert.ok(doc.paths['/api/v1/applicants'].post.responses['201'], 'registering declares 201');
  });

  it('a lifecycle through the API: every operation answered as its schema says', async () => {
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    const seen = new Set<string>();
    const mismatches: string[] = [];
    let key = 0;
    const call = async (
      method: string,
      template: string,
      path: string,
      o: { body?: unknown; raw?: Buffer; type?: string; admin?: boolean; expect?: number } = {},
    ) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${o.admin ? f.web.adminToken : f.web.officerToken}`,
      };
      if (method !== 'GET') headers['idempotency-key'] = `api-description-${++key}`;
      if (o.raw) headers['content-type'] = o.type ?? 'image/png';
      else if (o.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${f.web.url}/api/v1${path}`, {
        method,
        headers,
        body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
      });
      const name = `${method} /api/v1${template}`;
      seen.add(name);
      if (o.expect !== undefined) assert.equal(res.status, o.expect, `${name}: ${res.status}`);
      const op = doc.paths[`/api/v1${template}`]?.[method.toLowerCase()];
      const declared = op?.responses?.[String(res.status)];
      const type = (res.headers.get('content-type') ?? '').split(';')[0] as string;
      const bytes = Buffer.from(await res.arrayBuffer());
      if (!declared) {
        mismatches.push(`${name}: ${res.status} not declared`);
        return { status: res.status, body: null as Json };
      }
      if (res.status === 204 && !declared.content) return { status: res.status, body: null as Json };
      const media = declared.content?.[type];
      if (!media) {
        mismatches.push(
          `${name} ${res.status}: ${type} not declared (${Object.keys(declared.content ?? {})})`,
        );
        return { status: res.status, body: null as Json };
      }
      if (!type.endsWith('json')) return { status: res.status, body: bytes };
      const body = bytes.length ? JSON.parse(bytes.toString('utf8')) : null;
      if (media.schema && !ajv.validate(media.schema, body))
        mismatches.push(
          `${name} ${res.status}: ${ajv.errorsText()} in ${JSON.stringify(body).slice(0, 300)}`,
        );
      return { status: res.status, body };
    };

    const made = await call('POST', '/applicants', '/applicants', {
      body: {
        givenName: 'Meron',
        familyName: 'Tesfay',
        birthDate: '1996-08-14',
        nationality: 'ERI',
        language: 'ti',
      },
      expect: 201,
    });
    const id = made.body.id as string;
    await call('POST', '/applicants', '/applicants', { body: { givenName: 'Meron' }, expect: 400 });
    await call('GET', '/applicants', `/applicants?dossierNumber=${made.body.dossierNumber}`, { expect: 200 });
    await call('GET', '/applicants', '/applicants?dossierNumber=99-999999', { expect: 404 });
    await call('GET', '/applicants/{id}', `/applicants/${id}`, { expect: 200 });
    await call('GET', '/applicants/{id}/extract', `/applicants/${id}/extract`, { expect: 200 });
    await call('GET', '/applicants/{id}/extract.pdf', `/applicants/${id}/extract.pdf`, { expect: 200 });
    await call('POST', '/applicants/{id}/photo', `/applicants/${id}/photo`, { raw: PHOTO, expect: 200 });
    await call('POST', '/applicants/{id}/photo', `/applicants/${id}/photo`, {
      raw: Buffer.from('not a photo'),
      expect: 415,
    });
    const ordered = await call('POST', '/applicants/{id}/fingerprints', `/applicants/${id}/fingerprints`, {
      expect: 200,
    });
    const cardId = ordered.body.cardOrdered?.id as string;
    assert.ok(cardId, `a card was ordered: ${JSON.stringify(ordered.body)}`);
    await call('GET', '/cards/{id}/artwork.pdf', `/cards/${cardId}/artwork.pdf`, { expect: 200 });
    await call('GET', '/cards/{id}/artwork.png', `/cards/${cardId}/artwork.png`);
    await call('POST', '/cards/{id}/handover', `/cards/${cardId}/handover`, { body: {}, expect: 409 });
    const batch = await call('POST', '/print-batches', '/print-batches', { body: {}, expect: 201 });
    await call('POST', '/print-batches', '/print-batches', { body: {}, expect: 409 });
    await call('GET', '/print-batches/{id}', `/print-batches/${batch.body.id}`, { expect: 200 });
    await call('GET', '/print-batches/{id}.pdf', `/print-batches/${batch.body.id}.pdf`, { expect: 200 });
    await call('POST', '/print-batches/{id}/printed', `/print-batches/${batch.body.id}/printed`, {
      body: {},
      expect: 200,
    });
    await call('POST', '/cards/{id}/produced', `/cards/${cardId}/produced`, { body: {}, expect: 409 });
    const letters = await call('GET', '/letters', '/letters?state=queued', { expect: 200 });
    const letterId = letters.body.letters[0].id as string;
    await call('GET', '/letters/{id}.pdf', `/letters/${letterId}.pdf`, { expect: 200 });
    await call('POST', '/letters/{id}/printed', `/letters/${letterId}/printed`, { body: {}, expect: 200 });
    await call('POST', '/letters/{id}/sent', `/letters/${letterId}/sent`, { body: {}, expect: 200 });
    await call('POST', '/cards/{id}/handover', `/cards/${cardId}/handover`, { body: {}, expect: 200 });
    await call('POST', '/applicants/{id}/visits', `/applicants/${id}/visits`, { body: {}, expect: 201 });
    await call('POST', '/applicants/{id}/visits', `/applicants/${id}/visits`, {
      body: { date: '2999-01-01' },
      expect: 400,
    });
    await call('PUT', '/applicants/{id}/at-und', `/applicants/${id}/at-und`, {
      body: { granted: true },
      expect: 200,
    });
    const decision = await call('POST', '/applicants/{id}/decisions', `/applicants/${id}/decisions`, {
      body: { type: 'rejected' },
      expect: 201,
    });
    const decisionId = (decision.body.decision?.id ?? decision.body.id) as string;
    await call('DELETE', '/decisions/{id}', `/decisions/${decisionId}`, { expect: 200 });
    await call('DELETE', '/decisions/{id}', `/decisions/${decisionId}`, { expect: 409 });
    for (const outcome of ['confirm', 'lift']) {
      const path = `/cards/${cardId}/holder-report/${outcome}`;
      await call('POST', `/cards/{id}/holder-report/${outcome}`, path, { body: {}, expect: 200 });
    }
    await call('POST', '/cards/{id}/cancel', `/cards/${cardId}/cancel`, {
      body: { reason: 'lost' },
      expect: 200,
    });
    await call('POST', '/cards/{id}/cancel', `/cards/${cardId}/cancel`, {
      body: { reason: 'lost' },
      expect: 409,
    });
    await call('GET', '/statistics', '/statistics?from=2026-06-01&to=2026-06-02', {
      admin: true,
      expect: 200,
    });
    await call('GET', '/statistics.svg', '/statistics.svg?from=2026-06-01&to=2026-06-02', { admin: true });
    await call('GET', '/statistics', '/statistics?from=2026-06-01&to=2026-06-02', { expect: 403 });
    await call('GET', '/admin/backup', '/admin/backup', { admin: true });
    await call('GET', '/tokens', '/tokens', { admin: true, expect: 200 });
    const token = await call('POST', '/tokens', '/tokens', {
      body: { name: 'region-system', role: 'officer' },
      admin: true,
      expect: 201,
    });
    await call('DELETE', '/tokens/{id}', `/tokens/${token.body.id}`, { admin: true, expect: 204 });
    await call('DELETE', '/tokens/{id}', `/tokens/${token.body.id}`, { admin: true, expect: 404 });
    const unauthorised = await fetch(`${f.web.url}/api/v1/applicants/${id}`);
    assert.equal(unauthorised.status, 401);

    assert.deepEqual(mismatches, []);
    const undriven = operations()
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .filter((name) => !/ \/api\/v1\/(status|holder)\//.test(name) && !seen.has(name));
    assert.deepEqual(undriven, [], 'every officer operation is driven');
  });
});
