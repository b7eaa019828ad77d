// Reading the documents back the way a person or a scanner would: Poppler renders a PDF page to PNG
// (pdftoppm), extracts its text (pdftotext) and the size of each line of type (pdftohtml) and reads the
// page sizes (pdfinfo); jsQR — an independent decoder — reads the QR code from the rendered pixels.
// Without Poppler these tests skip, unless LMA_REQUIRE_TOOLS=1 (CI) makes that fail.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { pdfToPng } from '../../src/documents/png.ts';

const POPPLER = ['pdftoppm', 'pdftotext', 'pdfinfo', 'pdftohtml'].every((tool) =>
  existsSync(`/usr/bin/${tool}`),
);
export const HB_SHAPE = existsSync('/usr/bin/hb-shape') ? '/usr/bin/hb-shape' : null;

/** `skip` for node:test: false when the tools are there; throws when required but missing. */
export function needsTool(present: boolean, what: string): false | string {
  if (present) return false;
  if (process.env.LMA_REQUIRE_TOOLS === '1') throw new Error(`LMA_REQUIRE_TOOLS=1 but ${what} is missing`);
  return `${what} is not installed (apt-get install poppler-utils libharfbuzz-bin)`;
}
export const needsPoppler = () => needsTool(POPPLER, 'pdftoppm/pdftotext/pdfinfo/pdftohtml (poppler-utils)');

/** Where a Poppler tool's arguments take the PDF's file name. */
const FILE = '\0file';

/** Runs a Poppler tool on a PDF written to a temporary file; `args` places the file (`FILE`). */
function poppler(tool: string, pdf: Buffer, args: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lmakort-doc-test-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return execFileSync(
      tool,
      args.map((a) => (a === FILE ? file : a)),
      { encoding: 'utf8' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const pages = (first: number, last = first) => ['-f', String(first), '-l', String(last)];

/** One page (1-based) of a PDF as PNG bytes, at `dpi` (Poppler, as the product's previews). */
export function renderPage(pdf: Buffer, page: number, dpi = 300): Promise<Buffer> {
  return pdfToPng(pdf, dpi, page);
}

/** The text of a PDF (or of one page), as pdftotext reads it. */
export function pdfText(pdf: Buffer, page?: number): string {
  return poppler('pdftotext', pdf, [...(page ? pages(page) : []), '-layout', FILE, '-']);
}

export function pageCount(pdf: Buffer): number {
  return Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf, [FILE]))?.[1]);
}

/** Each page's size in points, as pdfinfo reads the page boxes. */
export function pageSizes(pdf: Buffer): { width: number; height: number }[] {
  const info = poppler('pdfinfo', pdf, [...pages(1, pageCount(pdf)), FILE]);
  return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
  }));
}

/**
 * Each line of text on a page with its font size in points, as pdftohtml reads it. pdftohtml gives
 * sizes in whole units at its largest zoom, 3, so a size is known to within a sixth of a point.
 */
export function textSizes(pdf: Buffer, page: number): { text: string; size: number }[] {
  const zoom = 3;
  const xml = poppler('pdftohtml', pdf, [
    ...pages(page),
    '-xml',
    '-i',
    '-stdout',
    '-zoom',
    String(zoom),
    FILE,
  ]);
  const sizes = new Map(
    [...xml.matchAll(/<fontspec id="(\d+)" size="(\d+)"/g)].map((m) => [m[1], Number(m[2]) / zoom]),
  );
  return [...xml.matchAll(/<text [^>]*font="(\d+)">(.*?)<\/text>/g)].map((m) => ({
    text: (m[2] as string).replace(/<[^>]+>/g, ''),
    size: sizes.get(m[1] as string) ?? Number.NaN,
  }));
}

// jsqr is CommonJS whose module.exports is the decoder; its types describe it as `default`.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/** Decodes the QR code in a PNG with jsQR; null when none is found. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const found = jsQR(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  );
  return found?.data ?? null;
}
