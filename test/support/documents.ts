// Reading the documents back the way a person or a scanner would: Poppler renders a PDF page to PNG
// (pdftoppm) or extracts its text (pdftotext); jsQR — an independent decoder — reads the QR code from
// the rendered pixels. Without Poppler these tests skip, unless LMA_REQUIRE_TOOLS=1 (CI) makes that fail.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { pdfToPng } from '../../src/documents/png.ts';

const POPPLER = existsSync('/usr/bin/pdftoppm') && existsSync('/usr/bin/pdftotext');
export const HB_SHAPE = existsSync('/usr/bin/hb-shape') ? '/usr/bin/hb-shape' : null;

/** `skip` for node:test: false when the tools are there; throws when required but missing. */
export function needsTool(present: boolean, what: string): false | string {
  if (present) return false;
  if (process.env.LMA_REQUIRE_TOOLS === '1') throw new Error(`LMA_REQUIRE_TOOLS=1 but ${what} is missing`);
  return `${what} is not installed (apt-get install poppler-utils libharfbuzz-bin)`;
}
export const needsPoppler = () => needsTool(POPPLER, 'pdftoppm/pdftotext (poppler-utils)');

function withTemp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'lmakort-doc-test-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One page (1-based) of a PDF as PNG bytes, at `dpi` (Poppler, as the product's previews). */
export function renderPage(pdf: Buffer, page: number, dpi = 300): Promise<Buffer> {
  return pdfToPng(pdf, dpi, page);
}

/** The text of a PDF (or of one page), as pdftotext reads it. */
export function pdfText(pdf: Buffer, page?: number): string {
  return withTemp((dir) => {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const range = page ? ['-f', String(page), '-l', String(page)] : [];
    return execFileSync('pdftotext', [...range, '-layout', join(dir, 'in.pdf'), '-'], { encoding: 'utf8' });
  });
}

export function pageCount(pdf: Buffer): number {
  return withTemp((dir) => {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const info = execFileSync('pdfinfo', [join(dir, 'in.pdf')], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  });
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
