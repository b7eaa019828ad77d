// The document worker pool: CPU-heavy work (PDF and PNG rendering, photo decoding) runs on worker
// threads, so the main thread — routing, the read model, the database, every public lookup — never
// waits for a document. The pool is tinypool (a maintained fork of piscina with no dependencies).
//
// Bounded: at most `threads` tasks run and `queue` more wait; past that a document request is
// refused at once with 503 and Retry-After, never left waiting without end.

import Tinypool from 'tinypool';
import { DEFAULT_RENDER_QUEUE, defaultRenderThreads } from '../config.ts';
import type { CardArtwork } from '../documents/card-artwork.ts';
import type { LetterDocument } from '../documents/letter.ts';
import type { PhotoOutcome } from '../documents/photo.ts';
import type { ReceiptDocument } from '../documents/receipt-pdf.ts';
import { PREVIEW_UNAVAILABLE, type Task, type TaskResult } from '../documents/task-types.ts';
import { AppError } from './app-error.ts';
import type { Statistics } from './statistics.ts';

export const WORKER_URL = new URL('../documents/worker.mjs', import.meta.url);

export interface RenderPoolOptions {
  /** Worker threads; LMA_RENDER_THREADS, by default one fewer than the cores. */
  threads?: number;
  /** Tasks that may wait for a thread; LMA_RENDER_QUEUE, by default 16. */
  queue?: number;
  /** The worker's entry (tests wrap the real one); src/documents/worker.mjs by default. */
  workerUrl?: URL;
  /** Handed to each worker (tinypool's workerData). */
  workerData?: unknown;
}

/** Seconds a refused document request is told to wait. */
export const RENDER_RETRY_AFTER_SECONDS = 5;

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.length);

export class RenderPool {
  readonly threads: number;
  readonly queue: number;
  private readonly pool: Tinypool;
  private inFlight = 0;

  constructor(options: RenderPoolOptions = {}) {
    this.threads = options.threads ?? defaultRenderThreads();
    this.queue = options.queue ?? DEFAULT_RENDER_QUEUE;
    this.pool = new Tinypool({
      filename: (options.workerUrl ?? WORKER_URL).href,
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: 30_000,
      ...(options.workerData !== undefined ? { workerData: options.workerData } : {}),
    });
  }

  /** Tasks running or waiting now. */
  get pending(): number {
    return this.inFlight;
  }

  /** Runs one task on a worker thread; 503 with Retry-After when the pool and its queue are full. */
  async run<T extends Task>(task: T): Promise<TaskResult<T>> {
    if (this.inFlight >= this.threads + this.queue) {
      throw new AppError(
        'busy',
        503,
        'documents are being made at full capacity; try again shortly',
        undefined,
        RENDER_RETRY_AFTER_SECONDS,
      );
    }
    this.inFlight++;
    try {
      return (await this.pool.run(task)) as TaskResult<T>;
    } finally {
      this.inFlight--;
    }
  }

  async cardsPdf(cards: CardArtwork[], title: string): Promise<Buffer> {
    return asBuffer(await this.run({ kind: 'cards-pdf', cards, title }));
  }

  /** The card's preview PNG; 503 naming pdftoppm when the machine has no Poppler. */
  async previewPng(card: CardArtwork): Promise<Buffer> {
    const png = await this.run({ kind: 'preview-png', card });
    if (png === PREVIEW_UNAVAILABLE) {
      throw new AppError(
        'preview_unavailable',
        503,
        'PNG previews need pdftoppm (Debian package poppler-utils); the PDF is available',
      );
    }
    return asBuffer(png);
  }

  async letterPdf(letter: LetterDocument): Promise<Buffer> {
    return asBuffer(await this.run({ kind: 'letter-pdf', letter }));
  }

  async receiptPdf(receipt: ReceiptDocument): Promise<Buffer> {
    return asBuffer(await this.run({ kind: 'receipt-pdf', receipt }));
  }

  statisticsSvg(stats: Statistics): Promise<string> {
    return this.run({ kind: 'statistics-svg', stats });
  }

  /** S3: the photo decoded in full and normalised, or why it is refused. */
  normalisePhoto = (bytes: Buffer): Promise<PhotoOutcome> => this.run({ kind: 'photo', bytes });

  /** For each stored photo (null: none), null when it can go on a card, else why not. */
  photoProblems = (photos: (Buffer | null)[]): Promise<(string | null)[]> =>
    this.run({ kind: 'photo-problems', photos });

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

let shared: RenderPool | null = null;

/**
 * The process's pool, made on first use from LMA_RENDER_THREADS / LMA_RENDER_QUEUE (checked by
 * config.ts when the server starts). Idle threads end after 30 s and do not hold the process open.
 */
export function sharedRenderPool(): RenderPool {
  if (!shared) {
    const threads = Number(process.env.LMA_RENDER_THREADS) || undefined;
    const queue = process.env.LMA_RENDER_QUEUE ? Number(process.env.LMA_RENDER_QUEUE) : undefined;
    shared = new RenderPool({ threads, queue });
  }
  return shared;
}
