// The fonts the documents are set in, shipped with the project as npm packages (Noto, SIL Open Font
// Licence; nothing fetched at run time). Each script has its own face; a character picks the face of
// its script, and spaces, digits and punctuation stay in the face of the text around them when it has
// them, so an Arabic word and the space after it are shaped by one font (joining, R-to-L order).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export type FaceName =
  | 'latin'
  | 'latin-bold'
  | 'latin-ext'
  | 'latin-ext-bold'
  | 'cyrillic'
  | 'cyrillic-bold'
  | 'arabic'
  | 'arabic-bold'
  | 'ethiopic'
  | 'ethiopic-bold';

const FILES: Record<FaceName, string> = {
  latin: '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff',
  'latin-bold': '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff',
  'latin-ext': '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff',
  'latin-ext-bold': '@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff',
  cyrillic: '@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff',
  'cyrillic-bold': '@fontsource/noto-sans/files/noto-sans-cyrillic-700-normal.woff',
  arabic: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff',
  'arabic-bold': '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff',
  ethiopic: '@fontsource/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-400-normal.woff',
  'ethiopic-bold': '@fontsource/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-700-normal.woff',
};

export interface Face {
  name: FaceName;
  bytes: Buffer;
  font: fontkit.Font;
}

let loaded: Map<FaceName, Face> | null = null;

/** All faces, read once from node_modules. */
export function faces(): Map<FaceName, Face> {
  if (!loaded) {
    loaded = new Map();
    for (const [name, file] of Object.entries(FILES) as [FaceName, string][]) {
      const bytes = readFileSync(require.resolve(file));
      loaded.set(name, { name, bytes, font: fontkit.create(bytes) as fontkit.Font });
    }
  }
  return loaded;
}

type Family = 'latin' | 'latin-ext' | 'cyrillic' | 'arabic' | 'ethiopic';

function familyOf(cp: number): Family | null {
  if ((cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0xfb50 && cp <= 0xfeff))
    return 'arabic';
  if ((cp >= 0x1200 && cp <= 0x139f) || (cp >= 0x2d80 && cp <= 0x2ddf) || (cp >= 0xab00 && cp <= 0xab2f))
    return 'ethiopic';
  if (cp >= 0x0400 && cp <= 0x052f) return 'cyrillic';
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f)) {
    return cp <= 0xff ? 'latin' : 'latin-ext';
  }
  return null; // common: spaces, digits, punctuation, joiners
}

/**
 * The face for each character of `text` (by UTF-16 index): its script's face; a common character
 * takes the face before it when that face has the glyph, else the first face that has it.
 */
export function facesFor(text: string, bold: boolean): FaceName[] {
  const all = faces();
  const out: FaceName[] = new Array(text.length);
  let previous: FaceName | null = null;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    const family = familyOf(cp);
    let face: FaceName;
    if (family) {
      face = (bold ? `${family}-bold` : family) as FaceName;
    } else if (previous && all.get(previous)?.font.hasGlyphForCodePoint(cp)) {
      face = previous;
    } else {
      const order: Family[] = ['latin', 'latin-ext', 'cyrillic', 'arabic', 'ethiopic'];
      const found = order.find((f) =>
        all.get((bold ? `${f}-bold` : f) as FaceName)?.font.hasGlyphForCodePoint(cp),
      );
      face = (bold ? `${found ?? 'latin'}-bold` : (found ?? 'latin')) as FaceName;
    }
    out[i] = face;
    if (cp > 0xffff) {
      out[i + 1] = face;
      i++;
    }
    previous = face;
  }
  return out;
}

/** Whether fontkit reads this run as right-to-left: its first character of a script is Arabic. */
export function isRightToLeftScript(text: string): boolean {
  for (const ch of text) {
    const family = familyOf(ch.codePointAt(0) as number);
    if (family) return family === 'arabic';
  }
  return false;
}
