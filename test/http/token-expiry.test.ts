// API tokens may expire: refused with 401 from their expiry on. The admin sees each token's expiry
// and when it was last used where tokens are listed (the console, GET /api/v1/tokens).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExpiry } from '../../src/domain/calendar.ts';
import { backends } from '../support/backends.ts';
import { consoleOn, pageText, signInAs } from '../support/console.ts';
import { officerClient } from '../support/http.ts';

for (const backend of backends) {
  describe(`API token expiry and last use on ${backend.name}`, () => {
    const f = consoleOn(backend, { astrid: 'admin' });

    it('a token is refused with 401 from its expiry on; its last use is listed', async () => {
      const { s, web } = f;
      const admin = officerClient(web, web.adminToken);
      const expiresAt = new Date(s.clock.now().getTime() + 3_600_000).toISOString();
      const made = await admin.post('/tokens', { name: 'short-lived', role: 'officer', expiresAt });
      assert.equal(made.status, 201);
      assert.equal(made.body.expiresAt, expiresAt);
      const listed = async () =>
        (await admin.get('/tokens')).body.tokens.find((t: { name: string }) => t.name === 'short-lived');
      assert.equal((await listed()).lastUsedAt, null, 'not used yet');

      const holder = officerClient(web, made.body.token);
      assert.equal(
        (await holder.get('/applicants?dossierNumber=12-345678')).status,
        404,
        'valid: it answers',
      );
      assert.equal((await listed()).lastUsedAt, s.clock.now().toISOString());

      const c = await signInAs(web, 'astrid');
      const page = pageText((await c.get('/officer/admin/tokens')).body);
      assert.match(page, /Senast använd/);
      assert.match(
        page,
        /short-lived Handläggare .*?\d{4}-\d{2}-\d{2}.*?\d{4}-\d{2}-\d{2}.*?\d{4}-\d{2}-\d{2}/,
      );

      s.clock.advance(3_600_000);
      const expired = await holder.get('/applicants?dossierNumber=12-345678');
      assert.equal(expired.status, 401, 'expired: refused');
      assert.match(expired.headers.get('content-type') ?? '', /application\/problem\+json/);

      const past = await admin.post('/tokens', { name: 'already-over', role: 'officer', expiresAt });
      assert.equal(past.status, 400);
      assert.equal(past.body.field, 'expiresAt');
    });
  });
}

describe('--expires', () => {
  it('takes days, a date (through that day, Swedish time) or an instant; nothing else', () => {
    const now = new Date('2026-06-02T10:00:00Z');
    assert.equal(parseExpiry('90d', now)?.toISOString(), '2026-08-31T10:00:00.000Z');
    assert.equal(parseExpiry('2026-06-30', now)?.toISOString(), '2026-06-30T22:00:00.000Z');
    assert.equal(parseExpiry('2026-07-01T12:00:00+02:00', now)?.toISOString(), '2026-07-01T10:00:00.000Z');
    for (const bad of ['soon', '0d', '2026-02-30', '2026-07-01T12:00:00'])
      assert.equal(parseExpiry(bad, now), null);
  });
});
