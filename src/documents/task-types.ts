// The document worker's tasks as data: what src/services/render-pool.ts sends and gets back. Types
// only (and one marker), so the main thread loads none of the renderers to name them.

import type { MessagePort } from 'node:worker_threads';
import type { RegisterExtract } from '../services/register-extract.ts';
import type { Statistics } from '../services/statistics.ts';
import type { CardArtwork } from './card-artwork.ts';
import type { LetterDocument } from './letter.ts';
import type { PhotoOutcome } from './photo.ts';
import type { ReceiptDocument } from './receipt-pdf.ts';
import type { ChartLabels } from './statistics-svg.ts';

export type Task =
  | { kind: 'cards-pdf'; cards: CardArtwork[]; title: string }
  | { kind: 'preview-png'; card: CardArtwork }
  | { kind: 'letter-pdf'; letter: LetterDocument }
  | { kind: 'receipt-pdf'; receipt: ReceiptDocument }
  | { kind: 'extract-pdf'; extract: RegisterExtract }
  | { kind: 'photo'; bytes: Uint8Array }
  | { kind: 'photo-problems'; photos: (Uint8Array | null)[] }
  | { kind: 'statistics-svg'; stats: Statistics; labels?: ChartLabels }
  | { kind: 'cards-pdf-stream'; title: string; port: MessagePort };

/** From the main thread to a streaming batch: the next cards, or the end. */
export type StreamRequest = { cards: CardArtwork[] } | { end: true };
/**
 * From a streaming batch to the main thread: listening (nothing is sent to the worker before: a
 * message to a port not yet listened to may never arrive), PDF bytes, a page done, the PDF finished.
 */
export type StreamReply = { ready: true } | { chunk: Uint8Array } | { pageDone: true } | { finished: true };

/** A preview without pdftoppm is refused with this marker (errors lose their class between threads). */
export const PREVIEW_UNAVAILABLE = 'preview-unavailable';

export type TaskResult<T extends Task> = T extends { kind: 'photo' }
  ? PhotoOutcome
  : T extends { kind: 'cards-pdf-stream' }
    ? number
    : T extends { kind: 'statistics-svg' }
      ? string
      : T extends { kind: 'photo-problems' }
        ? (string | null)[]
        : T extends { kind: 'preview-png' }
          ? Uint8Array | typeof PREVIEW_UNAVAILABLE
          : Uint8Array;
