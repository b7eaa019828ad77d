// The embedded database's data directory as a gzipped tarball, written to a file. A backup makes it on
// a worker thread of its own (writeDataDirTarGzOffThread, entry data-dir-tar-worker.mjs, at a lower
// priority): the hundreds of MB of Buffers a large copy reads and compresses live in that thread's
// heap, so the main thread — which answers every lookup — only waits for one message, and its garbage
// collector never sees them. On that thread each file is read in 64 KB chunks and compressed there too
// (gzipOnThisThread), with back-pressure, so memory stays flat whatever the size.
// The layout is PGlite's own dumpDataDir's (each entry named from the data directory's root, with a
// leading "/", directories as their own entries), so `lmakort restore` (PGlite's loadDataDir) reads it.

import { once } from 'node:events';
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { type BackgroundPriority, backgroundThreadEnv } from '../thread-priority.ts';

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A POSIX ustar header for one entry. */
export function tarHeader(
  name: string,
  stats: Pick<Stats, 'mode' | 'mtimeMs'>,
  size: number,
  type: '0' | '5',
) {
  const header = Buffer.alloc(BLOCK);
  let entry = name;
  let prefix = '';
  if (Buffer.byteLength(entry) > 100) {
    const cut = entry.lastIndexOf('/', 154);
    prefix = entry.slice(0, cut);
    entry = entry.slice(cut + 1);
    if (cut <= 0 || Buffer.byteLength(entry) > 100 || Buffer.byteLength(prefix) > 155) {
      throw new Error(`a path too long for a tar header: ${name}`);
    }
  }
  header.write(entry, 0, 100, 'utf8');
  header.write(octal(stats.mode & 0o7777, 8), 100, 8, 'latin1');
  header.write(octal(0, 8), 108, 8, 'latin1');
  header.write(octal(0, 8), 116, 8, 'latin1');
  header.write(octal(size, 12), 124, 12, 'latin1');
  header.write(octal(Math.floor(stats.mtimeMs / 1000), 12), 136, 12, 'latin1');
  header.write('        ', 148, 8, 'latin1'); // the checksum counts its own field as spaces
  header.write(type, 156, 1, 'latin1');
  header.write('ustar\0', 257, 6, 'latin1');
  header.write('00', 263, 2, 'latin1');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return header;
}

async function put(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function addTree(out: Writable, root: string, relative: string): Promise<void> {
  const dir = join(root, relative);
  for (const name of (await readdir(dir)).sort()) {
    const entry = `${relative}/${name}`;
    const stats = await stat(join(root, entry));
    if (stats.isDirectory()) {
      await put(out, tarHeader(entry, stats, 0, '5'));
      await addTree(out, root, entry);
    } else if (stats.isFile()) {
      await put(out, tarHeader(entry, stats, stats.size, '0'));
      let written = 0;
      for await (const chunk of createReadStream(join(root, entry), { highWaterMark: 64 * 1024 })) {
        const bytes = chunk as Buffer;
        const room = stats.size - written;
        if (room <= 0) break;
        const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
        await put(out, part);
        written += part.length;
      }
      if (written < stats.size) throw new Error(`${entry} changed size while it was copied`);
      const pad = (BLOCK - (stats.size % BLOCK)) % BLOCK;
      if (pad > 0) await put(out, Buffer.alloc(pad));
    }
  }
}

/** Bytes compressed at a time. */
const PIECE = 1 << 20;
/** A gzip header: deflate, no name, no time, unknown system (RFC 1952 §2.3). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * gzip made on the calling thread, one gzip member whose deflate stream is compressed a PIECE at a
 * time: each piece on its own, ended with a sync flush (byte-aligned, not final), then an empty final
 * block, as pigz joins its blocks; the trailer's CRC-32 and length cover all of it. Node's streaming
 * gzip compresses on libuv's thread pool, whose threads keep the process's full priority; here it
 * runs on the backup's own thread, whose priority is lowered, so compressing never competes with the
 * lookups on equal terms.
 */
function gzipOnThisThread(): Transform {
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let crc = 0;
  let total = 0;
  const piece = () => {
    const input = Buffer.concat(pending, pendingSize);
    pending = [];
    pendingSize = 0;
    crc = crc32(input, crc);
    total += input.length;
    return deflateRawSync(input, { finishFlush: constants.Z_SYNC_FLUSH });
  };
  const gzip = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      pendingSize += chunk.length;
      done(null, pendingSize >= PIECE ? piece() : undefined);
    },
    flush(done) {
      const last = pendingSize > 0 ? piece() : Buffer.alloc(0);
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(crc >>> 0, 0);
      trailer.writeUInt32LE(total % 2 ** 32, 4);
      done(null, Buffer.concat([last, deflateRawSync(Buffer.alloc(0)), trailer]));
    },
  });
  gzip.push(GZIP_HEADER);
  return gzip;
}

/** Writes `root` as a .tar.gz to `file` on the calling thread; resolves once it is on disk. */
export async function writeDataDirTarGz(root: string, file: string): Promise<void> {
  const gzip = gzipOnThisThread();
  const written = pipeline(gzip, createWriteStream(file));
  try {
    await addTree(gzip, root, '');
    await put(gzip, Buffer.alloc(2 * BLOCK));
    gzip.end();
  } catch (error) {
    gzip.destroy(error as Error);
    await written.catch(() => {});
    throw error;
  }
  await written;
}

/** The copy's worker thread entry. */
export const DATA_DIR_TAR_WORKER_URL = new URL('./data-dir-tar-worker.mjs', import.meta.url);

type WorkerAnswer = { ok: true } | { ok: false; message: string; code?: string };

/**
 * Writes `root` as a .tar.gz to `file` on a new worker thread (one per call: backups are rare, and the
 * document threads stay free for documents). Resolves once the file is complete; rejects with the
 * copy's own error (a file that changed size, a missing directory), or if the thread stops without
 * an answer. The thread has ended by the time it settles. The thread gives way to lookups as
 * `priority` says (by default as LMA_BACKGROUND_PRIORITY does); `entry` is for tests.
 */
export function writeDataDirTarGzOffThread(
  root: string,
  file: string,
  { priority, entry = DATA_DIR_TAR_WORKER_URL }: { priority?: BackgroundPriority; entry?: URL } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    // The entry registers tsx itself; without `execArgv: []` it would also inherit the parent's
    // `--import tsx` (as under the test runner) and register the hooks twice.
    const worker = new Worker(entry, {
      workerData: { root, file },
      execArgv: [],
      env: backgroundThreadEnv(priority),
    });
    let answer: WorkerAnswer | undefined;
    let failure: Error | undefined;
    worker.once('message', (message: WorkerAnswer) => {
      answer = message;
      // Its work is done; nothing is left for it to do but exit.
      void worker.terminate();
    });
    worker.once('error', (error) => {
      failure = error;
    });
    worker.once('exit', (exitCode) => {
      if (answer?.ok) return resolve();
      if (answer) {
        return reject(Object.assign(new Error(answer.message), answer.code ? { code: answer.code } : {}));
      }
      reject(
        failure ?? new Error(`the backup thread stopped (exit code ${exitCode}) before the copy was done`),
      );
    });
  });
}
