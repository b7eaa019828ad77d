// C9: a verified receipt as a one-page PDF for a patient record or an employer's file: the answer in
// big words, AT-UND, when it was checked (Swedish time and the ISO instant), the code in groups, the
// key, the JWS itself in small print and as a QR code, and how anyone can check it again. Built-in
// PDF fonts only (Helvetica/Courier, WinAnsi covers å ä ö), so Swedish and English; a page asked for
// in another language gets both. The words are the receipt's catalogue (receipt-texts.ts).

import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { fill } from '../catalogue.ts';
import { stockholmDate, stockholmTime } from '../domain/calendar.ts';
import { formatCardCode } from '../domain/card-code.ts';
import type { ReceiptPayload } from '../services/receipt.ts';
import { RECEIPT_TEXTS, type ReceiptTexts } from './receipt-texts.ts';

export type ReceiptLanguage = 'sv' | 'en' | 'both';

const COLOURS: Record<ReceiptPayload['result'], string> = {
  valid: '#0a6b2d',
  not_valid: '#b00020',
  unknown: '#444444',
};

export interface ReceiptDocument {
  payload: ReceiptPayload;
  kid: string;
  jws: string;
  language: ReceiptLanguage;
  /** Where the public keys are published: {PUBLIC_BASE_URL}/.well-known/jwks.json. */
  jwksUrl: string;
}

/** Renders the receipt; resolves with the PDF's bytes. */
export function renderReceiptPdf(r: ReceiptDocument): Promise<Buffer> {
  const at = new Date(r.payload.checkedAt);
  const langs: ('sv' | 'en')[] = r.language === 'both' ? ['sv', 'en'] : [r.language];
  const main = RECEIPT_TEXTS[langs[0] as 'sv' | 'en'];
  const second = langs[1] ? RECEIPT_TEXTS[langs[1]] : null;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 48, left: 56, right: 56 },
    info: {
      Title: main.title,
      Producer: 'lmakort',
      Creator: 'lmakort',
      // The document says when the check was, not when the PDF was made (same receipt, same file).
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const both = (pick: (w: ReceiptTexts) => string) =>
    second ? `${pick(main)} / ${pick(second)}` : pick(main);

  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .fillColor('#111111')
    .text(
      both((w) => w.title),
      left,
      56,
      { width },
    );
  doc.moveDown(0.8);

  if (r.payload.specimen) {
    const y = doc.y;
    doc.rect(left, y, width, 34).fill('#dddddd');
    doc
      .fillColor('#111111')
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(
        both((w) => w.specimen),
        left + 12,
        y + 9,
        { width: width - 24 },
      );
    doc.y = y + 46;
  }

  // The answer, big, in words (colour only repeats what the words say).
  const colour = r.payload.specimen ? '#444444' : COLOURS[r.payload.result];
  const boxTop = doc.y;
  doc.font('Helvetica-Bold').fontSize(34);
  const headline = main.headline[r.payload.result];
  const headlineHeight = doc.heightOfString(headline, { width: width - 32 });
  const subHeight = second ? 26 : 0;
  const boxHeight = headlineHeight + subHeight + 28;
  doc.lineWidth(3).roundedRect(left, boxTop, width, boxHeight, 10).stroke(colour);
  doc.fillColor(colour).text(headline, left + 16, boxTop + 14, { width: width - 32 });
  if (second) {
    doc
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(second.headline[r.payload.result], left + 16, doc.y + 2, {
        width: width - 32,
      });
  }
  doc.y = boxTop + boxHeight + 14;

  doc.fillColor('#111111').font('Helvetica-Bold').fontSize(14);
  if (r.payload.result !== 'unknown') {
    doc.text(r.payload.atUnd ? main.atUnd : main.noAtUnd, left, doc.y, { width });
    if (second)
      doc
        .font('Helvetica')
        .fontSize(11)
        .text(r.payload.atUnd ? second.atUnd : second.noAtUnd);
    doc.moveDown(0.6);
  }

  const date = stockholmDate(at);
  const time = stockholmTime(at);
  const row = (label: string, value: string, font = 'Helvetica') => {
    doc.font('Helvetica').fontSize(10).fillColor('#444444').text(label, left, doc.y, { width });
    doc.font(font).fontSize(13).fillColor('#111111').text(value, { width });
    doc.moveDown(0.4);
  };
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .fillColor('#111111')
    .text(fill(main.checked, { date, time }), left, doc.y, { width });
  if (second) doc.font('Helvetica').fontSize(11).text(fill(second.checked, { date, time }), { width });
  doc.moveDown(0.6);
  row(
    both((w) => w.instant),
    at.toISOString(),
    'Courier',
  );
  row(
    both((w) => w.code),
    formatCardCode(r.payload.code),
    'Courier-Bold',
  );
  row(
    both((w) => w.key),
    r.kid,
    'Courier',
  );

  // The JWS itself: small print beside its QR code, so the receipt can be checked from paper too.
  doc.moveDown(0.4);
  const blockTop = doc.y;
  const qrSize = 170;
  const qr = qrModules(r.jws);
  const textWidth = qr ? width - qrSize - 16 : width;
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor('#111111')
    .text(
      both((w) => w.signed),
      left,
      blockTop,
      {
        width: textWidth,
      },
    );
  doc.font('Courier').fontSize(7).fillColor('#222222').text(r.jws, { width: textWidth, lineGap: 1 });
  const textBottom = doc.y;
  if (qr) {
    const cell = qrSize / (qr.size + 8);
    const x0 = left + width - qrSize + 4 * cell;
    const y0 = blockTop + 4 * cell;
    doc.fillColor('#000000');
    for (let y = 0; y < qr.size; y++) {
      for (let x = 0; x < qr.size; x++) {
        if (qr.data[y * qr.size + x]) doc.rect(x0 + x * cell, y0 + y * cell, cell, cell);
      }
    }
    doc.fill();
  }
  doc.y = Math.max(textBottom, qr ? blockTop + qrSize : 0) + 12;

  doc.font('Helvetica').fontSize(9.5).fillColor('#111111');
  for (const w of langs.map((l) => RECEIPT_TEXTS[l])) {
    doc.text(w.howTo[0], left, doc.y, { width });
    doc.font('Courier-Bold').text(r.jwksUrl, { width });
    doc.font('Helvetica').text(w.howTo[1], { width });
    doc.moveDown(0.3);
    doc.text(w.note, { width });
    doc.moveDown(0.6);
  }
  doc.end();
  return done;
}

/** The QR code of the JWS (error correction M), or null when it would not fit (it always does so far). */
function qrModules(text: string): { size: number; data: Uint8Array } | null {
  try {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    return modules.size <= 101 ? { size: modules.size, data: modules.data } : null;
  } catch {
    return null;
  }
}
