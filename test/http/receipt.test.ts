// C9, P1 through real HTTP: a receipt signed with the installation's key becomes a one-page PDF that
// says what the check said; a changed, forged or revoked receipt is refused with 400 naming `receipt`.
// The receipts are signed exactly as `GET /api/v1/status/{code}?receipt=1` signs them (KeyRing.sign,
// typ lma-receipt+jws); their text is read back from the PDF with pdftotext.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { RECEIPT_TYP } from '../../src/services/receipt.ts';
import { backends } from '../support/backends.ts';
import { appOn, type Json, startApp } from '../support/http.ts';
import { tamper } from '../support/receipts.ts';
import { anApplicantWithActiveCard } from '../support/system.ts';

const dir = mkdtempSync(join(tmpdir(), 'lmakort-receipt-'));
let n = 0;

/** The PDF's text as pdftotext reads it (one page: the form feed count says so). */
function pdfText(pdf: Buffer): { text: string; pages: number } {
  const file = join(dir, `r${++n}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return { text, pages };
}

for (const backend of backends) {
  describe(`receipt PDF (${backend.name})`, () => {
    const f = appOn(backend);
    let code: string;

    before(async () => {
      code = (await anApplicantWithActiveCard(f.s.service)).code;
    });

    const sign = (payload: Record<string, unknown>) => f.s.keys.sign(payload, RECEIPT_TYP);
    /** A receipt for the test card: valid, no AT-UND, checked 2 June 2026 unless told otherwise. */
    const receiptFor = (fields: Record<string, unknown> = {}) =>
      sign({ code, result: 'valid', atUnd: false, checkedAt: '2026-06-02T08:15:00.000Z', ...fields });
    const post = (body: unknown) =>
      fetch(`${f.web.url}/verify/receipt.pdf`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    /** The text of the PDF the body is answered with. */
    const printed = async (body: unknown) =>
      pdfText(Buffer.from(await (await post(body)).arrayBuffer())).text;
    const refusal = async (res: Response) => {
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      return (await res.json()) as Json;
    };

    it('C9: a valid receipt becomes one PDF page with the answer, AT-UND, the time, the code and the key', async () => {
      const payload = { code, result: 'valid', atUnd: true, checkedAt: '2026-06-02T08:15:00.000Z' };
      const jws = await sign(payload);
      const res = await post({ receipt: jws, lang: 'sv' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const pdf = Buffer.from(await res.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const { text, pages } = pdfText(pdf);
      assert.equal(pages, 1);
      assert.match(text, /LMA-kort giltigt/);
      assert.match(text, /AT-UND finns/);
      assert.match(text, /Kontrollerat 2026-06-02 kl\. 10:15:00 svensk tid/, 'Swedish summer time');
      assert.match(text, /2026-06-02T08:15:00\.000Z/);
      assert.ok(
        text.includes(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`),
      );
      assert.ok(text.includes(f.s.keys.currentKid), 'the key id');
      assert.ok(text.includes(jws.slice(0, 40)), 'the JWS in small print');
      assert.ok(text.includes('https://lma.example.se/.well-known/jwks.json'), 'where the keys are');
      assert.match(text, /lmakort receipt verify/);
    });

    it('C9: English on request; a language the PDF fonts do not cover gets Swedish and English', async () => {
      const jws = await receiptFor({ result: 'not_valid', checkedAt: '2026-12-24T23:30:00.000Z' });
      const en = await printed({ receipt: jws, lang: 'en' });
      assert.match(en, /LMA card NOT valid/);
      assert.match(en, /No AT-UND/);
      assert.match(en, /Checked 2026-12-25 at 00:30:00 Swedish time/, 'winter time, the next Swedish day');
      const ar = await printed({ receipt: jws, lang: 'ar' });
      assert.match(ar, /LMA-kort EJ giltigt/);
      assert.match(ar, /LMA card NOT valid/);
    });

    it('a specimen card’s receipt is marked EXEMPEL', async () => {
      const jws = await receiptFor({ specimen: true });
      assert.match(await printed({ receipt: jws }), /EXEMPEL — inte ett riktigt kort/);
    });

    it('C9: a receipt changed by one character is refused with 400 naming receipt', async () => {
      const jws = await receiptFor({ result: 'not_valid' });
      const body = await refusal(await post({ receipt: tamper(jws) }));
      assert.equal(body.field, 'receipt');
      assert.match(body.detail, /signature/);
      assert.ok(!JSON.stringify(body).includes(jws.split('.')[1] as string), 'the receipt is not echoed');
    });

    it('C9: not a JWS, a JWS of another type, an unknown key: 400 naming receipt', async () => {
      assert.equal((await refusal(await post({ receipt: 'hello' }))).field, 'receipt');
      const other = await f.s.keys.sign(
        { code, result: 'valid', atUnd: false, checkedAt: '2026-06-02T08:15:00Z' },
        'JWT',
      );
      assert.match((await refusal(await post({ receipt: other }))).detail, /not an LMA receipt/);
      const [, p, sig] = (await receiptFor({ checkedAt: '2026-06-02T08:15:00Z' })).split('.');
      const strangerHeader = Buffer.from(
        JSON.stringify({ alg: 'EdDSA', kid: 'stranger', typ: RECEIPT_TYP }),
      ).toString('base64url');
      assert.match(
        (await refusal(await post({ receipt: `${strangerHeader}.${p}.${sig}` }))).detail,
        /not among the published keys/,
      );
    });

    it('S3: bad bodies are 400 naming the field', async () => {
      assert.equal((await refusal(await post({}))).field, 'receipt');
      assert.equal((await refusal(await post({ receipt: 'x', lang: 'de' }))).field, 'lang');
      assert.equal((await refusal(await post({ receipt: 'x', extra: 1 }))).field, 'extra');
    });

    it('C9: after a rotation old receipts still print; after `keys revoke` they are refused as revoked', async () => {
      const jws = await receiptFor();
      const oldKid = f.s.keys.currentKid;
      await f.s.keys.rotate();
      assert.equal((await post({ receipt: jws })).status, 200, 'a retired key still verifies');
      await f.s.keys.revoke(oldKid);
      const body = await refusal(await post({ receipt: jws }));
      assert.equal(body.field, 'receipt');
      assert.match(body.detail, /revoked/);
    });

    it('receipt PDFs are limited per client: past the limit 429 with Retry-After, other clients go on', async () => {
      const limited = await startApp(f.s, { receiptLimit: 3, trustProxy: true });
      try {
        const jws = await receiptFor({ checkedAt: f.s.clock.now().toISOString() });
        const from = (client: string) =>
          fetch(`${limited.url}/verify/receipt.pdf`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
            body: JSON.stringify({ receipt: jws }),
          });
        for (let i = 0; i < 3; i++) assert.equal((await from('198.51.100.7')).status, 200);
        const over = await from('198.51.100.7');
        assert.equal(over.status, 429);
        assert.ok(Number(over.headers.get('retry-after')) > 0);
        assert.match(over.headers.get('content-type') ?? '', /^application\/problem\+json/);
        assert.equal(((await over.json()) as Json).code, 'rate_limited');
        assert.equal((await from('203.0.113.9')).status, 200, 'another client is not held back');
      } finally {
        await limited.close();
      }
    });

    it('P1: nothing about a receipt reaches the log', async () => {
      f.web.logs.length = 0;
      const jws = await receiptFor();
      await post({ receipt: jws });
      await post({ receipt: tamper(jws) });
      const all = f.web.logs.join('');
      for (const needle of [code, jws.split('.')[2] as string, '127.0.0.1'])
        assert.ok(!all.includes(needle), needle);
    });
  });
}
