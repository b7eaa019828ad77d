// C2: the QR symbol drawn as vector rectangles (one filled path), never a bitmap, so it stays sharp
// at any printer resolution. The matrix comes from `qrcode`; what it encodes comes from qrPayload().

import type PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

type Doc = InstanceType<typeof PDFDocument>;

/** Quiet zone around the symbol, in modules (the standard asks for 4). */
export const QUIET_ZONE = 4;

/** Level Q (25 % recovery): a plastic card gets scratched; C2 asks for M or higher. */
export const ERROR_CORRECTION = 'Q' as const;

export function qrMatrix(payload: string): { size: number; dark: (x: number, y: number) => boolean } {
  const qr = QRCode.create(payload, { errorCorrectionLevel: ERROR_CORRECTION });
  const { size, data } = qr.modules;
  return { size, dark: (x, y) => data[y * size + x] === 1 };
}

/**
 * Draws the symbol with its quiet zone in a square of `side` points at (x, y): a white square, then
 * each row's runs of dark modules as rectangles, filled once.
 */
export function drawQr(doc: Doc, payload: string, x: number, y: number, side: number): void {
  const { size, dark } = qrMatrix(payload);
  const m = side / (size + 2 * QUIET_ZONE);
  doc.save();
  doc.rect(x, y, side, side).fill('#ffffff');
  const ox = x + QUIET_ZONE * m;
  const oy = y + QUIET_ZONE * m;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; ) {
      if (!dark(col, row)) {
        col++;
        continue;
      }
      let end = col;
      while (end < size && dark(end, row)) end++;
      doc.rect(ox + col * m, oy + row * m, (end - col) * m, m);
      col = end;
    }
  }
  doc.fill('#000000');
  doc.restore();
}
