// What the document worker threads do (src/services/render-pool.ts runs them): every CPU-heavy piece
// of making a document — card artwork and print batches, previews, letters, receipts, the statistics
// chart, decoding and normalising photos. Each task is plain data in, plain data out, so it crosses
// the thread boundary by structured clone; the renderers are the same functions the main thread
// used to call, so a document made here is byte for byte what it was.

import type { MessagePort } from 'node:worker_threads';
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  type CardArtwork,
  drawCardBack,
  drawCardFront,
  newDocument,
  renderCardsPdf,
  renderPreviewPdf,
} from './card-artwork.ts';
import { renderLetterPdf } from './letter.ts';
import { photoOutcome, storedPhotoProblem } from './photo.ts';
import { PreviewUnavailableError, pdfToPng } from './png.ts';
import { renderReceiptPdf } from './receipt-pdf.ts';
import { renderRegisterExtractPdf } from './register-extract-pdf.ts';
import { renderStatisticsSvg } from './statistics-svg.ts';
import { PREVIEW_UNAVAILABLE, type StreamReply, type StreamRequest, type Task } from './task-types.ts';

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
    case 'extract-pdf':
      return renderRegisterExtractPdf(task.extract);
    case 'photo':
      return photoOutcome(task.bytes);
    case 'cards-pdf-stream':
      return streamCardsPdf(task.title, task.port);
    case 'statistics-svg':
      return renderStatisticsSvg(task.stats, task.labels);
    case 'photo-problems':
      return task.photos.map((p) => (p ? storedPhotoProblem(asBuffer(p)) : null));
  }
}

/**
 * A print batch made as it is sent (renderCardsPdf's pages, in the same order, so the same bytes):
 * the main thread hands over a page of cards at a time when its reader wants more; each page's PDF
 * bytes go back as soon as they are written. Memory holds one page of cards, whatever the batch.
 * Resolves with the number of PDF pages.
 */
async function streamCardsPdf(title: string, port: MessagePort): Promise<number> {
  const doc = newDocument([CARD_WIDTH, CARD_HEIGHT], title);
  let chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const send = (reply: StreamReply) => port.postMessage(reply);
  const flush = () => {
    if (chunks.length === 0) return;
    send({ chunk: Buffer.concat(chunks) });
    chunks = [];
  };
  // One listener for the whole run: a message that comes while a page is being drawn waits here.
  const inbox: StreamRequest[] = [];
  let waiting: ((request: StreamRequest) => void) | null = null;
  port.on('message', (request: StreamRequest) => {
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(request);
    } else inbox.push(request);
  });
  const next = () =>
    new Promise<StreamRequest>((resolve) => {
      const queued = inbox.shift();
      if (queued) resolve(queued);
      else waiting = resolve;
    });
  send({ ready: true });
  let pages = 0;
  try {
    for (;;) {
      const request = await next();
      if ('end' in request) break;
      for (const card of request.cards.map(withBufferPhoto)) {
        doc.addPage({ size: [CARD_WIDTH, CARD_HEIGHT], margin: 0 });
        drawCardFront(doc, card);
        doc.addPage({ size: [CARD_WIDTH, CARD_HEIGHT], margin: 0 });
        drawCardBack(doc, card);
        pages += 2;
      }
      await new Promise((resolve) => setImmediate(resolve)); // PDFKit's 'data' events come on a later tick
      flush();
      send({ pageDone: true });
    }
    doc.end();
    await ended;
    flush();
    send({ finished: true });
    return pages;
  } finally {
    // Not closed here: a port closed right after a message may drop it. The main thread closes it.
    port.removeAllListeners('message');
    port.unref();
  }
}
