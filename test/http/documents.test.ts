// Documents through the officer API, read back as a verifier or a postal worker would: the QR code
// decoded from the rendered PNG by an independent decoder (C2), the code typed from the card's back
// (C1), production batches making cards produced with one card-ready letter each (R3), the letter
// queue with protected addresses forwarded and marked with the dossier number (R13), no personal
// identity number on any letter (R12).

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { backends } from '../support/backends.ts';
import { decodeQr, needsPoppler, pageCount, pdfText, renderPage } from '../support/documents.ts';
import { appOn, type Json, officerClient, status } from '../support/http.ts';
import {
  anApplicantWithOrderedCard,
  anApplicantWithProducedCard,
  BASE_URL,
  OFFICER,
  PHOTO,
} from '../support/system.ts';

const skip = needsPoppler();

for (const backend of backends) {
  describe(`documents over HTTP on ${backend.name}`, { skip }, () => {
    const f = appOn(backend);
    let api: ReturnType<typeof officerClient>;

    before(async () => {
      api = officerClient(f.web);
    });

    const bytes = async (path: string) => {
      const res = await fetch(`${f.web.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${f.web.officerToken}` },
      });
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        body: Buffer.from(await res.arrayBuffer()),
      };
    };
    const lettersOf = async (applicantId: string, kind = 'card_ready') =>
      (
        await f.s.db.query<{ id: string }>('SELECT id FROM letters WHERE applicant_id = $1 AND kind = $2', [
          applicantId,
          kind,
        ])
      ).rows;

    /** Produces through a batch and hands over, so the lookup says "valid". */
    const activeCard = async (overrides: Record<string, unknown> = {}) => {
      const a = await anApplicantWithOrderedCard(f.s.service, overrides);
      await f.s.service.markCardProduced(OFFICER, a.cardId);
      await f.s.service.handOverCard(OFFICER, a.cardId, {});
      return a;
    };
    /** Produced, not yet handed over: its card-ready letter is still queued (handing over withdraws it). */
    const producedCard = (overrides: Record<string, unknown> = {}) =>
      anApplicantWithProducedCard(f.s.service, overrides);

    it('C2: the QR code in the rendered card decodes (jsQR) to the lookup URL in upper case, which answers for the card', async () => {
      const a = await activeCard();
      const pdf = await bytes(`/cards/${a.cardId}/artwork.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.type, 'application/pdf');
      assert.equal(pageCount(pdf.body), 2, 'front and back');
      const decoded = decodeQr(await renderPage(pdf.body, 1, 300));
      // The lookup URL in upper case (C2), then the card's status-list entry.
      assert.match(decoded as string, new RegExp(`^${`${BASE_URL}/k/${a.code}`.toUpperCase()}/\\d+\\.\\d+$`));
      assert.ok(decoded?.toLowerCase().startsWith(`${f.s.service.lookupUrl(a.code).toLowerCase()}/`));
      // The scanned address, on this server: /K/ answers like /k/, and the page says valid.
      const path = new URL(decoded as string).pathname;
      assert.match(path, /^\/K\//);
      const page = await fetch(`${f.web.url}${path}`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /LMA-kort giltigt/);
    });

    it('C2: the QR code still decodes at 150 dpi (a cheap scan of the printed card)', async () => {
      const a = await activeCard();
      const pdf = await bytes(`/cards/${a.cardId}/artwork.pdf`);
      const decoded = decodeQr(await renderPage(pdf.body, 1, 150));
      assert.equal(decoded, await f.s.service.qrPayload(a.code));
    });

    it("C1: the code printed on the back, typed into the lookup as printed, gives the card's answer; a typo is malformed", async () => {
      const a = await activeCard();
      const back = pdfText((await bytes(`/cards/${a.cardId}/artwork.pdf`)).body, 2);
      assert.ok(back.includes(`${BASE_URL}/k/`), 'the back prints the lookup address');
      const printed = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])/.exec(back)?.[1] as string;
      assert.ok(printed, `a grouped code on the back:\n${back}`);
      assert.equal(printed.replaceAll('-', ''), a.code);
      assert.equal((await status(f.web, printed)).body.result, 'valid');
      assert.equal((await status(f.web, printed.toLowerCase().replaceAll('-', ' '))).body.result, 'valid');
      const typo = `${printed[0] === 'A' ? 'B' : 'A'}${printed.slice(1)}`;
      assert.equal((await status(f.web, typo)).body.result, 'malformed');
    });

    it('the front shows name, birth date, nationality and card number NN-NNNNNN/S; the PNG preview is a real PNG with a readable QR', async () => {
      const a = await activeCard({
        givenName: 'Rahel',
        familyName: 'Tesfamariam',
        birthDate: '1994-02-03',
        nationality: 'ERI',
      });
      const front = pdfText((await bytes(`/cards/${a.cardId}/artwork.pdf`)).body, 1);
      for (const text of ['Rahel', 'Tesfamariam', '1994-02-03', 'Eritrea (ERI)', `${a.dossierNumber}/1`]) {
        assert.ok(front.includes(text), `front shows ${text}`);
      }
      assert.doesNotMatch(
        front,
        /\d{4}-\d{2}-\d{2}.*\d{4}-\d{2}-\d{2}/s,
        'no validity date on the card (only the birth date)',
      );
      const png = await bytes(`/cards/${a.cardId}/artwork.png`);
      assert.equal(png.status, 200);
      assert.equal(png.type, 'image/png');
      assert.equal(decodeQr(png.body), await f.s.service.qrPayload(a.code));
    });

    it('R3: a batch takes the ordered cards; marking it printed produces each with exactly one card-ready letter, and again changes nothing', async () => {
      const cards = [
        await anApplicantWithOrderedCard(f.s.service),
        await anApplicantWithOrderedCard(f.s.service),
      ];
      const made = await api.post('/print-batches', {});
      assert.equal(made.status, 201);
      const ids = made.body.cards.map((c: Json) => c.id);
      for (const c of cards) assert.ok(ids.includes(c.cardId));
      assert.ok(made.body.cards.every((c: Json) => c.state === 'ordered'));
      assert.equal((await api.post('/print-batches', {})).status, 409, 'no card goes into two batches');

      const pdf = await bytes(`/print-batches/${made.body.id}.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pageCount(pdf.body), 2 * ids.length);
      // The batch's first page is the first card's front, its QR readable like the single card's.
      const first = await f.s.service.cardArtwork(ids[0]);
      assert.equal(
        decodeQr(await renderPage(pdf.body, 1, 200)),
        await f.s.service.qrPayload(first?.code as string),
      );

      const printed = await api.post(`/print-batches/${made.body.id}/printed`, {});
      assert.equal(printed.status, 200);
      assert.equal(printed.body.printed, true);
      assert.ok(printed.body.cards.every((c: Json) => c.state === 'produced'));
      for (const c of cards) assert.equal((await lettersOf(c.applicantId)).length, 1);

      const again = await api.post(`/print-batches/${made.body.id}/printed`, {});
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, printed.body);
      for (const c of cards) assert.equal((await lettersOf(c.applicantId)).length, 1, 'still one letter');
      const history = await f.s.db.query(
        "SELECT 1 FROM history WHERE action = 'card.produced' AND details->>'batchId' = $1",
        [made.body.id],
      );
      assert.equal(history.rows.length, ids.length, 'P4: one produced entry per card, none for the repeat');
    });

    it('a card whose stored photo cannot be printed is left in the queue and named; the batch is made for the others', async () => {
      const good = await anApplicantWithOrderedCard(f.s.service);
      const bad = await anApplicantWithOrderedCard(f.s.service);
      // A photo stored before uploads were decoded: a PNG signature and then garbage.
      await f.s.db.query('UPDATE photos SET content_type = $2, bytes = $3 WHERE applicant_id = $1', [
        bad.applicantId,
        'image/png',
        Buffer.concat([PHOTO.subarray(0, 8), Buffer.from('not a picture at all '.repeat(40))]),
      ]);
      const made = await api.post('/print-batches', {});
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const ids = made.body.cards.map((c: Json) => c.id);
      assert.ok(ids.includes(good.cardId), 'the good card is in the batch');
      assert.ok(!ids.includes(bad.cardId), 'the failing card is not');
      assert.equal(made.body.leftOut.length, 1);
      assert.equal(made.body.leftOut[0].id, bad.cardId);
      assert.match(made.body.leftOut[0].number, /^\d{2}-\d{6}\/\d+$/);
      assert.match(made.body.leftOut[0].problem, /PNG/);

      const pdf = await bytes(`/print-batches/${made.body.id}.pdf`);
      assert.equal(pdf.status, 200, 'the batch PDF is made');
      assert.equal(pageCount(pdf.body), 2 * ids.length);

      // Still in the queue: ordered, in no batch; the next batch names it again, and once the photo
      // is taken again it is printed.
      const again = await api.post('/print-batches', {});
      assert.equal(again.status, 409);
      assert.match(again.body.detail, /1 waiting with a photo that cannot be used/);
      const row = await f.s.db.query<{ state: string; batched: boolean }>(
        `SELECT state, EXISTS (SELECT 1 FROM print_batch_cards WHERE card_id = id) AS batched
           FROM cards WHERE id = $1`,
        [bad.cardId],
      );
      assert.deepEqual({ ...row.rows[0] }, { state: 'ordered', batched: false });
      const retake = await fetch(`${f.web.url}/api/v1/applicants/${bad.applicantId}/photo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.web.officerToken}`, 'content-type': 'image/png' },
        body: PHOTO,
      });
      assert.equal(retake.status, 200);
      const next = await api.post('/print-batches', {});
      assert.equal(next.status, 201);
      assert.deepEqual(
        next.body.cards.map((c: Json) => c.id),
        [bad.cardId],
      );
      assert.deepEqual(next.body.leftOut, []);
    });

    it('R10, R3: a card cancelled or produced by hand after batching is skipped when the batch is marked printed', async () => {
      const a = await anApplicantWithOrderedCard(f.s.service);
      const b = await anApplicantWithOrderedCard(f.s.service);
      const c = await anApplicantWithOrderedCard(f.s.service);
      const made = await api.post('/print-batches', {});
      await f.s.service.cancelCard(OFFICER, a.cardId, { reason: 'biodata_changed' });
      await f.s.service.markCardProduced(OFFICER, b.cardId);
      const printed = await api.post(`/print-batches/${made.body.id}/printed`, {});
      assert.equal(printed.status, 200);
      const state = (id: string) => printed.body.cards.find((x: Json) => x.id === id).state;
      assert.deepEqual(
        [state(a.cardId), state(b.cardId), state(c.cardId)],
        ['cancelled', 'produced', 'produced'],
      );
      assert.equal((await lettersOf(a.applicantId)).length, 0);
      assert.equal(
        (await lettersOf(b.applicantId)).length,
        1,
        'the letter from producing it by hand, no second',
      );
      assert.equal((await lettersOf(c.applicantId)).length, 1);
    });

    it('R13, R12: a protected address is never printed; the letter is in the forwarding queue, marked with the dossier number', async () => {
      const address = { street: 'Hemliga vägen 7', postalCode: '60222', city: 'Norrköping' };
      const hidden = await producedCard({
        protectedAddress: true,
        address,
        language: 'ar',
        personalIdentityNumber: '19811218-9876',
      });
      const open = await producedCard({
        address: { ...address, street: 'Öppna gatan 1' },
        language: 'so',
        personalIdentityNumber: '19811218-9876',
      });

      const forwarding = await api.get('/letters?queue=forwarding&state=queued&limit=1000');
      assert.equal(forwarding.status, 200);
      const letter = forwarding.body.letters.find((l: Json) => l.applicantId === hidden.applicantId);
      assert.ok(letter, 'in the forwarding queue');
      assert.equal(letter.queue, 'forwarding');
      const post = await api.get('/letters?queue=post&limit=1000');
      assert.ok(
        !post.body.letters.some((l: Json) => l.applicantId === hidden.applicantId),
        'not in the post queue',
      );
      const openLetter = post.body.letters.find((l: Json) => l.applicantId === open.applicantId);

      const hiddenText = pdfText((await bytes(`/letters/${letter.id}.pdf`)).body);
      assert.ok(hiddenText.includes(`Ärendenummer ${hidden.dossierNumber}`), hiddenText);
      assert.match(hiddenText, /SKYDDAD ADRESS/);
      assert.ok(!hiddenText.includes('Hemliga'), 'no street');
      assert.ok(!hiddenText.includes('60222') && !hiddenText.includes('602 22'), 'no postal code');

      const openText = pdfText((await bytes(`/letters/${openLetter.id}.pdf`)).body);
      assert.ok(openText.includes('Öppna gatan 1'), 'an ordinary letter carries the address');
      for (const text of [hiddenText, openText]) {
        assert.ok(!/19811218|811218|9876/.test(text), 'R12: no personal identity number on a letter');
      }
    });

    it('letter queue: queued → printed → sent, a repeat changes nothing, bad input names the field', async () => {
      const a = await producedCard({ language: 'uk' });
      const [row] = await lettersOf(a.applicantId);
      const id = (row as { id: string }).id;
      const printed = await api.post(`/letters/${id}/printed`, {});
      assert.equal(printed.status, 200);
      assert.equal(printed.body.state, 'printed');
      assert.equal(printed.body.changed, true);
      const again = await api.post(`/letters/${id}/printed`, {}, { 'idempotency-key': 'k1' });
      assert.equal(again.body.changed, false);
      const sent = await api.post(`/letters/${id}/sent`, {});
      assert.equal(sent.body.state, 'sent');
      assert.equal(
        (await api.get('/letters?state=sent&limit=1000')).body.letters.filter((l: Json) => l.id === id)
          .length,
        1,
      );

      const bad = await api.get('/letters?state=lost');
      assert.equal(bad.status, 400);
      assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(bad.body.field, 'state');
      assert.equal((await api.post('/letters/not-a-uuid/sent', {})).body.field, 'id');
      assert.equal((await api.post('/letters/00000000-0000-4000-8000-000000000000/sent', {})).status, 404);
      assert.equal(
        (await api.post('/print-batches/00000000-0000-4000-8000-000000000000/printed', {})).status,
        404,
      );
      assert.equal((await bytes('/cards/00000000-0000-4000-8000-000000000000/artwork.pdf')).status, 404);
    });

    it('S2: documents answer nobody without a token', async () => {
      for (const path of ['/letters', '/print-batches/00000000-0000-4000-8000-000000000000.pdf']) {
        assert.equal((await fetch(`${f.web.url}/api/v1${path}`)).status, 401);
      }
    });
  });
}
