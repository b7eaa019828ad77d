// The part of fontkit (the font engine under pdfkit) the documents use; fontkit ships no types.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    name: string;
    codePoints: number[];
  }
  export interface GlyphRun {
    glyphs: Glyph[];
    direction: 'ltr' | 'rtl';
  }
  export interface Font {
    unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string, features?: string[] | Record<string, boolean>): GlyphRun;
  }
  export function create(buffer: Buffer): Font;
}
