// Sets text in any of the letters' languages on a pdfkit page: the Unicode bidirectional algorithm
// (bidi-js) orders each line, each script gets its own face (fonts.ts), and fontkit shapes every run
// (Arabic joining forms and ligatures, Ge'ez syllables). pdfkit itself knows no bidi: it lays a string
// out left to right, and fontkit reverses a run whose first strong script is right-to-left. So each
// drawn run is a stretch of one face and one direction, handed over in the order fontkit expects.

import bidiModule from 'bidi-js';
import type PDFDocument from 'pdfkit';
import { type FaceName, faces, facesFor, isRightToLeftScript } from './fonts.ts';

// bidi-js is CommonJS whose module.exports is the factory; its types describe it as `default`.
const bidi = (bidiModule as unknown as typeof bidiModule.default)();

export type Direction = 'ltr' | 'rtl';

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
  /** Line height as a multiple of the size. */
  leading?: number;
}

/** One run of glyphs to draw: a face, the string handed to pdfkit, and its advance width. */
export interface Run {
  face: FaceName;
  text: string;
  width: number;
}

export interface Line {
  runs: Run[];
  width: number;
}

type Doc = InstanceType<typeof PDFDocument>;

/** Registers every face with the document under its name (pdfkit embeds only the glyphs used). */
export function registerFaces(doc: Doc): void {
  for (const face of faces().values()) doc.registerFont(face.name, face.bytes);
}

/**
 * pdfkit lays text out word by word (a cache per word) unless it is given OpenType features; word by
 * word breaks right-to-left runs (each word reversed, the words not). Passing the empty feature list
 * makes it hand the whole run to fontkit, which still applies every default feature (joining forms,
 * ligatures, marks).
 */
const WHOLE_RUN: { features: [] } = { features: [] };

/** Directional controls (isolates, marks, embeddings) steer the bidi algorithm but have no glyph. */
const CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function measure(doc: Doc, face: FaceName, size: number, text: string): number {
  return doc.font(face).fontSize(size).widthOfString(text.replace(CONTROLS, ''), WHOLE_RUN);
}

/** Left-to-right isolate: an identifier or a date keeps its own order inside right-to-left text. */
export const isolateLtr = (s: string) => `\u2066${s}\u2069`;
/** First-strong isolate: a name or a phrase takes its own direction without disturbing the text around it. */
export const isolate = (s: string) => `\u2068${s}\u2069`;

/** Splits logical [start, end) into stretches of one face, measuring each (for line breaking). */
function measureLogical(doc: Doc, text: string, fs: FaceName[], start: number, end: number, size: number) {
  let width = 0;
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    if (i === end || fs[i] !== fs[from]) {
      width += measure(doc, fs[from] as FaceName, size, text.slice(from, i));
      from = i;
    }
  }
  return width;
}

/**
 * The string to hand fontkit so that the glyphs come out in visual order: fontkit reverses a run
 * whose first strong script is right-to-left (and shapes it in logical order, which joining needs).
 */
function handOver(logical: string, rtlLevel: boolean): string {
  const reversedByFontkit = isRightToLeftScript(logical);
  const reverse = (s: string) => [...s].reverse().join('');
  if (reversedByFontkit) return rtlLevel ? logical : reverse(logical);
  return rtlLevel ? reverse(logical) : logical;
}

/** Breaks a paragraph into lines of at most `width` points and orders each line visually. */
export function layoutParagraph(
  doc: Doc,
  text: string,
  width: number,
  style: TextStyle,
  dir: Direction,
): Line[] {
  const levels = bidi.getEmbeddingLevels(text, dir);
  const fs = facesFor(text, style.bold ?? false);
  // Break opportunities: after each run of spaces.
  const words: { start: number; end: number; trail: number }[] = [];
  const re = /[^ ]+ */g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const trimmed = m[0].trimEnd();
    words.push({ start: m.index, end: m.index + trimmed.length, trail: m.index + m[0].length });
  }
  const lineRanges: [number, number][] = [];
  let lineStart = -1;
  let lineEnd = -1;
  let lineWidth = 0;
  for (const w of words) {
    const ww = measureLogical(doc, text, fs, w.start, w.end, style.size);
    if (lineStart < 0) {
      lineStart = w.start;
      lineEnd = w.end;
      lineWidth = ww;
      continue;
    }
    const gap = measureLogical(doc, text, fs, lineEnd, w.start, style.size);
    if (lineWidth + gap + ww > width) {
      lineRanges.push([lineStart, lineEnd]);
      lineStart = w.start;
      lineEnd = w.end;
      lineWidth = ww;
    } else {
      lineEnd = w.end;
      lineWidth += gap + ww;
    }
  }
  if (lineStart >= 0) lineRanges.push([lineStart, lineEnd]);

  return lineRanges.map(([s, e]) => {
    // getReorderedIndices answers for the whole string, with only this line's segments reordered.
    const order = bidi.getReorderedIndices(text, levels, s, e - 1).slice(s, e);
    const mirrors = bidi.getMirroredCharactersMap(text, levels.levels, s, e - 1);
    const runs: Run[] = [];
    let group: number[] = [];
    const flush = () => {
      if (group.length === 0) return;
      const first = group[0] as number;
      const rtlLevel = ((levels.levels[first] as number) & 1) === 1;
      const logicalIdx = [...group].sort((a, b) => a - b);
      const plain = logicalIdx
        .map((i) => text[i])
        .join('')
        .replace(CONTROLS, '');
      // A run fontkit reads as right-to-left gets mirrored brackets from the font's own 'rtlm'
      // feature; a run we reverse ourselves gets them from the bidi algorithm's mirror table.
      const logical = isRightToLeftScript(plain)
        ? plain
        : logicalIdx
            .map((i) => mirrors.get(i) ?? text[i])
            .join('')
            .replace(CONTROLS, '');
      const face = fs[first] as FaceName;
      const handed = handOver(logical, rtlLevel);
      if (handed.length === 0) {
        group = [];
        return;
      }
      runs.push({ face, text: handed, width: measure(doc, face, style.size, handed) });
      group = [];
    };
    for (const i of order) {
      const last = group[group.length - 1];
      const sameRun =
        last !== undefined &&
        fs[i] === fs[last] &&
        ((levels.levels[i] as number) & 1) === ((levels.levels[last] as number) & 1) &&
        Math.abs(i - last) === 1;
      if (!sameRun) flush();
      group.push(i);
    }
    flush();
    return { runs, width: runs.reduce((sum, r) => sum + r.width, 0) };
  });
}

export interface Box {
  x: number;
  y: number;
  width: number;
  align?: 'start' | 'center' | 'end';
}

/** Draws one line whose first baseline is at `baseline`. */
export function drawLine(doc: Doc, line: Line, box: Box, baseline: number, style: TextStyle, dir: Direction) {
  const align = box.align ?? 'start';
  const atRight = (align === 'start' && dir === 'rtl') || (align === 'end' && dir === 'ltr');
  let x = atRight
    ? box.x + box.width - line.width
    : align === 'center'
      ? box.x + (box.width - line.width) / 2
      : box.x;
  doc.fillColor(style.color ?? '#000000');
  for (const run of line.runs) {
    doc
      .font(run.face)
      .fontSize(style.size)
      .text(run.text, x, baseline, {
        ...WHOLE_RUN,
        lineBreak: false,
        baseline: 'alphabetic',
      });
    x += run.width;
  }
}

/** Sets a paragraph in the box from its top; returns the y just below its last line. */
export function drawParagraph(doc: Doc, text: string, box: Box, style: TextStyle, dir: Direction): number {
  const leading = style.size * (style.leading ?? 1.45);
  let baseline = box.y + style.size * 1.05;
  for (const line of layoutParagraph(doc, text, box.width, style, dir)) {
    drawLine(doc, line, box, baseline, style, dir);
    baseline += leading;
  }
  return baseline - leading + style.size * 0.45;
}
