// What the worker pool makes is byte for byte what the renderers make on the main thread: card
// artwork, a print batch, the preview PNG, a letter, a receipt, the statistics chart, a normalised photo.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CardArtwork, renderCardsPdf, renderPreviewPdf } from '../../src/documents/card-artwork.ts';
import { renderLetterPdf } from '../../src/documents/letter.ts';
import { normalisePhoto } from '../../src/documents/photo.ts';
import { pdfToPng } from '../../src/documents/png.ts';
import { renderReceiptPdf } from '../../src/documents/receipt-pdf.ts';
import { renderStatisticsSvg } from '../../src/documents/statistics-svg.ts';
import { RenderPool } from '../../src/services/render-pool.ts';
import { buildStatistics } from '../../src/services/statistics.ts';
import { backends } from '../support/backends.ts';
import { needsPoppler } from '../support/documents.ts';
import { aJpegWithExif } from '../support/photos.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithOrderedCard,
  makeSystem,
  OFFICER,
  PHOTO,
  type TestSystem,
} from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];

describe('the worker pool makes the same bytes as the main thread', () => {
  let s: TestSystem;
  let pool: RenderPool;
  let cards: CardArtwork[];
  before(async () => {
    s = await makeSystem(await backend.open());
    pool = new RenderPool({ threads: 1, queue: 8 });
    cards = [];
    for (const overrides of [{}, { givenName: 'Fatima', familyName: 'Al-Sayed' }, { givenName: 'Ляна' }]) {
      const a = await anApplicantWithOrderedCard(s.service, overrides);
      cards.push((await s.service.cardArtwork(a.cardId)) as CardArtwork);
    }
  });
  after(async () => {
    await pool.destroy();
    await s.db.close();
  });

  it('card artwork and a print batch', async () => {
    const one = cards[0] as CardArtwork;
    assert.ok(one.photo, 'with its photo');
    const title = `LMA card ${one.cardNumber}`;
    assert.ok((await pool.cardsPdf([one], title)).equals(await renderCardsPdf([one], title)));
    assert.ok((await pool.cardsPdf(cards, 'batch')).equals(await renderCardsPdf(cards, 'batch')));
  });

  it('a print batch streamed a page of cards at a time', async () => {
    const made = await s.service.createPrintBatch(OFFICER);
    const id = made.id;
    const all = (await s.service.printBatchArtwork(id)) as CardArtwork[];
    assert.ok(all.length >= 3);
    const pages = await s.service.printBatchPages(id, 2); // pages of 2 cards: the last one short
    const chunks: Buffer[] = [];
    for await (const chunk of pool.streamBatch('batch', pages as AsyncGenerator<CardArtwork[]>)) {
      chunks.push(chunk as Buffer);
    }
    assert.ok(chunks.length > 1, 'sent in more than one piece');
    assert.ok(Buffer.concat(chunks).equals(await renderCardsPdf(all, 'batch')));
  });

  it('reading a page of a batch lets other requests in after every card', async () => {
    // The embedded database answers in microtasks, so without a turn of the event loop between
    // cards a page would be read in one stretch while lookups wait.
    for (let i = 0; i < 3; i++) await anApplicantWithOrderedCard(s.service);
    const made = await s.service.createPrintBatch(OFFICER);
    const pages = (await s.service.printBatchPages(made.id, 3)) as AsyncGenerator<CardArtwork[]>;
    const order: string[] = [];
    const page = pages.next().then((r) => order.push(`page of ${r.value?.length}`));
    setImmediate(() => order.push('another request'));
    await page;
    assert.deepEqual(order, ['another request', 'page of 3']);
    await pages.return(undefined);
  });

  it('the preview PNG', { skip: needsPoppler() }, async () => {
    const one = cards[0] as CardArtwork;
    assert.ok((await pool.previewPng(one)).equals(await pdfToPng(await renderPreviewPdf(one))));
  });

  it('a letter', async () => {
    const a = await anApplicantWithActiveCard(s.service, { language: 'ar' });
    const { rows } = await s.db.query<{ id: string }>('SELECT id FROM letters WHERE applicant_id = $1', [
      a.applicantId,
    ]);
    const letter = await s.service.letterDocument(rows[0]?.id as string);
    assert.ok(letter);
    assert.ok((await pool.letterPdf(letter)).equals(await renderLetterPdf(letter)));
  });

  it('a receipt', async () => {
    const receipt = {
      payload: {
        code: 'ABCDEFGHJKMNP',
        result: 'valid' as const,
        atUnd: true,
        checkedAt: '2026-06-02T10:00:00Z',
      },
      kid: 'key-1',
      jws: 'eyJhbGciOiJFUzI1NiJ9.eyJ4IjoxfQ.c2ln',
      language: 'both' as const,
      jwksUrl: 'https://lma.example/.well-known/jwks.json',
    };
    assert.ok((await pool.receiptPdf(receipt)).equals(await renderReceiptPdf(receipt)));
  });

  it('the statistics chart', async () => {
    const stats = await buildStatistics(s.db, { from: '2026-05-01', to: '2026-06-30', by: 'month' }, 150);
    assert.equal(await pool.statisticsSvg(stats), renderStatisticsSvg(stats));
  });

  it('a normalised photo', async () => {
    for (const upload of [PHOTO, aJpegWithExif(600, 800, 3)]) {
      const outcome = await pool.normalisePhoto(upload);
      assert.ok(outcome.ok);
      assert.ok(Buffer.from(outcome.bytes).equals(normalisePhoto(upload)));
    }
  });
});
