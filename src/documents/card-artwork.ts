// Card artwork (R1, C1, C2): the front (issuer, photo, name, birth date, nationality, card number, QR
// code, "not an identity document") and the back (the lookup address, the code in groups, how to
// check, where to return a found card), at ID-1 size. A card is two pages, front then back — what a
// card printer expects — and a production batch is those pages for every card, in order.
// Sizes, bleed and safe zone: docs/documents.md, "The card".

import PDFDocument from 'pdfkit';
import { formatCardCode } from '../domain/card-code.ts';
import { nationalityName, nationalityNameSvEn } from '../domain/nationality.ts';
import { drawQr } from './qr.ts';
import { type Box, drawLine, layoutParagraph, registerFaces, type TextStyle } from './text-layout.ts';
import TEXT from './texts/card.json' with { type: 'json' };

type Doc = InstanceType<typeof PDFDocument>;

const MM = 72 / 25.4;
/** ISO/IEC 7810 ID-1, the page at trim size: the card printer prints over the edge itself (no bleed). */
export const CARD_WIDTH = 85.6 * MM;
export const CARD_HEIGHT = 53.98 * MM;
/** Nothing but background colour comes nearer the trim than this. */
export const SAFE_MARGIN = 3 * MM;
/** The smallest type on the card: "Skanna för kontroll" and the labels are read at arm's length. */
export const MIN_TEXT_SIZE = 6;

/** Everything printed on one card; built by the service from the applicant and the card. */
export interface CardArtwork {
  cardNumber: string;
  code: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  /** ISO 3166-1 alpha-3 (XXA stateless); printed by its name. */
  nationality: string;
  photo: { contentType: string; bytes: Buffer } | null;
  /** C2: the QR code's content (qrPayload). */
  qrPayload: string;
  /** `{PUBLIC_BASE_URL}/k/`, printed on the back before the code. */
  lookupBase: string;
}

const INK = '#10243e';
const GREY = '#4a5563';
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

/** The size, from `style.size` down to `min` by quarter points, at which `text` fits `width`; null if none. */
function fittingSize(doc: Doc, text: string, width: number, style: TextStyle, min: number): number | null {
  for (let size = style.size; size >= min; size -= 0.25) {
    const line = layoutParagraph(doc, text, Number.POSITIVE_INFINITY, { ...style, size }, 'ltr')[0];
    if (!line || line.width <= width) return size;
  }
  return null;
}

/**
 * One line in `box`: the first of `texts` that fits its width at `style.size` or smaller (down to
 * `min`); when none does, the last one at `min`.
 */
function fitLine(
  doc: Doc,
  texts: string | readonly string[],
  box: Box,
  baseline: number,
  style: TextStyle,
  min = MIN_TEXT_SIZE,
) {
  const choices = typeof texts === 'string' ? [texts] : texts;
  for (const [i, text] of choices.entries()) {
    const size = fittingSize(doc, text, box.width, style, min) ?? (i === choices.length - 1 ? min : null);
    if (size === null) continue;
    const line = layoutParagraph(doc, text, Number.POSITIVE_INFINITY, { ...style, size }, 'ltr')[0];
    if (line) drawLine(doc, line, box, baseline, { ...style, size }, 'ltr');
    return;
  }
}

/** A paragraph from its first baseline; returns the baseline after its last line. */
function paragraph(doc: Doc, text: string, box: Box, baseline: number, style: TextStyle): number {
  let y = baseline;
  for (const line of layoutParagraph(doc, text, box.width, style, 'ltr')) {
    drawLine(doc, line, box, y, style, 'ltr');
    y += style.size * (style.leading ?? 1.2);
  }
  return y;
}

const at = (x: number, width: number, align: Box['align'] = 'start'): Box => ({ x, y: 0, width, align });

function label(doc: Doc, text: string, box: Box, baseline: number) {
  fitLine(doc, text, box, baseline, { size: MIN_TEXT_SIZE, color: GREY });
}

export function drawCardFront(doc: Doc, card: CardArtwork, ox = 0, oy = 0): void {
  const W = CARD_WIDTH;
  const H = CARD_HEIGHT;
  const left = ox + SAFE_MARGIN + 1 * MM;
  const right = ox + W - SAFE_MARGIN;
  doc.save();
  doc.rect(ox, oy, W, H).fill('#ffffff');
  doc.rect(ox, oy, W, 10 * MM).fill(BAND);
  fitLine(doc, TEXT.title, at(left, 30 * MM), oy + 5.6 * MM, { size: 10, bold: true, color: INK });
  fitLine(doc, TEXT.subtitle, at(left, 40 * MM), oy + 8.4 * MM, { size: MIN_TEXT_SIZE, color: INK });
  // The issuing state and authority, at the right of the band.
  const issuer = at(ox + W / 2, right - ox - W / 2, 'end');
  fitLine(doc, TEXT.country, issuer, oy + 5.6 * MM, { size: 6.5, bold: true, color: INK });
  fitLine(doc, TEXT.authority, issuer, oy + 8.4 * MM, { size: 7, bold: true, color: INK });

  // Photo, 20 × 25 mm, cropped to fill its frame.
  const px = left;
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
  label(doc, TEXT.cardNumber, at(px, 32 * MM), py + ph + 3 * MM);
  fitLine(doc, card.cardNumber, at(px, 32 * MM), py + ph + 6.4 * MM, { size: 8.5, bold: true, color: INK });

  // C2: the QR code, vector, with its quiet zone, and what to do with it.
  const side = 20 * MM;
  const qx = right - side;
  const qy = py - 1.2 * MM;
  drawQr(doc, card.qrPayload, qx, qy, side);
  const under = at(qx - 2 * MM, side + 2 * MM, 'center');
  fitLine(doc, TEXT.scanSv, under, qy + side + 2.2 * MM, { size: 6.5, color: INK });
  fitLine(doc, TEXT.scanEn, under, qy + side + 4.6 * MM, { size: 6.5, color: INK });

  const fx = px + pw + 3 * MM;
  const fw = qx - 1.5 * MM - fx;
  const fields: [string, string | string[]][] = [
    [TEXT.surname, card.familyName],
    [TEXT.givenName, card.givenName],
    [TEXT.birthDate, card.birthDate],
    // By its name in Swedish and English, or in Swedish alone when both do not fit.
    [TEXT.nationality, [nationalityNameSvEn(card.nationality), nationalityName('sv', card.nationality)]],
  ];
  let y = py + 2 * MM;
  for (const [name, value] of fields) {
    label(doc, name, at(fx, fw), y);
    fitLine(doc, value, at(fx, fw), y + 3.4 * MM, { size: 8, bold: true, color: INK });
    y += 6.6 * MM;
  }

  // What the card is not: proof of asylum-seeker status, not an identity document.
  doc.rect(ox, oy + H - 7.4 * MM, W, 7.4 * MM).fill(BAND);
  fitLine(doc, TEXT.notId, at(left, right - left), oy + H - SAFE_MARGIN - 0.9 * MM, {
    size: 7,
    bold: true,
    color: INK,
  });
  doc.restore();
}

export function drawCardBack(doc: Doc, card: CardArtwork, ox = 0, oy = 0): void {
  const W = CARD_WIDTH;
  const x = ox + SAFE_MARGIN + 1 * MM;
  const box = at(x, W - 2 * (x - ox));
  const ink = { size: MIN_TEXT_SIZE, color: INK };
  doc.save();
  doc.rect(ox, oy, W, CARD_HEIGHT).fill('#ffffff');
  doc.rect(ox, oy, W, 2.5 * MM).fill(BAND);
  fitLine(doc, TEXT.backTitle, box, oy + 7 * MM, { size: 7.5, bold: true, color: INK });
  label(doc, TEXT.backAddress, box, oy + 10.6 * MM);
  fitLine(doc, card.lookupBase, box, oy + 14 * MM, { size: 8.5, color: INK });
  label(doc, TEXT.backCode, box, oy + 17.4 * MM);
  // C1: the code in groups, XXXX-XXXX-XXXX-C, large enough to type without a magnifier.
  fitLine(doc, formatCardCode(card.code), box, oy + 22.6 * MM, { size: 15, bold: true, color: INK }, 10);
  let y = oy + 26.4 * MM;
  y = paragraph(doc, TEXT.howToSv, box, y, ink) + 1;
  y = paragraph(doc, TEXT.howToEn, box, y, ink) + 1;
  y = paragraph(doc, TEXT.noDate, box, y, { ...ink, color: GREY });
  // Where a found card goes.
  doc
    .moveTo(x, y - 4)
    .lineTo(x + box.width, y - 4)
    .lineWidth(0.4)
    .stroke(BAND);
  y = paragraph(doc, TEXT.returnSv, box, y + 1.5, { ...ink, bold: true });
  paragraph(doc, TEXT.returnEn, box, y, { ...ink, bold: true });
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
