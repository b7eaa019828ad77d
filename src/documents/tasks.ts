// What the document worker threads do (src/services/render-pool.ts runs them): every CPU-heavy piece
// of making a document — card artwork and print batches, previews, letters, receipts, the statistics
// chart, decoding and normalising photos. Each task is plain data in, plain data out, so it crosses
// the thread boundary by structured clone; the renderers are the same functions the main thread
// used to call, so a document made here is byte for byte what it was.

import { type CardArtwork, renderCardsPdf, renderPreviewPdf } from './card-artwork.ts';
import { type LetterDocument, renderLetterPdf } from './letter.ts';
import { type PhotoOutcome, photoOutcome, storedPhotoProblem } from './photo.ts';
import { PreviewUnavailableError, pdfToPng } from './png.ts';
import { type ReceiptDocument, renderReceiptPdf } from './receipt-pdf.ts';

export type Task =
  | { kind: 'cards-pdf'; cards: CardArtwork[]; title: string }
  | { kind: 'preview-png'; card: CardArtwork }
  | { kind: 'letter-pdf'; letter: LetterDocument }
  | { kind: 'receipt-pdf'; receipt: ReceiptDocument }
  | { kind: 'photo'; bytes: Uint8Array }
  | { kind: 'photo-problems'; photos: (Uint8Array | null)[] };

/** A preview without pdftoppm is refused with this marker (errors lose their class between threads). */
export const PREVIEW_UNAVAILABLE = 'preview-unavailable';

export type TaskResult<T extends Task> = T extends { kind: 'photo' }
  ? PhotoOutcome
  : T extends { kind: 'photo-problems' }
    ? (string | null)[]
    : T extends { kind: 'preview-png' }
      ? Uint8Array | typeof PREVIEW_UNAVAILABLE
      : Uint8Array;

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
    case 'photo-problems':
      return task.photos.map((p) => (p ? storedPhotoProblem(asBuffer(p)) : null));
  }
}
