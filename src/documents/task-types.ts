// The document worker's tasks as data: what src/services/render-pool.ts sends and gets back. Types
// only (and one marker), so the main thread loads none of the renderers to name them.

import type { Statistics } from '../services/statistics.ts';
import type { CardArtwork } from './card-artwork.ts';
import type { LetterDocument } from './letter.ts';
import type { PhotoOutcome } from './photo.ts';
import type { ReceiptDocument } from './receipt-pdf.ts';

export type Task =
  | { kind: 'cards-pdf'; cards: CardArtwork[]; title: string }
  | { kind: 'preview-png'; card: CardArtwork }
  | { kind: 'letter-pdf'; letter: LetterDocument }
  | { kind: 'receipt-pdf'; receipt: ReceiptDocument }
  | { kind: 'photo'; bytes: Uint8Array }
  | { kind: 'photo-problems'; photos: (Uint8Array | null)[] }
  | { kind: 'statistics-svg'; stats: Statistics };

/** A preview without pdftoppm is refused with this marker (errors lose their class between threads). */
export const PREVIEW_UNAVAILABLE = 'preview-unavailable';

export type TaskResult<T extends Task> = T extends { kind: 'photo' }
  ? PhotoOutcome
  : T extends { kind: 'statistics-svg' }
    ? string
    : T extends { kind: 'photo-problems' }
      ? (string | null)[]
      : T extends { kind: 'preview-png' }
        ? Uint8Array | typeof PREVIEW_UNAVAILABLE
        : Uint8Array;
