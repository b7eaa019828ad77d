// Arabic and Persian joined and set right to left, Tigrinya in Ge'ez: what our layout hands pdfkit
// (face and string per run, in visual order) is shaped by fontkit exactly as HarfBuzz — the shaper
// in browsers and in Debian's hb-shape — shapes the same font and text: the same glyphs, in the same
// order. HarfBuzz reads TrueType, not WOFF, so the test unpacks the shipped WOFF first (it is only
// zlib around the same tables).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { type FaceName, faces } from '../../src/documents/fonts.ts';
import { LETTER_TEXTS } from '../../src/documents/letter.ts';
import { type Direction, layoutParagraph, registerFaces } from '../../src/documents/text-layout.ts';
import { HB_SHAPE, needsTool } from '../support/documents.ts';

/** WOFF 1.0 → TrueType: the same tables, inflated, behind an sfnt header. */
function woffToTtf(woff: Buffer): Buffer {
  const numTables = woff.readUInt16BE(12);
  const entries = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    entries.push({
      tag: woff.subarray(at, at + 4),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    });
  }
  const head = Buffer.alloc(12 + 16 * numTables);
  woff.copy(head, 0, 4, 8); // flavor
  head.writeUInt16BE(numTables, 4);
  const pow = 2 ** Math.floor(Math.log2(numTables));
  head.writeUInt16BE(pow * 16, 6);
  head.writeUInt16BE(Math.log2(pow), 8);
  head.writeUInt16BE(numTables * 16 - pow * 16, 10);
  const bodies: Buffer[] = [];
  let offset = head.length;
  entries.forEach((e, i) => {
    e.tag.copy(head, 12 + i * 16);
    head.writeUInt32BE(e.checksum, 12 + i * 16 + 4);
    head.writeUInt32BE(offset, 12 + i * 16 + 8);
    head.writeUInt32BE(e.data.length, 12 + i * 16 + 12);
    const padded = Buffer.alloc(Math.ceil(e.data.length / 4) * 4);
    e.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([head, ...bodies]);
}

const dir = mkdtempSync(join(tmpdir(), 'lmakort-shaping-'));
const ttfOf = new Map<FaceName, string>();
function ttf(face: FaceName): string {
  let path = ttfOf.get(face);
  if (!path) {
    path = join(dir, `${face}.ttf`);
    writeFileSync(path, woffToTtf(faces().get(face)?.bytes as Buffer));
    ttfOf.set(face, path);
  }
  return path;
}

function harfbuzz(face: FaceName, text: string, direction: Direction): number[] {
  const out = execFileSync(
    HB_SHAPE as string,
    ['--no-glyph-names', '--no-positions', '--no-clusters', `--direction=${direction}`, ttf(face), text],
    { encoding: 'utf8' },
  );
  return out
    .trim()
    .replace(/^\[|\]$/g, '')
    .split('|')
    .map(Number);
}

const doc = new PDFDocument({ autoFirstPage: false });
registerFaces(doc);

/** Every run of every line of the paragraph, with what fontkit (hence the PDF) draws for it. */
function runsOf(text: string, dir: Direction) {
  return layoutParagraph(doc, text, 400, { size: 11 }, dir).map((line) =>
    line.runs.map((run) => ({
      ...run,
      glyphs: faces()
        .get(run.face)
        ?.font.layout(run.text, [])
        .glyphs.map((g) => g.id) as number[],
    })),
  );
}

describe("shaping of Arabic, Persian and Ge'ez text", {
  skip: needsTool(HB_SHAPE !== null, 'hb-shape (libharfbuzz-bin)'),
}, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const lang of ['ar', 'fa', 'prs', 'ti'] as const) {
    const t = LETTER_TEXTS[lang];
    const paragraphs = [
      t?.cardReady.subject,
      ...(t?.cardReady.paragraphs ?? []),
      ...(t?.reminder.paragraphs ?? []),
      t?.reminder.atUnd,
    ]
      .filter((p): p is string => Boolean(p))
      .map((p) =>
        p
          .replaceAll('{name}', 'Amina')
          .replaceAll('{cardNumber}', '12-345678/1')
          .replaceAll('{validUntil}', '16 juni 2026'),
      );

    it(`${lang}: every run draws the glyphs HarfBuzz gives for the same font and text`, () => {
      const dir = t?.dir === 'rtl' ? 'rtl' : 'ltr';
      let checked = 0;
      for (const p of paragraphs) {
        for (const line of runsOf(p, dir)) {
          for (const run of line) {
            if (!/^(arabic|ethiopic)/.test(run.face)) continue;
            // A run of Arabic script goes to fontkit in logical order (it reverses it); HarfBuzz is
            // told the direction and answers in visual order too.
            const direction = run.face.startsWith('arabic') ? 'rtl' : 'ltr';
            assert.deepEqual(run.glyphs, harfbuzz(run.face, run.text, direction), `${lang}: "${run.text}"`);
            checked++;
          }
        }
      }
      assert.ok(checked >= paragraphs.length, `${checked} runs compared`);
    });
  }

  it('ar: letters take their joined forms (not the isolated ones), and the line reads from the right', () => {
    const word = 'بطاقة';
    const joined =
      faces()
        .get('arabic')
        ?.font.layout(word, [])
        .glyphs.map((g) => g.id) ?? [];
    const isolated = [...word].reverse().flatMap(
      (ch) =>
        faces()
          .get('arabic')
          ?.font.layout(ch, [])
          .glyphs.map((g) => g.id) ?? [],
    );
    assert.notDeepEqual(joined, isolated, 'contextual forms differ from isolated forms');
    const [line] = runsOf('بطاقة LMA جاهزة.', 'rtl');
    const texts = (line ?? []).map((r) => r.text);
    // Visual order, left to right: the full stop (end of the sentence) first, the first word last
    // (rightmost).
    assert.deepEqual(texts.map((x) => x.trim()).filter(Boolean), ['.', 'جاهزة', 'LMA', 'بطاقة']);
  });

  it('ar: a card number keeps its own order inside right-to-left text (isolates)', () => {
    const [line] = runsOf('بطاقتك رقم \u206612-345678/1\u2069 جاهزة', 'rtl');
    assert.ok(
      (line ?? []).some((r) => r.text.includes('12-345678/1')),
      JSON.stringify(line?.map((r) => r.text)),
    );
  });
});
