// Card artwork (R1, C1, C2): the front (photo, name, birth date, nationality, card number, QR code)
// and the back (the lookup address, the code in groups, how to check), at ID-1 size (85.6 × 54 mm,
// rounded to the 86 × 54 the card printer takes). A card is two pages, front then back — what a
// card printer expects — and a production batch is those pages for every card, in order.

import PDFDocument from 'pdfkit';
import { formatCardCode } from '../domain/card-code.ts';
import { drawQr } from './qr.ts';
import { type Direction, drawLine, layoutParagraph, registerFaces, type TextStyle } from './text-layout.ts';
import TEXT from './texts/card.json' with { type: 'json' };

type Doc = InstanceType<typeof PDFDocument>;

const MM = 72 / 25.4;
export const CARD_WIDTH = 86 * MM;
export const CARD_HEIGHT = 54 * MM;

/** Everything printed on one card; built by the service from the applicant and the card. */
export interface CardArtwork {
  cardNumber: string;
  code: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  nationality: string;
  photo: { contentType: string; bytes: Buffer } | null;
  /** C2: the QR code's content (qrPayload). */
  qrPayload: string;
  /** `{PUBLIC_BASE_URL}/k/`, printed on the back before the code. */
  lookupBase: string;
}

const INK = '#10243e';
const GREY = '#5b6776';
const BAND = '#dfe9f5';

/** Fixed metadata, so the same card renders to the same bytes (golden files, reproducible batches). */
export function newDocument(size: [number, number], title: string): Doc {
  const doc = new PDFDocument({
    size,
    margin: 0,
    autoFirstPage: false,
    info: { Title: title, Producer: 'lmakort', Creator: 'lmakort', CreationDate: new Date(0) },
  });
  registerFaces(doc);
  return doc;
}

/** One line of text, shrunk (down to `min`) until it fits `width`. */
function fitLine(
  doc: Doc,
  text: string,
  x: number,
  baseline: number,
  width: number,
  style: TextStyle,
  min = 4.5,
) {
  let size = style.size;
  for (;;) {
    const dir: Direction = 'ltr';
    const lines = layoutParagraph(doc, text, Number.POSITIVE_INFINITY, { ...style, size }, dir);
    const line = lines[0];
    if (!line) return;
    if (line.width <= width || size <= min) {
      drawLine(doc, line, { x, y: 0, width }, baseline, { ...style, size }, dir);
      return;
    }
    size -= 0.25;
  }
}

function label(doc: Doc, text: string, x: number, baseline: number, width: number) {
  fitLine(doc, text, x, baseline, width, { size: 4.2, color: GREY }, 3.5);
}

export function drawCardFront(doc: Doc, card: CardArtwork, ox = 0, oy = 0): void {
  const W = CARD_WIDTH;
  doc.save();
  doc.rect(ox, oy, W, CARD_HEIGHT).fill('#ffffff');
  doc.rect(ox, oy, W, 9 * MM).fill(BAND);
  fitLine(doc, TEXT.title, ox + 4 * MM, oy + 5 * MM, 30 * MM, { size: 9.5, bold: true, color: INK });
  fitLine(doc, TEXT.subtitle, ox + 4 * MM, oy + 7.6 * MM, 40 * MM, { size: 5, color: INK });
  const country = layoutParagraph(doc, TEXT.country, 1e6, { size: 5.2, bold: true }, 'ltr')[0];
  if (country)
    drawLine(
      doc,
      country,
      { x: ox, y: 0, width: W - 4 * MM, align: 'end' },
      oy + 5 * MM,
      { size: 5.2, bold: true, color: INK },
      'ltr',
    );

  // Photo, 20 × 25 mm, cropped to fill its frame.
  const px = ox + 4 * MM;
  const py = oy + 11.5 * MM;
  const pw = 20 * MM;
  const ph = 25 * MM;
  doc.rect(px, py, pw, ph).fill('#e9ecef');
  if (card.photo) {
    doc.save();
    doc.rect(px, py, pw, ph).clip();
    doc.image(card.photo.bytes, px, py, { cover: [pw, ph], align: 'center', valign: 'center' });
    doc.restore();
  }
  // R1: the card number under the photo.
  label(doc, TEXT.cardNumber, px, py + ph + 3.2 * MM, 30 * MM);
  fitLine(doc, card.cardNumber, px, py + ph + 6.6 * MM, 34 * MM, { size: 8.5, bold: true, color: INK });

  const fx = ox + 27 * MM;
  const fw = 34 * MM;
  const fields: [string, string][] = [
    [TEXT.surname, card.familyName],
    [TEXT.givenName, card.givenName],
    [TEXT.birthDate, card.birthDate],
    [TEXT.nationality, card.nationality],
  ];
  let y = py + 2 * MM;
  for (const [name, value] of fields) {
    label(doc, name, fx, y, fw);
    fitLine(doc, value, fx, y + 3.4 * MM, fw, { size: 7.5, bold: true, color: INK });
    y += 6.6 * MM;
  }

  // C2: the QR code, vector, with its quiet zone.
  const side = 20 * MM;
  const qx = ox + W - 3 * MM - side;
  drawQr(doc, card.qrPayload, qx, py - 1 * MM, side);
  const scan = layoutParagraph(doc, TEXT.scan, side + 4 * MM, { size: 3.8 }, 'ltr');
  let sy = py + side + 1.2 * MM;
  for (const line of scan) {
    drawLine(
      doc,
      line,
      { x: qx - 2 * MM, y: 0, width: side + 4 * MM, align: 'center' },
      sy,
      { size: 3.8, color: GREY },
      'ltr',
    );
    sy += 5;
  }
  doc.restore();
}

export function drawCardBack(doc: Doc, card: CardArtwork, ox = 0, oy = 0): void {
  const W = CARD_WIDTH;
  const x = ox + 5 * MM;
  const w = W - 10 * MM;
  doc.save();
  doc.rect(ox, oy, W, CARD_HEIGHT).fill('#ffffff');
  doc.rect(ox, oy, W, 2.5 * MM).fill(BAND);
  fitLine(doc, TEXT.backTitle, x, oy + 8 * MM, w, { size: 7.5, bold: true, color: INK });
  label(doc, TEXT.backAddress, x, oy + 12.5 * MM, w);
  fitLine(doc, card.lookupBase, x, oy + 16.5 * MM, w, { size: 8.5, color: INK }, 5);
  label(doc, TEXT.backCode, x, oy + 21 * MM, w);
  // C1: the code in groups, XXXX-XXXX-XXXX-C, large enough to type without a magnifier.
  doc.save();
  fitLine(doc, formatCardCode(card.code), x, oy + 27 * MM, w, { size: 15, bold: true, color: INK }, 10);
  doc.restore();
  let y = oy + 31 * MM;
  for (const text of [TEXT.howToSv, TEXT.howToEn]) {
    for (const line of layoutParagraph(doc, text, w, { size: 5.3 }, 'ltr')) {
      drawLine(doc, line, { x, y: 0, width: w }, y + 2 * MM, { size: 5.3, color: INK }, 'ltr');
      y += 7.2;
    }
    y += 1.5;
  }
  for (const line of layoutParagraph(doc, TEXT.noDate, w, { size: 4.3 }, 'ltr')) {
    drawLine(doc, line, { x, y: 0, width: w }, y + 2 * MM, { size: 4.3, color: GREY }, 'ltr');
    y += 5.8;
  }
  doc.restore();
}

function collect(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Print-ready PDF for the card printer: for each card, its front page then its back page. */
export function renderCardsPdf(cards: readonly CardArtwork[], title: string): Promise<Buffer> {
  const doc = newDocument([CARD_WIDTH, CARD_HEIGHT], title);
  for (const card of cards) {
    doc.addPage({ size: [CARD_WIDTH, CARD_HEIGHT], margin: 0 });
    drawCardFront(doc, card);
    doc.addPage({ size: [CARD_WIDTH, CARD_HEIGHT], margin: 0 });
    drawCardBack(doc, card);
  }
  return collect(doc);
}

/** A one-page sheet with the front and back side by side, outlined: what the PNG preview shows. */
export function renderPreviewPdf(card: CardArtwork): Promise<Buffer> {
  const gap = 6 * MM;
  const page: [number, number] = [2 * CARD_WIDTH + 3 * gap, CARD_HEIGHT + 2 * gap];
  const doc = newDocument(page, `LMA card ${card.cardNumber} preview`);
  doc.addPage({ size: page, margin: 0 });
  doc.rect(0, 0, page[0], page[1]).fill('#c9ced6');
  for (const [i, draw] of [drawCardFront, drawCardBack].entries()) {
    const ox = gap + i * (CARD_WIDTH + gap);
    doc.save();
    doc.roundedRect(ox, gap, CARD_WIDTH, CARD_HEIGHT, 3.18 * MM).clip();
    draw(doc, card, ox, gap);
    doc.restore();
  }
  return collect(doc);
}

export { collect as finishDocument };
