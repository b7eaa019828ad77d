// What the document worker threads do (src/services/render-pool.ts runs them): every CPU-heavy piece
// of making a document — card artwork and print batches, previews, letters, receipts, the statistics
// chart, decoding and normalising photos. Each task is plain data in, plain data out, so it crosses
// the thread boundary by structured clone; the renderers are the same functions the main thread
// used to call, so a document made here is byte for byte what it was.

import { renderStatisticsSvg } from '../http/officer/statistics-svg.ts';
import { type CardArtwork, renderCardsPdf, renderPreviewPdf } from './card-artwork.ts';
import { renderLetterPdf } from './letter.ts';
import { photoOutcome, storedPhotoProblem } from './photo.ts';
import { PreviewUnavailableError, pdfToPng } from './png.ts';
import { renderReceiptPdf } from './receipt-pdf.ts';
import { PREVIEW_UNAVAILABLE, type Task } from './task-types.ts';

/** Structured clone turns a Buffer into a Uint8Array; PDFKit wants a Buffer again. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function withBufferPhoto(card: CardArtwork): CardArtwork {
  return card.photo ? { ...card, photo: { ...card.photo, bytes: asBuffer(card.photo.bytes) } } : card;
}

export async function runTask(task: Task): Promise<unknown> {
  switch (task.kind) {
    case 'cards-pdf':
      return renderCardsPdf(task.cards.map(withBufferPhoto), task.title);
    case 'preview-png':
      try {
        return await pdfToPng(await renderPreviewPdf(withBufferPhoto(task.card)));
      } catch (error) {
        if (error instanceof PreviewUnavailableError) return PREVIEW_UNAVAILABLE;
        throw error;
      }
    case 'letter-pdf':
      return renderLetterPdf(task.letter);
    case 'receipt-pdf':
      return renderReceiptPdf(task.receipt);
    case 'photo':
      return photoOutcome(task.bytes);
    case 'statistics-svg':
      return renderStatisticsSvg(task.stats);
    case 'photo-problems':
      return task.photos.map((p) => (p ? storedPhotoProblem(asBuffer(p)) : null));
  }
}
