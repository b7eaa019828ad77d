// Through real HTTP: the status lists a till downloads, read by an independent decoder
// (test/support/bitstring.ts) and compared card by card with the status API (R11, C5); a change
// and a Swedish midnight reach a freshly fetched list; the list is signed with a key of our JWKS
// (C9); serving it records nothing (P1).

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { compactVerify, createRemoteJWKSet } from 'jose';
import { buildQrUrl } from '../../src/domain/status-list.ts';
import { assembleSystem, loadLookups } from '../../src/system.ts';
import { backends } from '../support/backends.ts';
import { ENTRY_FOR_ANSWER, entryAt, expandEncodedList, jwsParts } from '../support/bitstring.ts';
import { appOn, type Json, startApp, status } from '../support/http.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithChangedGrounds,
  anApplicantWithOrderedCard,
  BASE_URL,
  OFFICER,
} from '../support/system.ts';

for (const backend of backends) {
  describe(`status lists over HTTP on ${backend.name}`, () => {
    const f = appOn(backend, { abuseLimit: 100_000 });
    const codes: Record<string, string> = {};
    let validApplicantId = '';

    before(async () => {
      const svc = f.s.service;
      const valid = await anApplicantWithActiveCard(svc);
      codes.valid = valid.code;
      validApplicantId = valid.applicantId;
      const atUnd = await anApplicantWithActiveCard(svc, { birthDate: '1980-01-01' });
      await svc.setAtUnd(OFFICER, atUnd.applicantId, { granted: true });
      codes.validAtUnd = atUnd.code;
      codes.expired = (await anApplicantWithActiveCard(svc, {}, '2026-01-10')).code;
      codes.endsToday = (await anApplicantWithActiveCard(svc, {}, '2026-03-02')).code;
      const rejected = await anApplicantWithActiveCard(svc);
      await svc.registerDecision(OFFICER, rejected.applicantId, { type: 'rejected' });
      codes.rejected = rejected.code;
      const future = await anApplicantWithActiveCard(svc);
      await svc.registerDecision(OFFICER, future.applicantId, {
        type: 'permit_granted',
        effectiveDate: '2026-06-03',
      });
      codes.futureDecision = future.code;
      const changed = await anApplicantWithChangedGrounds(svc, '1985-01-01');
      codes.notValidAtUnd = changed.code;
      const revoked = await anApplicantWithActiveCard(svc);
      const d = await svc.registerDecision(OFFICER, revoked.applicantId, { type: 'withdrawn' });
      await svc.revokeDecision(OFFICER, d.id);
      codes.revokedDecision = revoked.code;
      codes.child = (await anApplicantWithActiveCard(svc, { birthDate: '2016-08-01' })).code;
      codes.ordered = (await anApplicantWithOrderedCard(svc)).code;
      const produced = await anApplicantWithOrderedCard(svc);
      await svc.markCardProduced(OFFICER, produced.cardId);
      codes.produced = produced.code;
      const lost = await anApplicantWithActiveCard(svc, { birthDate: '1979-01-01' });
      await svc.setAtUnd(OFFICER, lost.applicantId, { granted: true });
      const cancel = await svc.cancelCard(OFFICER, lost.cardId, { reason: 'lost' });
      codes.cancelled = lost.code;
      codes.replacement = cancel.reordered.code;
    });

    async function fetchList(url: string) {
      const res = await fetch(url.replace(BASE_URL, f.web.url));
      assert.equal(res.status, 200, url);
      const jws = await res.text();
      const { header, payload } = jwsParts(jws);
      const subject = payload.credentialSubject as Json;
      const bits = expandEncodedList(subject.encodedList);
      return { res, jws, header, payload, subject, bits };
    }

    /** Every card's entry, decoded independently, against the status API; returns the values seen. */
    async function compareEveryCard(): Promise<Set<number>> {
      const lists = new Map<string, Awaited<ReturnType<typeof fetchList>>>();
      const seen = new Set<number>();
      const slots = new Set<string>();
      for (const [name, code] of Object.entries(codes)) {
        const r = await status(f.web, code);
        assert.equal(r.status, 200, name);
        const { statusListCredential: url, statusListIndex: index } = r.body;
        assert.match(url, /^https:\/\/lma\.example\.se\/status-lists\/[1-9][0-9]*$/, name);
        assert.match(index, /^(0|[1-9][0-9]*)$/, `${name}: statusListIndex is a base-10 string`);
        slots.add(`${url}#${index}`);
        if (!lists.has(url)) lists.set(url, await fetchList(url));
        const list = lists.get(url) as Awaited<ReturnType<typeof fetchList>>;
        const value = entryAt(list.bits, Number(index), list.subject.statusSize);
        assert.equal(
          value,
          ENTRY_FOR_ANSWER[`${r.body.result}/${r.body.atUnd}`],
          `${name} (${r.body.result}, AT-UND ${r.body.atUnd})`,
        );
        seen.add(value);
      }
      assert.equal(slots.size, Object.keys(codes).length, 'every card has an entry of its own');
      return seen;
    }

    it('as lmakort serve starts (entries loaded, lists not yet built): answers carry entries, a list is built when asked for', async () => {
      const fresh = await assembleSystem(f.s.db, {
        clock: f.s.clock,
        publicBaseUrl: BASE_URL,
        loadReadModel: false,
      });
      await loadLookups(fresh);
      const app = await startApp({ ...fresh, clock: f.s.clock }, { abuseLimit: 100_000 });
      try {
        const r = await status(app, codes.validAtUnd as string);
        assert.equal(r.status, 200);
        const { statusListCredential: url, statusListIndex: index } = r.body;
        assert.match(url, /\/status-lists\/[1-9][0-9]*$/);
        const res = await fetch(url.replace(BASE_URL, app.url));
        assert.equal(res.status, 200, 'built on first ask, not missing');
        const subject = jwsParts(await res.text()).payload.credentialSubject as Json;
        assert.equal(entryAt(expandEncodedList(subject.encodedList), Number(index), subject.statusSize), 1);
      } finally {
        await app.close();
        fresh.statusLists.stop();
      }
    });

    it('every card’s entry in the published list says what the status API says (R11)', async () => {
      const seen = await compareEveryCard();
      assert.deepEqual([...seen].sort(), [0, 1, 2, 3], 'the set covers all four values');
    });

    it('a list is a signed Bitstring Status List credential (vc+jwt, EdDSA, a key of our JWKS)', async () => {
      const index: Json = await (await fetch(`${f.web.url}/status-lists`)).json();
      assert.deepEqual(index.lists, [`${BASE_URL}/status-lists/1`]);
      const { res, jws, header, payload, subject, bits } = await fetchList(index.lists[0]);
      assert.equal(res.headers.get('content-type'), 'application/vc+jwt');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('set-cookie'), null);
      assert.deepEqual(
        { typ: header.typ, cty: header.cty, alg: header.alg, kid: header.kid },
        { typ: 'vc+jwt', cty: 'vc', alg: 'EdDSA', kid: f.s.keys.currentKid },
      );
      const keys = createRemoteJWKSet(new URL(`${f.web.url}/.well-known/jwks.json`));
      await compactVerify(jws, keys); // throws if the signature does not verify
      assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2']);
      assert.equal(payload.id, `${BASE_URL}/status-lists/1`);
      assert.deepEqual(payload.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
      assert.equal(payload.validFrom, '2026-06-02T10:00:00Z');
      assert.equal(payload.validUntil, '2026-06-02T10:10:00Z', 'two ttls, before midnight');
      assert.equal(subject.type, 'BitstringStatusList');
      assert.equal(subject.statusPurpose, 'message');
      assert.equal(subject.statusSize, 2);
      assert.equal(subject.ttl, 300_000, 'ttl in ms matches Cache-Control max-age');
      assert.deepEqual(
        subject.statusMessages.map((m: Json) => m.status),
        ['0x0', '0x1', '0x2', '0x3'],
      );
      assert.ok(
        bits.length * 4 >= 131_072,
        `${bits.length * 4} entries, at least the Recommendation's 131 072`,
      );
      // Nothing personal: the payload is the list and our own addresses, no code, name or date of a card.
      const text = JSON.stringify(payload);
      for (const code of Object.values(codes)) assert.ok(!text.includes(code));
      assert.doesNotMatch(text, /Given|Family|1980-01-01/);
    });

    it('unknown and malformed answers carry no entry', async () => {
      const unknown = await status(f.web, '0000-0000-0000-0');
      assert.equal(unknown.status, 404);
      assert.deepEqual(Object.keys(unknown.body), ['result', 'atUnd', 'checkedAt']);
      const malformed = await status(f.web, 'not-a-code');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.statusListCredential, undefined);
    });

    it('C2: the QR address with the entry, /K/{code}/{list}.{index}, answers exactly as /k/{code}', async () => {
      const r = await status(f.web, codes.validAtUnd as string);
      const list = Number(/\/status-lists\/(\d+)$/.exec(r.body.statusListCredential)?.[1]);
      const qr = buildQrUrl(BASE_URL, codes.validAtUnd as string, {
        list,
        index: Number(r.body.statusListIndex),
      });
      assert.match(qr, /^[0-9A-Z $%*+\-./:]+$/, 'QR alphanumeric characters only');
      const path = qr.slice(BASE_URL.length);
      const plain = await fetch(`${f.web.url}/k/${codes.validAtUnd}`);
      const scanned = await fetch(f.web.url + path);
      assert.equal(scanned.status, plain.status);
      assert.equal(await scanned.text(), await plain.text());
      assert.equal(scanned.headers.get('content-type'), plain.headers.get('content-type'));
      assert.equal((await fetch(`${f.web.url}/K/${codes.valid}/not-an-entry`)).status, 404);
    });

    it('no such list is 404; serving lists logs nothing (P1)', async () => {
      for (const path of ['/status-lists/99', '/status-lists/0', '/status-lists/x']) {
        const res = await fetch(f.web.url + path);
        assert.equal(res.status, 404, path);
        assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
      }
      const all = f.web.logs.join('\n');
      assert.doesNotMatch(all, /status-lists/);
      for (const code of Object.values(codes)) assert.ok(!all.includes(code));
    });

    it('a decision registered reaches a freshly fetched list, and the list is re-signed after its ttl', async () => {
      const before = await status(f.web, codes.valid as string);
      const url = before.body.statusListCredential;
      const index = Number(before.body.statusListIndex);
      const first = await fetchList(url);
      assert.equal(entryAt(first.bits, index, 2), 0);
      await f.s.service.registerDecision(OFFICER, validApplicantId, { type: 'left_country' });
      // At once: a list asked for while a change is pending is rebuilt first.
      const now = await fetchList(url);
      assert.equal(entryAt(now.bits, index, 2), 2, 'not valid right after the decision');
      // After the ttl, the till fetches again: a list signed anew, still saying not valid.
      f.s.clock.advance(300_000);
      const later = await fetchList(url);
      assert.equal(later.payload.validFrom, '2026-06-02T10:05:00Z');
      assert.equal(entryAt(later.bits, index, 2), 2);
      await compareEveryCard();
    });

    it('a list that cannot be re-signed is still handed out until its validUntil, then 503 — never a stale list', async () => {
      const url = `${f.web.url}/status-lists/1`;
      const held = jwsParts(await (await fetch(url)).text()).payload;
      const sign = f.s.keys.sign;
      f.s.keys.sign = () => Promise.reject(new Error('signing key unavailable'));
      try {
        f.s.clock.set(new Date(Date.parse(held.validUntil as string) - 1_000));
        const still = await fetch(url);
        assert.equal(still.status, 200);
        assert.equal(jwsParts(await still.text()).payload.validFrom, held.validFrom);
        assert.equal(still.headers.get('cache-control'), 'public, max-age=1');
        f.s.clock.advance(1_000);
        const gone = await fetch(url);
        assert.equal(gone.status, 503);
        assert.match(gone.headers.get('content-type') ?? '', /problem\+json/);
      } finally {
        f.s.keys.sign = sign;
      }
      assert.equal((await fetch(url)).status, 200, 'signed again once the key is back');
    });

    it('R6: at Stockholm midnight the lists change without any write (expiry, future-dated decision)', async () => {
      const entryOf = async (code: string) => {
        const r = await status(f.web, code);
        const list = await fetchList(r.body.statusListCredential);
        return { value: entryAt(list.bits, Number(r.body.statusListIndex), 2), list };
      };
      assert.equal((await entryOf(codes.endsToday as string)).value, 0, 'valid through 2 June');
      assert.equal((await entryOf(codes.futureDecision as string)).value, 0, 'decision not yet in effect');
      f.s.clock.set('2026-06-02T23:59:00+02:00');
      const lastMinute = await entryOf(codes.endsToday as string);
      assert.equal(lastMinute.value, 0);
      assert.equal(lastMinute.list.payload.validUntil, '2026-06-02T22:00:00Z', 'never past midnight');
      assert.equal(lastMinute.list.res.headers.get('cache-control'), 'public, max-age=60');
      f.s.clock.set('2026-06-03T00:00:01+02:00');
      assert.equal((await entryOf(codes.endsToday as string)).value, 2, 'expired at midnight');
      assert.equal((await entryOf(codes.futureDecision as string)).value, 2, 'decision in effect');
      await compareEveryCard();
    });
  });
}
