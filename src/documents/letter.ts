// Letters to the card holder (R3 card ready, R7 reminder, R10 card cancelled), in the holder's language with Swedish
// alongside (below it), on A4 for a window envelope. R13: a protected address is never printed —
// the letter goes to the internal forwarding queue, marked with the dossier number. R12: a personal
// identity number is never on a letter; the model below has no field for one.

import { fill, loadCatalogue } from '../catalogue.ts';
import { type Address, LANGUAGES } from '../domain/applicant.ts';
import { longDate } from '../domain/calendar.ts';
import type { Reception } from '../domain/reception.ts';
import { finishDocument, newDocument } from './card-artwork.ts';
import {
  type Direction,
  drawLine,
  drawParagraph,
  isolate,
  isolateLtr,
  layoutParagraph,
  type TextStyle,
} from './text-layout.ts';

export type LetterKind = 'card_ready' | 'reminder' | 'card_cancelled';

/** One language's file of the letter catalogue. */
export type LetterTexts = {
  language: string;
  dir: string;
  locale: string;
  labels: {
    date: string;
    dossierNumber: string;
    cardNumber: string;
    personalCode: string;
    /** The reception office block at the end of the letter: where, when open, phone. */
    reception: string;
    hours: string;
    phone: string;
  };
  /** `personalCode`: what the personal code is for and where to use it (R16). */
  /** `guardian`: opens a child's letter sent to the guardian, naming the child (R16). */
  cardReady: { subject: string; paragraphs: string[]; personalCode: string; guardian: string };
  /** `atUnd`: for a holder whose AT-UND outlasts the card, what the check shows once the card has lapsed (R11). */
  reminder: { subject: string; paragraphs: string[]; atUnd: string };
  /** R10: the card is void; no valid card until the new one is handed over. */
  cardCancelled: { subject: string; paragraphs: string[] };
};

/** The letter catalogue's folder: one `<lang>.json` per letter language, Swedish the reference. */
export const LETTER_TEXTS_DIR = new URL('./texts/', import.meta.url);

/** Reads and checks the letter catalogue (src/catalogue.ts): every language has every text of the Swedish one. */
export function loadLetterTexts(dir: URL = LETTER_TEXTS_DIR) {
  return loadCatalogue<(typeof LANGUAGES)[number], LetterTexts>(dir, LANGUAGES);
}

/** The translations, read once when the module loads (on the main thread and in each document worker). */
export const LETTER_TEXTS: Record<string, LetterTexts> = loadLetterTexts();
const sv = LETTER_TEXTS.sv as LetterTexts;

/** What one letter says; built by the service from the letter, the applicant and the card. */
export interface LetterDocument {
  id: string;
  kind: LetterKind;
  language: string;
  /** R13: a protected address — no address printed, forwarding queue, marked with the dossier number. */
  forwarding: boolean;
  /** The day the letter was made (Swedish calendar date). */
  date: string;
  name: string;
  dossierNumber: string;
  cardNumber: string;
  /** Only for a reminder: the expiry it is about (R7). */
  validUntil: string | null;
  /**
   * Only for a reminder: AT-UND is still in effect the day the card would lapse, so the letter says
   * the check then shows "EJ giltigt" without AT-UND until the next visit (R11, R14).
   */
  atUndAfterExpiry?: boolean;
  /** Absent for a protected address. */
  address: Address | null;
  /** Only in a card-ready letter: the card's personal code for the holder's page, XXXXX-XXXXX (R16). */
  personalCode?: string;
  /** With a personal code: the holder's page, {PUBLIC_BASE_URL}/mitt-kort. */
  holderPage?: string;
  /** A child's card-ready letter goes to the guardian (`name`, `address`): the child's name (R16). */
  child?: string;
  /** Where the holder comes, when it is open and its phone number (LMA_RECEPTION_*). */
  reception?: Reception;
}

const A4: [number, number] = [595.28, 841.89];
const LEFT = 62;
const RIGHT = A4[0] - 62;
const WIDTH = RIGHT - LEFT;
const BOTTOM = A4[1] - 70;
const INK = '#10243e';
const GREY = '#5b6776';

const FORWARDING = {
  heading: 'SKYDDAD ADRESS – FÖRMEDLAS INTERNT',
  marking: 'Ärendenummer',
  routine:
    'Läggs i slutet kuvert märkt med ärendenumret. Kuvertet läggs i ett ytterkuvert till Migrationsverket, Förvaltningsenheten/Förmedlingsuppdrag, 601 70 Norrköping.',
};

function fillIn(template: string, letter: LetterDocument, locale: string): string {
  // Isolates keep "12-345678/1" and a Latin name in their own order inside right-to-left text.
  return fill(template, {
    name: isolate(letter.name),
    cardNumber: isolateLtr(letter.cardNumber),
    dossierNumber: isolateLtr(letter.dossierNumber),
    personalCode: isolateLtr(letter.personalCode ?? ''),
    holderPage: isolateLtr(letter.holderPage ?? ''),
    child: isolate(letter.child ?? ''),
    validUntil: letter.validUntil ? isolate(longDate(letter.validUntil, locale)) : '',
  });
}

export function textsFor(language: string): LetterTexts {
  return LETTER_TEXTS[language] ?? sv;
}

type Doc = ReturnType<typeof newDocument>;

/** Sets a paragraph, starting a new page first when it would run past the bottom margin. */
function paragraph(doc: Doc, text: string, y: number, style: TextStyle, dir: Direction): number {
  const lines = layoutParagraph(doc, text, WIDTH, style, dir).length;
  if (y + lines * style.size * 1.45 > BOTTOM) {
    doc.addPage({ size: A4, margin: 0 });
    y = 70;
  }
  return drawParagraph(doc, text, { x: LEFT, y, width: WIDTH }, style, dir);
}

function section(doc: Doc, letter: LetterDocument, language: string, y: number): number {
  const t = textsFor(language);
  const dir = (t.dir === 'rtl' ? 'rtl' : 'ltr') as Direction;
  const body =
    letter.kind === 'card_ready' ? t.cardReady : letter.kind === 'reminder' ? t.reminder : t.cardCancelled;
  y = paragraph(doc, fillIn(body.subject, letter, t.locale), y, { size: 13.5, bold: true, color: INK }, dir);
  y += 8;
  const paragraphs = [...body.paragraphs];
  // After "if you do not come, the card shows not valid": what that means for AT-UND.
  if (letter.kind === 'reminder' && letter.atUndAfterExpiry) paragraphs.splice(4, 0, t.reminder.atUnd);
  // R16: the personal code and what it opens, before "always carry the card".
  if (letter.kind === 'card_ready' && letter.personalCode) paragraphs.splice(4, 0, t.cardReady.personalCode);
  // R16: a child's letter, with the child's code, goes to the guardian: say so after the greeting.
  if (letter.kind === 'card_ready' && letter.child) paragraphs.splice(1, 0, t.cardReady.guardian);
  for (const p of paragraphs) {
    y = paragraph(doc, fillIn(p, letter, t.locale), y, { size: 10.5, color: INK, leading: 1.55 }, dir);
    y += 7;
  }
  return y;
}

function meta(doc: Doc, rows: [string, string][], x: number, y: number) {
  for (const [name, value] of rows) {
    const style = { size: 8.5, color: GREY };
    const line = layoutParagraph(doc, `${isolate(name)}: ${isolateLtr(value)}`, 1e6, style, 'ltr')[0];
    if (line) drawLine(doc, line, { x, y: 0, width: RIGHT - x, align: 'end' }, y, style, 'ltr');
    y += 13;
  }
}

/** The reception office: address, opening hours and phone, each labelled in Swedish and the holder's language. */
function receptionBlock(doc: Doc, reception: Reception, t: LetterTexts, y: number): void {
  const rows: [keyof LetterTexts['labels'], string][] = [
    ['reception', reception.address],
    ['hours', reception.hours],
    ['phone', reception.phone],
  ];
  if (y + rows.length * 26 > BOTTOM) {
    doc.addPage({ size: A4, margin: 0 });
    y = 70;
  }
  doc.save();
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.6).stroke('#9aa5b1');
  doc.restore();
  y += 8;
  for (const [label, value] of rows) {
    const name = t === sv ? sv.labels[label] : `${sv.labels[label]} / ${t.labels[label]}`;
    y = drawParagraph(doc, isolate(name), { x: LEFT, y, width: WIDTH }, { size: 8.5, color: GREY }, 'ltr');
    y =
      drawParagraph(doc, value, { x: LEFT, y, width: WIDTH }, { size: 10, bold: true, color: INK }, 'ltr') +
      4;
  }
}

export async function renderLetterPdf(letter: LetterDocument): Promise<Buffer> {
  const doc = newDocument(A4, `LMA letter ${letter.id}`);
  doc.addPage({ size: A4, margin: 0 });
  const t = textsFor(letter.language);
  drawParagraph(
    doc,
    'Migrationsverket',
    { x: LEFT, y: 52, width: 200 },
    { size: 15, bold: true, color: INK },
    'ltr',
  );
  drawParagraph(doc, 'Mottagningsenheten', { x: LEFT, y: 72, width: 200 }, { size: 9, color: GREY }, 'ltr');
  meta(
    doc,
    [
      [`${sv.labels.date} / ${t.labels.date}`, letter.date],
      [`${sv.labels.dossierNumber} / ${t.labels.dossierNumber}`, letter.dossierNumber],
      [`${sv.labels.cardNumber} / ${t.labels.cardNumber}`, letter.cardNumber],
    ],
    320,
    62,
  );

  // R16: the personal code, framed on the right, clear of the envelope's window.
  if (letter.personalCode) {
    doc.save();
    doc
      .lineWidth(1)
      .roundedRect(330, 140, RIGHT - 330, 62, 6)
      .stroke(INK);
    doc.restore();
    const label = `${sv.labels.personalCode} / ${t.labels.personalCode}`;
    const labelLine = layoutParagraph(doc, isolate(label), 1e6, { size: 8.5, color: GREY }, 'ltr')[0];
    if (labelLine)
      drawLine(doc, labelLine, { x: 342, y: 0, width: RIGHT - 354 }, 150, { size: 8.5, color: GREY }, 'ltr');
    drawParagraph(
      doc,
      letter.personalCode,
      { x: 342, y: 167, width: RIGHT - 354 },
      { size: 18, bold: true, color: INK },
      'ltr',
    );
  }

  // The window of a C5/C4 envelope: 20 mm from the left, about 50 mm from the top.
  let y = 140;
  if (letter.forwarding) {
    doc.save();
    doc
      .lineWidth(1.2)
      .rect(LEFT - 6, y - 8, 260, 92)
      .stroke('#a4262c');
    doc.restore();
    y = drawParagraph(
      doc,
      FORWARDING.heading,
      { x: LEFT, y, width: 250 },
      { size: 9.5, bold: true, color: '#a4262c' },
      'ltr',
    );
    y = drawParagraph(
      doc,
      `${FORWARDING.marking} ${letter.dossierNumber}`,
      { x: LEFT, y: y + 2, width: 250 },
      { size: 13, bold: true, color: INK },
      'ltr',
    );
    drawParagraph(
      doc,
      FORWARDING.routine,
      { x: LEFT, y: y + 3, width: 248 },
      { size: 7.5, color: GREY },
      'ltr',
    );
  } else if (letter.address) {
    const a = letter.address;
    const lines = [letter.name, a.careOf ? `c/o ${a.careOf}` : null, a.street, `${a.postalCode} ${a.city}`];
    for (const text of lines) {
      if (text) y = drawParagraph(doc, text, { x: LEFT, y, width: 250 }, { size: 10.5, color: INK }, 'ltr');
    }
  }

  y = 270;
  y = section(doc, letter, letter.language, y);
  if (letter.language !== 'sv') {
    y += 6;
    if (y > BOTTOM - 120) {
      doc.addPage({ size: A4, margin: 0 });
      y = 70;
    }
    doc.save();
    doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.6).stroke('#9aa5b1');
    doc.restore();
    y =
      drawParagraph(doc, 'Svenska', { x: LEFT, y: y + 6, width: WIDTH }, { size: 8.5, color: GREY }, 'ltr') +
      4;
    y = section(doc, letter, 'sv', y);
  }
  if (letter.reception) receptionBlock(doc, letter.reception, t, y + 10);
  const footer = `Brevet är skapat automatiskt i lmakort. Referens ${letter.id}`;
  const line = layoutParagraph(doc, footer, 1e6, { size: 7 }, 'ltr')[0];
  if (line) drawLine(doc, line, { x: LEFT, y: 0, width: WIDTH }, A4[1] - 40, { size: 7, color: GREY }, 'ltr');
  return finishDocument(doc);
}
