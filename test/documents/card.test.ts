// The card as it comes off the printer, read back from the PDF: ID-1 size, the issuing authority, the
// nationality by its name, "not an identity document", where a found card goes, type large enough to
// read, and nothing but background in the 3 mm next to the edge (docs/documents.md, "The card").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { silhouettePng } from '../../src/cli/demo-photo.ts';
import { type CardArtwork, renderCardsPdf } from '../../src/documents/card-artwork.ts';
import { normalisePhoto } from '../../src/documents/photo.ts';
import { needsPoppler, pageSizes, pdfText, renderPage, textSizes } from '../support/documents.ts';

const skip = needsPoppler();

const aCard = (overrides: Partial<CardArtwork> = {}): CardArtwork => ({
  cardNumber: '12-426363/1',
  code: 'APBRQ3WY4N98F',
  givenName: 'Amina',
  familyName: 'Al-Hassan',
  birthDate: '1991-04-12',
  nationality: 'SYR',
  photo: { contentType: 'image/jpeg', bytes: normalisePhoto(silhouettePng(300, 375)) },
  qrPayload: 'HTTPS://LMA.EXAMPLE.SE/K/APBRQ3WY4N98F/1.23',
  lookupBase: 'https://lma.example.se/k/',
  ...overrides,
});

/** The page's text with every run of white space (line breaks, no-break spaces) as one space. */
const textOf = (pdf: Buffer, page: number) => pdfText(pdf, page).replace(/\s+/g, ' ');

describe('the printed card', { skip }, () => {
  it('every page is ID-1 at trim size, 85.60 × 53.98 mm (242.65 × 153.01 pt): front and back of each card', async () => {
    const pdf = await renderCardsPdf([aCard(), aCard({ cardNumber: '12-426364/1' })], 'two cards');
    const sizes = pageSizes(pdf);
    assert.equal(sizes.length, 4);
    for (const { width, height } of sizes) {
      assert.equal(width.toFixed(2), '242.65');
      assert.equal(height.toFixed(2), '153.01');
    }
  });

  const SIDES: [string, 1 | 2, string[]][] = [
    [
      'the front names the issuing authority, the holder, the nationality by its name, the case number, and says it is not an identity document',
      1,
      [
        'LMA-KORT',
        'SVERIGE · SWEDEN',
        'Migrationsverket',
        'Al-Hassan',
        'Amina',
        '1991-04-12',
        'Syrien / Syria (SYR)',
        'Ärendenummer / Case number',
        '12-426363/1',
        'Skanna för kontroll',
        'Scan to check',
        'Inte en identitetshandling / Not an identity document',
      ],
    ],
    [
      'the back says where a found card goes, in Swedish and English, beside how to check it',
      2,
      [
        'https://lma.example.se/k/',
        'APBR-Q3WY-4N98-F',
        'Skanna QR-koden på framsidan',
        'Scan the QR code on the front',
        'Hittat kortet? Lämna det till polisen eller posta det till Migrationsverket, 601 70 Norrköping.',
        'Found this card? Hand it to the police or post it to Migrationsverket, 601 70 Norrköping, Sweden.',
      ],
    ],
  ];
  for (const [name, page, texts] of SIDES) {
    it(name, async () => {
      const text = textOf(await renderCardsPdf([aCard()], 'card'), page);
      for (const t of texts) assert.ok(text.includes(t), `page ${page} shows "${t}":\n${text}`);
    });
  }

  it('a stateless holder (XXA) is printed as stateless; a name too long for both languages is printed in Swedish', async () => {
    const stateless = textOf(await renderCardsPdf([aCard({ nationality: 'XXA' })], 'card'), 1);
    assert.ok(stateless.includes('statslös / stateless (XXA)'), stateless);
    const congo = textOf(await renderCardsPdf([aCard({ nationality: 'COD' })], 'card'), 1);
    assert.ok(congo.includes('Kongo-Kinshasa (COD)'), congo);
    assert.ok(!congo.includes('Congo'), 'not squeezed in beside the Swedish name');
  });

  it('"Skanna för kontroll", and every other line on either side, is set at 6 pt or larger', async () => {
    const pdf = await renderCardsPdf([aCard()], 'card');
    const lines = [...textSizes(pdf, 1), ...textSizes(pdf, 2)];
    const scan = lines.find((l) => l.text.includes('Skanna för kontroll'));
    assert.ok(scan, 'the scan prompt is on the front');
    assert.ok(scan.size >= 6, `"Skanna för kontroll" is ${scan.size} pt`);
    for (const line of lines) assert.ok(line.size >= 6, `"${line.text}" is ${line.size} pt`);
  });

  it('nothing but background colour comes within 3 mm of the edge, on either side', async () => {
    const dpi = 150;
    const pdf = await renderCardsPdf(
      [aCard({ givenName: 'Mbuyi-Kalonji-Tshibangu', nationality: 'COD' })],
      'card',
    );
    // One pixel less than 3 mm, for the edge pixel Poppler smooths.
    const margin = Math.floor((3 / 25.4) * dpi) - 1;
    for (const page of [1, 2]) {
      const png = PNG.sync.read(await renderPage(pdf, page, dpi));
      const ink: string[] = [];
      for (let y = 0; y < png.height; y++) {
        for (let x = 0; x < png.width; x++) {
          const inside = x >= margin && x < png.width - margin && y >= margin && y < png.height - margin;
          const i = 4 * (y * png.width + x);
          const darkest = Math.min(png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0);
          // The backgrounds are white and the pale band (#dfe9f5); text and the QR code are dark.
          if (!inside && darkest < 200) ink.push(`${x},${y}`);
        }
      }
      assert.deepEqual(ink.slice(0, 5), [], `page ${page}: ink in the safe margin`);
    }
  });
});
