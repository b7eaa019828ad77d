// C7, S2, S3 through real HTTP: a whole card lifecycle driven only by the officer API, with the public
// answer checked after every step; every kind of bad input refused with the field named, changing nothing.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { backends } from '../support/backends.ts';
import { type Json, officerClient, type RunningApp, startApp, status } from '../support/http.ts';
import { makeSystem, PHOTO, type TestSystem } from '../support/system.ts';

for (const backend of backends) {
  describe(`officer API over HTTP on ${backend.name}`, () => {
    let s: TestSystem;
    let web: RunningApp;
    let api: ReturnType<typeof officerClient>;

    before(async () => {
      s = await makeSystem(await backend.open());
      web = await startApp(s);
      api = officerClient(web);
    });
    afterEach(() => {
      s.clock.set('2026-06-02T12:00:00+02:00');
    });
    after(async () => {
      await web.close();
      await s.db.close();
    });

    const register = (overrides: Record<string, unknown> = {}) =>
      api.post('/applicants', {
        givenName: 'Meron',
        familyName: 'Tesfay',
        birthDate: '1996-08-14',
        nationality: 'ERI',
        language: 'ti',
        ...overrides,
      });

    const uploadPhoto = (id: string, bytes: Buffer, type = 'image/png') =>
      fetch(`${web.url}/api/v1/applicants/${id}/photo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${web.officerToken}`, 'content-type': type },
        body: bytes,
      });

    const lookup = async (code: string) => {
      const r = await status(web, code);
      return `${r.body.result}${r.body.atUnd ? '+AT-UND' : ''}`;
    };

    /** Counts rows a refused request must not have written. */
    const counts = async () => {
      const { rows } = await s.db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM applicants) || '/' || (SELECT count(*) FROM cards) || '/' ||
                (SELECT count(*) FROM visits) || '/' || (SELECT count(*) FROM decisions) || '/' ||
                (SELECT count(*) FROM history) AS n`,
      );
      return rows[0]?.n;
    };

    it('S2: nothing officer-side answers without a valid token', async () => {
      const none = await fetch(`${web.url}/api/v1/applicants?dossierNumber=12-345678`);
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.match(none.headers.get('content-type') ?? '', /application\/problem\+json/);
      const wrong = await officerClient(web, 'lma_not-a-real-token').get(
        '/applicants?dossierNumber=12-345678',
      );
      assert.equal(wrong.status, 401);
      const post = await fetch(`${web.url}/api/v1/applicants`, { method: 'POST', body: '{}' });
      assert.equal(post.status, 401);
    });

    it('S2: token management needs the admin role (403 for an officer)', async () => {
      assert.equal((await api.get('/tokens')).status, 403);
      const admin = officerClient(web, web.adminToken);
      const made = await admin.post('/tokens', { name: 'region-system', role: 'officer' });
      assert.equal(made.status, 201);
      assert.match(made.body.token, /^lma_/);
      const list = await admin.get('/tokens');
      assert.ok(list.body.tokens.some((t: { name: string }) => t.name === 'region-system'));
      assert.ok(!JSON.stringify(list.body).includes(made.body.token), 'a token is shown once, never listed');
      assert.equal(
        (await officerClient(web, made.body.token).get('/applicants?dossierNumber=12-345678')).status,
        404,
      );
      assert.equal((await admin.del(`/tokens/${made.body.id}`)).status, 204);
      assert.equal(
        (await officerClient(web, made.body.token).get('/applicants?dossierNumber=12-345678')).status,
        401,
      );
    });

    it('a whole lifecycle through the API, with the public answer after every step (R2–R11)', async () => {
      const reg = await register({ personalIdentityNumber: '19811218-9876', protectedAddress: true });
      assert.equal(reg.status, 201);
      const id = reg.body.id;

      assert.equal((await uploadPhoto(id, PHOTO)).status, 200);
      const prints = await api.post(`/applicants/${id}/fingerprints`, {});
      assert.equal(prints.status, 200);
      const card = prints.body.cardOrdered;
      assert.equal(card.number, `${reg.body.dossierNumber}/1`);
      assert.equal(await lookup(card.code), 'not_valid');

      assert.equal((await api.post(`/cards/${card.id}/produced`)).status, 200);
      assert.equal(await lookup(card.code), 'not_valid');

      const handed = await api.post(`/cards/${card.id}/handover`, {});
      assert.equal(handed.body.card.validUntil, '2026-09-02');
      assert.equal(await lookup(card.code), 'valid');
      assert.deepEqual(handed.body.publicAnswer, { result: 'valid', atUnd: false });
      assert.deepEqual(handed.body.card.standing, { kind: 'valid', since: null, until: '2026-09-02' });

      s.clock.set('2026-08-20T09:00:00+02:00');
      const visit = await api.post(`/applicants/${id}/visits`, { office: 'Märsta' });
      assert.equal(visit.status, 201);
      assert.equal(visit.body.validUntil, '2026-11-20');
      assert.deepEqual(visit.body.publicAnswer, { result: 'valid', atUnd: false });

      const atUnd = await api.put(`/applicants/${id}/at-und`, { granted: true });
      assert.equal(atUnd.status, 200);
      assert.equal(await lookup(card.code), 'valid+AT-UND');
      assert.deepEqual(atUnd.body.publicAnswer, { result: 'valid', atUnd: true });

      const decision = await api.post(`/applicants/${id}/decisions`, { type: 'rejected' });
      assert.equal(decision.status, 201);
      assert.equal(await lookup(card.code), 'not_valid', 'R11: a rejection shows no AT-UND');
      assert.deepEqual(decision.body.publicAnswer, { result: 'not_valid', atUnd: false });
      assert.deepEqual(decision.body.standing, {
        kind: 'ended',
        since: '2026-08-20',
        decisionType: 'rejected',
      });

      const revoked = await api.del(`/decisions/${decision.body.id}`);
      assert.equal(revoked.status, 200);
      assert.equal(revoked.body.revoked, true);
      assert.equal(await lookup(card.code), 'valid+AT-UND');
      assert.deepEqual(revoked.body.publicAnswer, { result: 'valid', atUnd: true });

      const cancel = await api.post(`/cards/${card.id}/cancel`, { reason: 'lost' });
      assert.equal(cancel.status, 200);
      assert.equal(await lookup(card.code), 'not_valid');
      assert.equal(cancel.body.letter.kind, 'card_cancelled');
      assert.equal(cancel.body.letter.language, 'ti', "the letter is in the holder's language");
      const next = cancel.body.reordered;
      assert.equal(next.number, `${reg.body.dossierNumber}/2`);
      await api.post(`/cards/${next.id}/produced`);
      await api.post(`/cards/${next.id}/handover`);
      assert.equal(await lookup(next.code), 'valid+AT-UND');
      assert.equal(await lookup(card.code), 'not_valid', 'the lost card stays dead');

      s.clock.set('2026-11-20T23:59:59+01:00');
      assert.equal(await lookup(next.code), 'valid+AT-UND', 'the new card runs from its own handover (R4)');
      s.clock.set('2026-11-21T00:00:01+01:00');
      assert.equal(
        await lookup(next.code),
        'not_valid',
        'and lapses with it, in Swedish time (R6), AT-UND unseen (R11)',
      );

      const view = await api.get(`/applicants/${id}`);
      assert.equal(view.status, 200);
      assert.equal(view.body.personalIdentityNumber, '198112189876', 'R12: stored for officers, normalised');
      assert.equal(view.body.covered, true);
      assert.equal(view.body.atUnd, true);
      assert.deepEqual(
        view.body.cards.map((c: { number: string; state: string }) => [c.number, c.state]),
        [
          [`${reg.body.dossierNumber}/1`, 'cancelled'],
          [`${reg.body.dossierNumber}/2`, 'active'],
        ],
      );
      assert.deepEqual(
        view.body.cards.map((c: { standing: unknown; publicAnswer: unknown }) => [
          c.standing,
          c.publicAnswer,
        ]),
        [
          [
            { kind: 'cancelled', since: null, reason: 'lost' },
            { result: 'not_valid', atUnd: false },
          ],
          [
            { kind: 'lapsed', since: '2026-11-21' },
            { result: 'not_valid', atUnd: false },
          ],
        ],
        'R14: each card says what the lookup answers, and why',
      );
      assert.deepEqual(
        view.body.decisions.map((d: { type: string; revoked: boolean }) => [d.type, d.revoked]),
        [['rejected', true]],
      );
      assert.deepEqual(
        view.body.letters.map((l: { kind: string }) => l.kind).sort(),
        ['card_cancelled', 'card_ready', 'card_ready'],
        'a card-ready letter for each produced card, and one saying the first was cancelled (R10)',
      );
      assert.ok(
        view.body.letters.every((l: { forwarding: boolean }) => l.forwarding),
        'R13: protected address',
      );
      assert.ok(view.body.history.length >= 12);
      assert.ok(view.body.history.every((h: { actor: string }) => h.actor.startsWith('token:officer-')));

      const byDossier = await api.get(`/applicants?dossierNumber=${reg.body.dossierNumber}`);
      assert.equal(byDossier.body.id, id);
      s.clock.set('2026-06-02T12:00:00+02:00');
    });

    it('C7: an Idempotency-Key replays the first answer and writes nothing more', async () => {
      const key = { 'idempotency-key': 'register-once-7f3a' };
      const body = {
        givenName: 'Ali',
        familyName: 'Idem',
        birthDate: '1990-01-01',
        nationality: 'AFG',
        language: 'fa',
      };
      const first = await api.post('/applicants', body, key);
      const before = await counts();
      const second = await api.post('/applicants', body, key);
      assert.equal(second.status, 201);
      assert.deepEqual(second.body, first.body);
      assert.equal(await counts(), before);
      const other = await api.post('/applicants', { ...body, givenName: 'Other' }, key);
      assert.equal(other.status, 422);
      assert.equal(other.body.field, 'Idempotency-Key');
      const bad = await api.post('/applicants', body, { 'idempotency-key': 'has space' });
      assert.equal(bad.status, 400);
    });

    type Send = (applicantId: string) => Promise<{ status: number; body: { field?: string } }>;
    const badInputs: [string, Send, string][] = [
      ['an unknown field', () => register({ favouriteColour: 'blue' }), 'favouriteColour'],
      [
        'a missing field',
        () =>
          api.post('/applicants', {
            givenName: 'A',
            familyName: 'B',
            birthDate: '1990-01-01',
            language: 'sv',
          }),
        'nationality',
      ],
      ['a non-date', () => register({ birthDate: '14/08/1996' }), 'birthDate'],
      ['an impossible date', () => register({ birthDate: '2026-02-30' }), 'birthDate'],
      ['a birth date in the future', () => register({ birthDate: '2030-01-01' }), 'birthDate'],
      ['a wrong type', () => register({ protectedAddress: 'yes' }), 'protectedAddress'],
      ['an unknown language', () => register({ language: 'xx' }), 'language'],
      ['a blank name', () => register({ givenName: '   ' }), 'givenName'],
      ['a bad dossier number', () => register({ dossierNumber: '1-2345678' }), 'dossierNumber'],
      [
        'a bad personal identity number',
        () => register({ personalIdentityNumber: '19811218-9875' }),
        'personalIdentityNumber',
      ],
      [
        'an unknown guardianOf id',
        () => register({ guardianOf: ['5b0f1c1e-0000-4000-8000-000000000000'] }),
        'guardianOf',
      ],
      [
        'an unknown address field',
        () => register({ address: { street: 'Storgatan 1', postalCode: '11122', city: 'Sthlm', floor: 2 } }),
        'floor',
      ],
      ['a bad id in the path', () => api.post('/applicants/not-a-uuid/visits', {}), 'id'],
      ['a visit in the future', (id) => api.post(`/applicants/${id}/visits`, { date: '2026-06-03' }), 'date'],
      [
        'an unknown decision type',
        (id) => api.post(`/applicants/${id}/decisions`, { type: 'deported' }),
        'type',
      ],
      [
        'a decision date that is no date',
        (id) => api.post(`/applicants/${id}/decisions`, { type: 'rejected', effectiveDate: '2026-13-01' }),
        'effectiveDate',
      ],
      [
        'a cancel without reason',
        () => api.post('/cards/5b0f1c1e-0000-4000-8000-000000000000/cancel', {}),
        'reason',
      ],
      [
        'AT-UND without granted',
        (id) => api.put(`/applicants/${id}/at-und`, { effectiveDate: '2026-06-01' }),
        'granted',
      ],
      ['fingerprints with a body', (id) => api.post(`/applicants/${id}/fingerprints`, { left: 'x' }), 'left'],
    ];

    for (const [what, send, field] of badInputs) {
      it(`bad input: ${what} → 400 naming "${field}", nothing written`, async () => {
        const target = (await register()).body.id as string;
        const before = await counts();
        const r = await send(target);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        assert.equal(await counts(), before);
      });
    }

    it('bad input: invalid JSON and a wrong content type are refused as problems', async () => {
      const res = await fetch(`${web.url}/api/v1/applicants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${web.officerToken}`, 'content-type': 'application/json' },
        body: '{"givenName": ',
      });
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
      const xml = await fetch(`${web.url}/api/v1/applicants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${web.officerToken}`, 'content-type': 'application/xml' },
        body: '<a/>',
      });
      assert.equal(xml.status, 415);
    });

    it('S3: a body over the limit is refused with 413', async () => {
      const before = await counts();
      const r = await register({ givenName: 'x'.repeat(70 * 1024) });
      assert.equal(r.status, 413);
      assert.equal(await counts(), before);
    });

    it('S3: a "photo" that is not a JPEG or PNG by its bytes is refused with 415 and orders nothing', async () => {
      const r = await register();
      const id = r.body.id;
      await api.post(`/applicants/${id}/fingerprints`);
      const before = await counts();
      const fake = await uploadPhoto(id, Buffer.from('<?php system($_GET["c"]); ?>'), 'image/png');
      assert.equal(fake.status, 415);
      const pngAsJpeg = await uploadPhoto(id, PHOTO, 'image/jpeg');
      assert.equal(pngAsJpeg.status, 415);
      const huge = await uploadPhoto(id, Buffer.concat([PHOTO, Buffer.alloc(6 * 1024 * 1024)]));
      assert.equal(huge.status, 413);
      assert.equal(await counts(), before, 'no card was ordered');
      const real = await uploadPhoto(id, PHOTO);
      assert.equal(real.status, 200);
      assert.ok(((await real.json()) as Json).cardOrdered, 'R2: the real photo completes the biometrics');
    });

    it('refusals by state are 409 problems: producing twice, handing over an ordered card', async () => {
      const r = await register();
      await uploadPhoto(r.body.id, PHOTO);
      const card = (await api.post(`/applicants/${r.body.id}/fingerprints`)).body.cardOrdered;
      const early = await api.post(`/cards/${card.id}/handover`, {});
      assert.equal(early.status, 409);
      assert.equal(early.body.code, 'card_not_produced');
      await api.post(`/cards/${card.id}/produced`);
      const twice = await api.post(`/cards/${card.id}/produced`);
      assert.equal(twice.status, 409);
    });

    it('unknown ids are 404 problems', async () => {
      const missing = '5b0f1c1e-0000-4000-8000-000000000000';
      assert.equal((await api.get(`/applicants/${missing}`)).status, 404);
      assert.equal((await api.post(`/cards/${missing}/produced`)).status, 404);
      assert.equal((await api.del(`/decisions/${missing}`)).status, 404);
      assert.equal((await api.get('/applicants?dossierNumber=99-999998')).status, 404);
    });

    it('P1, R12: officer requests are logged by route and id; no personal data and no address', async () => {
      web.logs.length = 0;
      const r = await register({ givenName: 'Loggabel', personalIdentityNumber: '198112189876' });
      await api.get(`/applicants/${r.body.id}`);
      const all = web.logs.join('');
      assert.match(all, /"route":"\/api\/v1\/applicants\/:id"/, 'officer requests are logged');
      for (const needle of ['Loggabel', '198112189876', 'Tesfay', '127.0.0.1', web.officerToken]) {
        assert.ok(!all.includes(needle), `log contains ${needle}`);
      }
    });
  });
}
