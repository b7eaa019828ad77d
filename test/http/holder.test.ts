// R16 over HTTP: the holder's JSON API. Right codes open the card's answer and dates; malformed input
// is 400 naming the field; wrong codes 401; five wrong per card and the card's page is locked for an
// hour (the open lookup unaffected); a burst in parallel gets no more checks than that; a report stops
// the card at once for every lookup; an officer lifts or confirms it; codes never reach a log.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type LetterDocument, renderLetterPdf } from '../../src/documents/letter.ts';
import { formatPersonalCode, parsePersonalCode } from '../../src/domain/personal-code.ts';
import { HOLDER_ACTOR, HolderService } from '../../src/services/holder.ts';
import { ReadModel } from '../../src/store/read-model.ts';
import { backends } from '../support/backends.ts';
import { entryAt, expandEncodedList, jwsParts } from '../support/bitstring.ts';
import { pdfText } from '../support/documents.ts';
import { aHolder, holderPost, printCardReadyLetter } from '../support/holder.ts';
import { appOn, officerClient, startApp, status } from '../support/http.ts';
import { anApplicantWithActiveCard, BASE_URL, OFFICER } from '../support/system.ts';

const STATUS = '/api/v1/holder/status';
const REPORT = '/api/v1/holder/report';

/** A personal code that is not `code`: its first symbol changed. */
const wrong = (code: string) =>
  formatPersonalCode(`${code[0] === 'A' ? 'B' : 'A'}${code.slice(1).replace('-', '')}`);

for (const backend of backends) {
  describe(`holder API on ${backend.name}`, () => {
    const f = appOn(backend);
    let holder: HolderService;
    const used: string[] = [];

    before(async () => {
      holder = new HolderService(f.s.db, f.s.service, f.s.clock);
    });

    /** The card's two bits in its signed status list, as a till reads them (0 valid … 2 not valid). */
    const statusListValue = async (code: string) => {
      const r = await status(f.web, code);
      const list = await fetch(String(r.body.statusListCredential).replace(BASE_URL, f.web.url));
      const subject = jwsParts(await list.text()).payload.credentialSubject as {
        encodedList: string;
        statusSize: number;
      };
      return entryAt(
        expandEncodedList(subject.encodedList),
        Number(r.body.statusListIndex),
        subject.statusSize,
      );
    };

    const aCard = async () => {
      const h = await aHolder(f.s.service, f.s.db);
      used.push(h.code, h.personalCode, parsePersonalCode(h.personalCode) as string);
      return h;
    };

    it("right codes: the lookup's answer, the last valid day and the day to visit by; no-store, no cookie", async () => {
      const h = await aCard();
      const res = await holderPost(f.web, STATUS, {
        code: h.code.toLowerCase(),
        personalCode: h.personalCode.toLowerCase(),
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        result: 'valid',
        atUnd: false,
        validUntil: '2026-09-02',
        visitBy: '2026-09-02',
        reported: false,
      });
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const scanned = await holderPost(f.web, STATUS, {
        code: `https://lma.example.se/K/${h.code}/3.4242`,
        personalCode: h.personalCode,
      });
      assert.equal(scanned.status, 200, 'the QR code as a phone camera reads it');
      assert.equal(res.headers.get('set-cookie'), null);
    });

    it('malformed codes are 400 naming the field; unknown fields too', async () => {
      const h = await aCard();
      const badPersonal = await holderPost(f.web, STATUS, { code: h.code, personalCode: 'ABC' });
      assert.equal(badPersonal.status, 400);
      assert.match(badPersonal.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(badPersonal.body.field, 'personalCode');
      const badCode = await holderPost(f.web, STATUS, { code: 'ABCD-EFGH', personalCode: h.personalCode });
      assert.equal(badCode.body.field, 'code');
      const extra = await holderPost(f.web, REPORT, {
        code: h.code,
        personalCode: h.personalCode,
        reason: 'eaten',
      });
      assert.equal(extra.status, 400);
      assert.equal(extra.body.field, 'reason');
      assert.equal((await status(f.web, h.code)).body.result, 'valid', 'nothing changed');
    });

    it('wrong codes are 401 problem+json, an unknown card the same', async () => {
      const h = await aCard();
      const res = await holderPost(f.web, STATUS, { code: h.code, personalCode: wrong(h.personalCode) });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const other = await aCard();
      const swapped = await holderPost(f.web, STATUS, { code: other.code, personalCode: h.personalCode });
      assert.equal(swapped.status, 401);
      assert.deepEqual(Object.keys(swapped.body).sort(), Object.keys(res.body).sort());
    });

    it('five wrong in an hour lock the card for an hour, right code or not; the open lookup answers as before', async () => {
      const h = await aCard();
      for (let i = 0; i < 5; i++)
        assert.equal(
          (await holderPost(f.web, STATUS, { code: h.code, personalCode: wrong(h.personalCode) })).status,
          401,
        );
      assert.equal(
        (await holderPost(f.web, STATUS, { code: h.code, personalCode: h.personalCode })).status,
        401,
      );
      assert.equal((await status(f.web, h.code)).body.result, 'valid');
      f.s.clock.advance(61 * 60_000);
      assert.equal(
        (await holderPost(f.web, STATUS, { code: h.code, personalCode: h.personalCode })).status,
        200,
      );
    });

    it('a burst of 20 wrong codes in parallel gets at most 5 checked, then the card is locked', async () => {
      const h = await aCard();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          holderPost(f.web, STATUS, { code: h.code, personalCode: wrong(h.personalCode) }),
        ),
      );
      assert.ok(answers.every((a) => a.status === 401));
      const { rows } = await f.s.db.query<{ attempts: number; locked: boolean }>(
        'SELECT attempts, locked_until IS NOT NULL AS locked FROM holder_codes WHERE card_id = $1',
        [h.cardId],
      );
      assert.equal(rows[0]?.attempts, 5, 'five checks claimed, no more');
      assert.equal(rows[0]?.locked, true);
      assert.equal(
        (await holderPost(f.web, STATUS, { code: h.code, personalCode: h.personalCode })).status,
        401,
      );
    });

    it('a report stops the card at once for every lookup; once; an officer lifts it and it is valid again', async () => {
      const h = await aCard();
      const res = await holderPost(f.web, REPORT, {
        code: h.code,
        personalCode: h.personalCode,
        reason: 'lost',
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { result: 'not_valid' });
      assert.equal((await status(f.web, h.code)).body.result, 'not_valid');
      assert.equal(await statusListValue(h.code), 2, 'the status list says not valid (2) at once');
      const again = await holderPost(f.web, REPORT, {
        code: h.code,
        personalCode: h.personalCode,
        reason: 'stolen',
      });
      assert.equal(again.status, 200);
      const seen = await holderPost(f.web, STATUS, { code: h.code, personalCode: h.personalCode });
      assert.deepEqual(seen.body, {
        result: 'not_valid',
        atUnd: false,
        validUntil: '2026-09-02',
        visitBy: null,
        reported: true,
      });
      const view = (await f.s.service.applicantView(h.applicantId)) as {
        history: { action: string; actor: string }[];
      };
      const reports = view.history.filter((e) => e.action === 'card.reported_by_holder');
      assert.equal(reports.length, 1, 'P4: one report, recorded once');
      assert.equal(reports[0]?.actor, HOLDER_ACTOR.name);
      const reloaded = new ReadModel();
      await reloaded.load(f.s.db);
      assert.equal(
        reloaded.lookup(h.code, f.s.service.today()).result,
        'not_valid',
        'a restart loads it stopped',
      );

      const lifted = await holder.liftReport(OFFICER, h.cardId);
      assert.equal(lifted.changed, true);
      assert.equal((await holder.liftReport(OFFICER, h.cardId)).changed, false, 'idempotent');
      assert.equal((await status(f.web, h.code)).body.result, 'valid');
      const after = (await f.s.service.applicantView(h.applicantId)) as { history: { action: string }[] };
      assert.equal(after.history.filter((e) => e.action === 'card.report_lifted').length, 1);
    });

    it('an officer confirms a report: the card is cancelled with its reason and a new card ordered (R10)', async () => {
      const h = await aCard();
      await holderPost(f.web, REPORT, { code: h.code, personalCode: h.personalCode, reason: 'stolen' });
      const confirmed = await holder.confirmReport(OFFICER, h.cardId);
      assert.equal(confirmed.changed, true);
      assert.equal(confirmed.cancelled?.cancelReason, 'stolen');
      assert.equal(confirmed.reordered?.state, 'ordered');
      assert.equal((await holder.confirmReport(OFFICER, h.cardId)).changed, false, 'idempotent');
      assert.equal((await status(f.web, h.code)).body.result, 'not_valid');
    });

    it('officer API: the card shows as suspended; lift with an Idempotency-Key, replayed and repeated (C7)', async () => {
      const h = await aCard();
      await holderPost(f.web, REPORT, { code: h.code, personalCode: h.personalCode, reason: 'lost' });
      const officer = officerClient(f.web);
      const view = await officer.get(`/applicants/${h.applicantId}`);
      const card = view.body.cards.find((c: { id: string }) => c.id === h.cardId);
      assert.equal(card.standing.kind, 'suspended');
      assert.deepEqual(card.publicAnswer, { result: 'not_valid', atUnd: false });
      const path = `/cards/${h.cardId}/holder-report/lift`;
      const first = await officer.post(path, {}, { 'idempotency-key': 'lift-1' });
      assert.equal(first.status, 200);
      assert.equal(first.body.changed, true);
      const replay = await officer.post(path, {}, { 'idempotency-key': 'lift-1' });
      assert.deepEqual(replay.body, first.body);
      const repeat = await officer.post(path, {}, { 'idempotency-key': 'lift-2' });
      assert.equal(repeat.body.changed, false);
      assert.equal((await status(f.web, h.code)).body.result, 'valid');
      assert.equal((await officer.post('/cards/not-a-uuid/holder-report/confirm', {})).status, 400);
    });

    it('printing the letter again makes a new personal code and voids the old one', async () => {
      const h = await aCard();
      const second = await printCardReadyLetter(f.s.service, f.s.db, h.cardId);
      used.push(second);
      assert.notEqual(second, h.personalCode);
      assert.equal(
        (await holderPost(f.web, STATUS, { code: h.code, personalCode: h.personalCode })).status,
        401,
      );
      assert.equal((await holderPost(f.web, STATUS, { code: h.code, personalCode: second })).status, 200);
      const renewed = await printCardReadyLetter(f.s.service, f.s.db, h.cardId, OFFICER);
      assert.equal((await holderPost(f.web, STATUS, { code: h.code, personalCode: second })).status, 401);
      assert.equal((await holderPost(f.web, STATUS, { code: h.code, personalCode: renewed })).status, 200);
      const { rows } = await f.s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM history WHERE action = 'holder.code_issued' AND details->>'cardId' = $1",
        [h.cardId],
      );
      assert.equal(rows[0]?.n, 3, 'P4: every code made is recorded (never the code)');
    });

    it("a child's letter goes to the guardian by name, saying whose card it is, and its code opens the child's card", async () => {
      const child = await anApplicantWithActiveCard(f.s.service, {
        givenName: 'Lina',
        familyName: 'Barn',
        birthDate: '2016-03-01',
        language: 'sv',
      });
      await f.s.service.registerApplicant(OFFICER, {
        givenName: 'Samira',
        familyName: 'Vårdnad',
        birthDate: '1985-01-01',
        nationality: 'SYR',
        language: 'sv',
        address: { street: 'Parkvägen 3', postalCode: '171 65', city: 'Solna' },
        guardianOf: [child.applicantId],
      });
      const { rows } = await f.s.db.query<{ id: string }>(
        "SELECT id FROM letters WHERE card_id = $1 AND kind = 'card_ready'",
        [child.cardId],
      );
      const letter = await f.s.service.letterDocument(rows[0]?.id as string);
      assert.equal(letter?.name, 'Samira Vårdnad');
      assert.equal(letter?.child, 'Lina Barn');
      assert.equal(letter?.address?.street, 'Parkvägen 3');
      const pdf = pdfText(await renderLetterPdf(letter as LetterDocument));
      assert.match(pdf.replace(/\s+/g, ' '), /vårdnadshavare för Lina Barn/);
      used.push(child.code, letter?.personalCode as string);
      const res = await holderPost(f.web, STATUS, { code: child.code, personalCode: letter?.personalCode });
      assert.equal(res.status, 200);
    });

    it('per client: refusals count in the abuse limiter, 429 with Retry-After past it', async () => {
      const limited = await startApp(f.s, { abuseLimit: 3 });
      try {
        const h = await aCard();
        for (let i = 0; i < 3; i++)
          await holderPost(limited, STATUS, { code: h.code, personalCode: 'ZZZZZ-ZZZZ0' });
        const res = await holderPost(limited, STATUS, { code: h.code, personalCode: h.personalCode });
        assert.equal(res.status, 429);
        assert.ok(Number(res.headers.get('retry-after')) > 0);
      } finally {
        await limited.close();
      }
    });

    it('P1: no code used here, card code or personal code, is in any log line or stored in clear', async () => {
      const logs = f.web.logs.join('');
      for (const secret of used) assert.ok(!logs.includes(secret), 'a code reached the logs');
      const { rows } = await f.s.db.query<{ t: string }>(
        "SELECT coalesce(string_agg(details::text, ' '), '') AS t FROM history",
      );
      for (const secret of used.filter((c) => !/^[0-9A-Z]{13}$/.test(c)))
        assert.ok(!(rows[0]?.t ?? '').includes(secret), 'a personal code reached the history');
    });
  });
}
