// PNG previews of PDFs, rasterised by Poppler's pdftoppm (Debian: poppler-utils). Nothing is fetched:
// without pdftoppm the preview is refused with a clear message, and the PDF is still there.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PDFTOPPM = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].find((p) => existsSync(p)) ?? null;

export class PreviewUnavailableError extends Error {
  constructor() {
    super('PNG previews need pdftoppm (Debian package poppler-utils); the PDF is available');
    this.name = 'PreviewUnavailableError';
  }
}

/** One page (default the first) of a PDF as a PNG, at `dpi`. */
export async function pdfToPng(pdf: Buffer, dpi = 200, page = 1): Promise<Buffer> {
  if (!PDFTOPPM) throw new PreviewUnavailableError();
  const dir = await mkdtemp(join(tmpdir(), 'lmakort-png-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await new Promise<void>((resolve, reject) => {
      execFile(
        PDFTOPPM as string,
        [
          '-png',
          '-r',
          String(dpi),
          '-f',
          String(page),
          '-l',
          String(page),
          '-singlefile',
          join(dir, 'in.pdf'),
          join(dir, 'out'),
        ],
        { timeout: 30_000 },
        (error) => (error ? reject(error) : resolve()),
      );
    });
    return await readFile(join(dir, 'out.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
