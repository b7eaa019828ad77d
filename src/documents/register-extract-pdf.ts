// The register extract as a PDF (GDPR art. 15): in the holder's language with Swedish alongside —
// every heading and label in both, the values as stored (dates, codes, the history's actions) — on
// A4, with the photo itself. Made on a document worker thread (tasks.ts), never on the thread that
// answers lookups.

import { loadCatalogue } from '../catalogue.ts';
import { LANGUAGES } from '../domain/applicant.ts';
import type { RegisterExtract } from '../services/register-extract.ts';
import { finishDocument, newDocument } from './card-artwork.ts';
import {
  type Direction,
  drawParagraph,
  isolate,
  isolateLtr,
  layoutParagraph,
  type TextStyle,
} from './text-layout.ts';

type Heading = 'personal' | 'photo' | 'cards' | 'visits' | 'decisions' | 'atUnd' | 'letters' | 'history';
type Label =
  | 'producedAt'
  | 'producedBy'
  | 'name'
  | 'birthDate'
  | 'nationality'
  | 'address'
  | 'pin'
  | 'dossierNumber'
  | 'none';
/** One language's file of the extract's catalogue. */
export type ExtractTexts = {
  title: string;
  intro: string;
  headings: Record<Heading, string>;
  labels: Record<Label, string>;
};

/** The extract's catalogue: one `<lang>.json` per letter language in texts/extract/, Swedish the reference. */
export const EXTRACT_TEXTS_DIR = new URL('./texts/extract/', import.meta.url);

/** Reads and checks the extract's catalogue (src/catalogue.ts): every language has every text of the Swedish one. */
export function loadExtractTexts(dir: URL = EXTRACT_TEXTS_DIR) {
  return loadCatalogue<(typeof LANGUAGES)[number], ExtractTexts>(dir, LANGUAGES);
}

const EXTRACT_TEXTS = loadExtractTexts();

const A4: [number, number] = [595.28, 841.89];
const LEFT = 56;
const WIDTH = A4[0] - 2 * LEFT;
const TOP = 60;
const BOTTOM = A4[1] - 60;
const INK = '#10243e';
const GREY = '#5b6776';

function textsFor(language: string): ExtractTexts {
  return (EXTRACT_TEXTS as Partial<Record<string, ExtractTexts>>)[language] ?? EXTRACT_TEXTS.sv;
}

type Doc = ReturnType<typeof newDocument>;

class Writer {
  private y = TOP;
  private readonly t: ExtractTexts;
  private readonly dir: Direction;
  private readonly both: boolean;

  constructor(
    private readonly doc: Doc,
    language: string,
  ) {
    this.t = textsFor(language);
    this.dir = language === 'ar' || language === 'fa' || language === 'prs' ? 'rtl' : 'ltr';
    this.both = language !== 'sv';
  }

  /** "holder's words / svenska", or only Swedish for a Swedish reader. */
  private pair(own: string, sv: string): string {
    return this.both && own !== sv ? `${isolate(own)} / ${isolate(sv)}` : sv;
  }

  heading(key: Heading): void {
    this.space(40);
    this.y += 10;
    this.text(this.pair(this.t.headings[key], EXTRACT_TEXTS.sv.headings[key]), {
      size: 13,
      bold: true,
      color: INK,
    });
    this.y += 3;
  }

  /** A labelled value: the label in both languages, the value as stored. */
  field(key: Label, value: string | null | undefined): void {
    if (value === null || value === undefined || value === '') return;
    this.line(`${this.pair(this.t.labels[key], EXTRACT_TEXTS.sv.labels[key])}: ${isolateLtr(value)}`);
  }

  /** One stored record, its members as `name: value`, in the order stored. */
  record(row: Record<string, unknown>): void {
    const parts = Object.entries(row)
      .filter(
        ([, v]) => v !== null && v !== undefined && !(typeof v === 'object' && Object.keys(v).length === 0),
      )
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    this.line(isolateLtr(parts.join(' · ')), { size: 8.5, color: INK });
    this.y += 2;
  }

  none(): void {
    this.line(this.pair(this.t.labels.none, EXTRACT_TEXTS.sv.labels.none), { size: 9, color: GREY });
  }

  title(): void {
    this.text(this.pair(this.t.title, EXTRACT_TEXTS.sv.title), { size: 18, bold: true, color: INK });
    this.y += 4;
    this.text(this.t.intro, { size: 10, color: GREY });
    if (this.both) this.text(EXTRACT_TEXTS.sv.intro, { size: 10, color: GREY }, 'ltr');
    this.y += 6;
  }

  image(bytes: Buffer): void {
    this.space(150);
    this.doc.image(bytes, LEFT, this.y, { fit: [112, 140] });
    this.y += 146;
  }

  private line(text: string, style: TextStyle = { size: 10, color: INK }): void {
    this.text(text, style);
  }

  private text(text: string, style: TextStyle, dir: Direction = this.dir): void {
    const lines = layoutParagraph(this.doc, text, WIDTH, style, dir).length;
    this.space(lines * style.size * 1.45);
    this.y = drawParagraph(this.doc, text, { x: LEFT, y: this.y, width: WIDTH }, style, dir);
  }

  /** A new page when `height` would run past the bottom margin. */
  private space(height: number): void {
    if (this.y + height > BOTTOM) {
      this.doc.addPage({ size: A4, margin: 0 });
      this.y = TOP;
    }
  }
}

export async function renderRegisterExtractPdf(e: RegisterExtract): Promise<Buffer> {
  const doc = newDocument(A4, 'Registerutdrag');
  doc.addPage({ size: A4, margin: 0 });
  const w = new Writer(doc, e.extract.language);
  const a = e.applicant as Record<string, unknown>;
  w.title();
  w.field('producedAt', e.extract.producedAt);
  w.field('producedBy', e.extract.producedBy);

  w.heading('personal');
  w.field('name', `${a.givenName} ${a.familyName}`);
  w.field('birthDate', a.birthDate as string);
  w.field('nationality', a.nationality as string);
  const address = a.address as { careOf?: string; street: string; postalCode: string; city: string } | null;
  if (address)
    w.field(
      'address',
      [
        address.careOf ? `c/o ${address.careOf}` : null,
        address.street,
        `${address.postalCode} ${address.city}`,
      ]
        .filter(Boolean)
        .join(', '),
    );
  w.field('pin', a.personalIdentityNumber as string | null);
  w.field('dossierNumber', a.dossierNumber as string);
  const rest = Object.fromEntries(
    Object.entries(a).filter(
      ([k]) =>
        ![
          'givenName',
          'familyName',
          'birthDate',
          'nationality',
          'address',
          'personalIdentityNumber',
          'dossierNumber',
        ].includes(k),
    ),
  );
  w.record(rest);

  w.heading('photo');
  if (e.photo) w.image(Buffer.from(e.photo.base64, 'base64'));
  else w.none();

  const lists: [Heading, unknown[]][] = [
    ['cards', e.cards],
    ['visits', e.visits],
    ['decisions', e.decisions],
    ['atUnd', e.atUndChanges],
    ['letters', e.letters],
    ['history', e.history],
  ];
  for (const [heading, rows] of lists) {
    w.heading(heading);
    if (rows.length === 0) w.none();
    for (const row of rows) w.record(row as Record<string, unknown>);
  }
  return finishDocument(doc);
}
