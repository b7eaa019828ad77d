// S3: a photo is decoded in full when it is uploaded, and what is stored is a normalised JPEG made
// from its pixels — never the bytes that came in. Its size is read from the header first and checked
// before a single pixel is decoded, so a 6000 × 6000 image costs a few bytes of reading, not 600 MB.
// What is stored: the photo turned upright (EXIF orientation), cropped from the centre to the card's
// 4:5 frame (20 × 25 mm), scaled down to 300 × 375 px (381 dpi on the card, above the printer's 300)
// and encoded as a baseline JPEG with no metadata at all (EXIF, GPS, comments, colour profiles go).
//
// Pure JavaScript (jpeg-js, pngjs): no native addon, no install script.

import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** The stored photo's size: the card's 4:5 frame at 381 dpi. */
export const STORED_WIDTH = 300;
export const STORED_HEIGHT = 375;
/** Upright size limits: at least the stored size (never upscaled), at most 4000 px a side. */
export const MIN_WIDTH = STORED_WIDTH;
export const MIN_HEIGHT = STORED_HEIGHT;
export const MAX_SIDE = 4000;
export const MAX_PIXELS = MAX_SIDE * MAX_SIDE;
const JPEG_QUALITY = 90;

export type PhotoType = 'image/jpeg' | 'image/png';

/** Why a photo is refused; `message` is safe to show (no personal data, no bytes). */
export class PhotoError extends Error {
  constructor(
    readonly reason: 'not_an_image' | 'corrupt' | 'too_small' | 'too_large',
    message: string,
  ) {
    super(message);
    this.name = 'PhotoError';
  }
}

export interface PhotoHeader {
  type: PhotoType;
  /** As stored in the file, before EXIF orientation. */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 when there is none). */
  orientation: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the first bytes say the photo is, whatever the client claimed; null when neither. */
export function photoType(bytes: Buffer): PhotoType | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length > 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  return null;
}

/** The EXIF orientation in an APP1 "Exif\0\0" segment's payload; 1 when absent or unreadable. */
function exifOrientation(app1: Buffer): number {
  if (app1.length < 14 || app1.toString('latin1', 0, 6) !== 'Exif\0\0') return 1;
  const tiff = app1.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (little ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (little ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  try {
    const ifd = u32(4);
    const count = u16(ifd);
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      if (u16(entry) === 0x0112) {
        const value = u16(entry + 8);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
  } catch {
    // A malformed EXIF block: the photo is taken as it is stored.
  }
  return 1;
}

function jpegHeader(bytes: Buffer): PhotoHeader {
  let orientation = 1;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff)
      throw new PhotoError('corrupt', 'the JPEG is damaged (no marker where one belongs)');
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) {
      throw new PhotoError('corrupt', 'the JPEG is damaged (a segment runs past the end)');
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8) throw new PhotoError('corrupt', 'the JPEG is damaged (short frame header)');
      return {
        type: 'image/jpeg',
        height: bytes.readUInt16BE(at + 5),
        width: bytes.readUInt16BE(at + 7),
        orientation,
      };
    }
    if (marker === 0xe1) orientation = exifOrientation(bytes.subarray(at + 4, at + 2 + length));
    if (marker === 0xda || marker === 0xd9) break;
    at += 2 + length;
  }
  throw new PhotoError('corrupt', 'the JPEG is damaged (no image size before its data)');
}

function pngHeader(bytes: Buffer): PhotoHeader {
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR' || bytes.readUInt32BE(8) !== 13) {
    throw new PhotoError('corrupt', 'the PNG is damaged (no image header)');
  }
  return { type: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), orientation: 1 };
}

/** The type, size and orientation from the header alone: no pixel is decoded. */
export function readPhotoHeader(bytes: Buffer): PhotoHeader {
  const type = photoType(bytes);
  if (type === 'image/jpeg') return jpegHeader(bytes);
  if (type === 'image/png') return pngHeader(bytes);
  throw new PhotoError('not_an_image', 'the photo is neither a JPEG nor a PNG');
}

/** Orientations 5–8 turn the image a quarter: width and height swap. */
const turned = (orientation: number) => orientation >= 5;

/** Refuses, from the header alone, a photo outside the size limits. */
export function checkPhotoSize(header: PhotoHeader): void {
  const w = turned(header.orientation) ? header.height : header.width;
  const h = turned(header.orientation) ? header.width : header.height;
  if (w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS) {
    throw new PhotoError('too_large', `the photo is ${w} × ${h} px; at most ${MAX_SIDE} × ${MAX_SIDE} px`);
  }
  if (w < MIN_WIDTH || h < MIN_HEIGHT) {
    throw new PhotoError(
      'too_small',
      `the photo is ${w} × ${h} px; at least ${MIN_WIDTH} × ${MIN_HEIGHT} px`,
    );
  }
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decodePixels(bytes: Buffer, header: PhotoHeader): Rgba {
  if (header.type === 'image/jpeg') {
    // A JPEG cut short decodes to grey blocks without complaint: its end-of-image marker must be there.
    let end = bytes.length;
    while (end > 2 && bytes[end - 1] === 0x00) end--; // padding some cameras add after EOI
    if (bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) {
      throw new PhotoError('corrupt', 'the JPEG is cut short (no end-of-image marker)');
    }
    try {
      const image = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        tolerantDecoding: false,
        maxResolutionInMP: MAX_PIXELS / 1e6,
        maxMemoryUsageInMB: 4 * (MAX_PIXELS / 2 ** 20) + 64,
      });
      if (image.width !== header.width || image.height !== header.height) {
        throw new Error('decoded size differs from the header');
      }
      return image;
    } catch (error) {
      if (error instanceof PhotoError) throw error;
      throw new PhotoError('corrupt', 'the JPEG does not decode');
    }
  }
  try {
    const image = PNG.sync.read(bytes, { checkCRC: true });
    return { width: image.width, height: image.height, data: image.data };
  } catch {
    throw new PhotoError('corrupt', 'the PNG does not decode');
  }
}

/**
 * The upright source pixel for an upright position (x, y): EXIF orientations 1–8, where the upright
 * image is w × h and the stored one is width × height.
 */
function sourceIndex(o: number, x: number, y: number, width: number, height: number): number {
  let sx: number;
  let sy: number;
  switch (o) {
    case 2:
      [sx, sy] = [width - 1 - x, y];
      break;
    case 3:
      [sx, sy] = [width - 1 - x, height - 1 - y];
      break;
    case 4:
      [sx, sy] = [x, height - 1 - y];
      break;
    case 5:
      [sx, sy] = [y, x];
      break;
    case 6:
      [sx, sy] = [y, height - 1 - x];
      break;
    case 7:
      [sx, sy] = [width - 1 - y, height - 1 - x];
      break;
    case 8:
      [sx, sy] = [width - 1 - y, x];
      break;
    default:
      [sx, sy] = [x, y];
  }
  return (sy * width + sx) * 4;
}

/**
 * Upright, cropped from the centre to 4:5, scaled down by area averaging to the stored size, alpha
 * laid on white: RGBA ready for the JPEG encoder.
 */
function normalisePixels(image: Rgba, orientation: number): Rgba {
  const uw = turned(orientation) ? image.height : image.width;
  const uh = turned(orientation) ? image.width : image.height;
  // The largest 4:5 window, centred.
  const cw = Math.min(uw, Math.floor((uh * STORED_WIDTH) / STORED_HEIGHT));
  const ch = Math.min(uh, Math.floor((cw * STORED_HEIGHT) / STORED_WIDTH));
  const cx = Math.floor((uw - cw) / 2);
  const cy = Math.floor((uh - ch) / 2);
  const out = new Uint8Array(STORED_WIDTH * STORED_HEIGHT * 4);
  const src = image.data;
  for (let oy = 0; oy < STORED_HEIGHT; oy++) {
    const y0 = cy + Math.floor((oy * ch) / STORED_HEIGHT);
    const y1 = Math.max(y0 + 1, cy + Math.floor(((oy + 1) * ch) / STORED_HEIGHT));
    for (let ox = 0; ox < STORED_WIDTH; ox++) {
      const x0 = cx + Math.floor((ox * cw) / STORED_WIDTH);
      const x1 = Math.max(x0 + 1, cx + Math.floor(((ox + 1) * cw) / STORED_WIDTH));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = sourceIndex(orientation, x, y, image.width, image.height);
          const a = (src[i + 3] as number) / 255;
          r += (src[i] as number) * a + 255 * (1 - a);
          g += (src[i + 1] as number) * a + 255 * (1 - a);
          b += (src[i + 2] as number) * a + 255 * (1 - a);
          n++;
        }
      }
      const o = (oy * STORED_WIDTH + ox) * 4;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
      out[o + 3] = 255;
    }
  }
  return { width: STORED_WIDTH, height: STORED_HEIGHT, data: out };
}

/**
 * S3: the photo as it is stored — header read and size checked first, then decoded in full, then
 * re-encoded from its pixels as a 300 × 375 JPEG with no metadata. Throws PhotoError for what is not
 * a JPEG or PNG, does not decode, or is outside the size limits.
 */
export function normalisePhoto(bytes: Buffer): Buffer {
  const header = readPhotoHeader(bytes);
  checkPhotoSize(header);
  const pixels = decodePixels(bytes, header);
  const upright = normalisePixels(pixels, header.orientation);
  return jpeg.encode({ width: upright.width, height: upright.height, data: upright.data }, JPEG_QUALITY).data;
}

/**
 * Whether a stored photo can go on a card: null when it can, else why not. Photos stored before
 * uploads were decoded may be anything their first bytes claimed; a print batch leaves such a card
 * out rather than fail whole. What the renderer needs is checked: a JPEG goes into the PDF as it is
 * (its markers must lead to a frame header), a PNG is decoded by the renderer (so it is decoded here,
 * within the size limits).
 */
export function storedPhotoProblem(bytes: Buffer): string | null {
  try {
    const header = readPhotoHeader(bytes);
    if (header.type === 'image/png') {
      if (header.width * header.height > MAX_PIXELS) {
        throw new PhotoError('too_large', `the photo is ${header.width} × ${header.height} px`);
      }
      decodePixels(bytes, header);
    }
    return null;
  } catch (error) {
    return error instanceof PhotoError ? error.message : 'the photo does not decode';
  }
}

/** normalisePhoto's answer as plain data, for crossing a worker thread: the JPEG, or why not. */
export type PhotoOutcome =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: PhotoError['reason']; message: string };

export function photoOutcome(bytes: Uint8Array): PhotoOutcome {
  try {
    return { ok: true, bytes: normalisePhoto(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)) };
  } catch (error) {
    if (error instanceof PhotoError) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}
