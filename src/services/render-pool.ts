// The document worker pool: CPU-heavy work (PDF and PNG rendering, photo decoding) runs on worker
// threads, so the main thread — routing, the read model, the database, every public lookup — never
// waits for a document. The pool is tinypool (a maintained fork of piscina with no dependencies).
//
// Bounded: at most `threads` tasks run and `queue` more wait; past that a document request is
// refused at once with 503 and Retry-After, never left waiting without end.

import { Readable } from 'node:stream';
import { MessageChannel, type Transferable } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { DEFAULT_RENDER_QUEUE, defaultRenderThreads } from '../config.ts';
import type { CardArtwork } from '../documents/card-artwork.ts';
import type { LetterDocument } from '../documents/letter.ts';
import type { PhotoOutcome } from '../documents/photo.ts';
import type { ReceiptDocument } from '../documents/receipt-pdf.ts';
import type { ChartLabels } from '../documents/statistics-svg.ts';
import {
  PREVIEW_UNAVAILABLE,
  type StreamReply,
  type StreamRequest,
  type Task,
  type TaskResult,
} from '../documents/task-types.ts';
import { type BackgroundPriority, backgroundThreadEnv } from '../thread-priority.ts';
import { AppError } from './app-error.ts';
import type { RegisterExtract } from './register-extract.ts';
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
  /** How its threads give way to lookups; LMA_BACKGROUND_PRIORITY by default. */
  priority?: BackgroundPriority;
}

/** Seconds a refused document request is told to wait. */
export const RENDER_RETRY_AFTER_SECONDS = 5;

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.length);

export class RenderPool {
  readonly threads: number;
  readonly queue: number;
  private readonly pool: Tinypool;
  private inFlight = 0;
  private streaming = false;

  constructor(options: RenderPoolOptions = {}) {
    this.threads = options.threads ?? defaultRenderThreads();
    this.queue = options.queue ?? DEFAULT_RENDER_QUEUE;
    this.pool = new Tinypool({
      filename: (options.workerUrl ?? WORKER_URL).href,
      minThreads: 0,
      maxThreads: this.threads,
      // The worker loads TypeScript itself (worker.mjs registers tsx once). Without this a worker
      // would also inherit the parent's `--import tsx` (as under the test runner) and register the
      // hooks twice, on a start-up path that production never takes.
      execArgv: [],
      idleTimeout: 30_000,
      env: backgroundThreadEnv(options.priority) as Record<string, string>,
      ...(options.workerData !== undefined ? { workerData: options.workerData } : {}),
    });
  }

  /** Tasks running or waiting now. */
  get pending(): number {
    return this.inFlight;
  }

  private admit(): void {
    if (this.inFlight >= this.threads + this.queue) {
      throw new AppError(
        'busy',
        'documents are being made at full capacity; try again shortly',
        undefined,
        RENDER_RETRY_AFTER_SECONDS,
      );
    }
  }

  /** Runs one task on a worker thread; 503 with Retry-After when the pool and its queue are full. */
  async run<T extends Task>(task: T, transferList?: Transferable[]): Promise<TaskResult<T>> {
    this.admit();
    this.inFlight++;
    try {
      return (await this.pool.run(task, transferList ? { transferList } : {})) as TaskResult<T>;
    } finally {
      this.inFlight--;
    }
  }

  /** 409 while a print batch is being made (one at a time per process): before any work for another. */
  checkBatchFree(): void {
    if (this.streaming) {
      throw new AppError(
        'batch_in_progress',
        'a print batch PDF is being made; ask again when it is done',
        undefined,
        RENDER_RETRY_AFTER_SECONDS,
      );
    }
  }

  /**
   * A print batch's PDF as a stream, made as it is read: `pages` yields the cards a page at a time
   * and is asked for the next page only when the reader wants more, so memory stays flat whatever
   * the batch's size and a slow reader slows the rendering instead of filling memory. One batch at a
   * time: while one is being made another is refused with 409 (and Retry-After), never made twice.
   * The bytes are renderCardsPdf's for the same cards.
   */
  streamBatch(title: string, pages: AsyncIterator<CardArtwork[]>): Readable {
    this.checkBatchFree();
    this.admit();
    this.streaming = true;
    this.inFlight++;
    const { port1, port2 } = new MessageChannel();
    port1.unref(); // the pool's task holds the process while the batch is made, not the port
    let ready = false; // the worker listens: nothing is sent to it before
    let asking = false;
    let sourceDone = false;
    let wantMore = true;
    let endWhenReady = false;
    const send = (request: StreamRequest) => port1.postMessage(request);
    const out = new Readable({
      read() {
        wantMore = true;
        if (ready && !asking && !sourceDone) void askForPage();
      },
      destroy(error, callback) {
        // The reader went away (or something failed): the worker ends the PDF at once.
        if (!sourceDone) {
          sourceDone = true;
          if (ready) send({ end: true });
          else endWhenReady = true;
        }
        callback(error);
      },
    });
    const askForPage = async () => {
      asking = true;
      try {
        const next = await pages.next();
        if (out.destroyed) return;
        if (next.done) {
          sourceDone = true;
          send({ end: true });
        } else {
          send({ cards: next.value });
        }
      } catch (error) {
        out.destroy(error as Error);
      }
    };
    port1.on('message', (reply: StreamReply) => {
      if ('ready' in reply) {
        ready = true;
        if (endWhenReady) send({ end: true });
        else if (wantMore && !asking && !sourceDone) void askForPage();
        return;
      }
      if ('finished' in reply) {
        this.streaming = false; // the PDF is whole: the next batch may start
        port1.close();
        if (!out.destroyed) out.push(null);
        return;
      }
      if (out.destroyed) return;
      if ('chunk' in reply) {
        wantMore = out.push(Buffer.from(reply.chunk.buffer, reply.chunk.byteOffset, reply.chunk.length));
      } else {
        asking = false;
        if (wantMore && !sourceDone) void askForPage();
      }
    });
    this.pool
      .run({ kind: 'cards-pdf-stream', title, port: port2 } satisfies Task, { transferList: [port2] })
      .catch((error: Error) => {
        port1.close();
        out.destroy(error);
      })
      .finally(() => {
        this.inFlight--;
        this.streaming = false;
      });
    return out;
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
        'PNG previews need pdftoppm (Debian package poppler-utils); the PDF is available',
      );
    }
    return asBuffer(png);
  }

  async letterPdf(letter: LetterDocument): Promise<Buffer> {
    return asBuffer(await this.run({ kind: 'letter-pdf', letter }));
  }

  /** The register extract, in the holder's language with Swedish alongside. */
  async extractPdf(extract: RegisterExtract): Promise<Buffer> {
    return asBuffer(await this.run({ kind: 'extract-pdf', extract }));
  }

  async receiptPdf(receipt: ReceiptDocument): Promise<Buffer> {
    return asBuffer(await this.run({ kind: 'receipt-pdf', receipt }));
  }

  statisticsSvg(stats: Statistics, labels?: ChartLabels): Promise<string> {
    return this.run({ kind: 'statistics-svg', stats, ...(labels ? { labels } : {}) });
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
