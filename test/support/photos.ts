// Photos as cameras and broken uploads make them, for the S3 tests: JPEGs encoded here (jpeg-js),
// with or without an EXIF block, and PNGs whose header says one thing and whose data another.

import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';

/** A w × h JPEG of a vertical gradient with a dark square top-left (to see orientation). */
export function aJpeg(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const dark = x < width / 4 && y < height / 4;
      const v = dark ? 20 : 120 + Math.round((100 * y) / height);
      data[o] = v;
      data[o + 1] = v;
      data[o + 2] = v;
      data[o + 3] = 255;
    }
  }
  return jpeg.encode({ width, height, data }, 90).data;
}

/** What a phone writes: the where-it-was-taken text the tests look for after the upload. */
export const GPS_TEXT = 'GPS 59.329323N 18.068581E';

/** An APP1 EXIF segment: Orientation, and an ImageDescription holding GPS_TEXT (little-endian TIFF). */
function exifSegment(orientation: number): Buffer {
  const text = Buffer.from(`${GPS_TEXT}\0`, 'latin1');
  const ifdAt = 8;
  const entries = 2;
  const dataAt = ifdAt + 2 + entries * 12 + 4;
  const tiff = Buffer.alloc(dataAt + text.length);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(ifdAt, 4);
  tiff.writeUInt16LE(entries, ifdAt);
  // ImageDescription (0x010e), ASCII
  tiff.writeUInt16LE(0x010e, ifdAt + 2);
  tiff.writeUInt16LE(2, ifdAt + 4);
  tiff.writeUInt32LE(text.length, ifdAt + 6);
  tiff.writeUInt32LE(dataAt, ifdAt + 10);
  // Orientation (0x0112), SHORT
  tiff.writeUInt16LE(0x0112, ifdAt + 14);
  tiff.writeUInt16LE(3, ifdAt + 16);
  tiff.writeUInt32LE(1, ifdAt + 18);
  tiff.writeUInt16LE(orientation, ifdAt + 22);
  text.copy(tiff, dataAt);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A JPEG with an EXIF block (orientation, GPS text) right after its start marker, as cameras write. */
export function aJpegWithExif(width: number, height: number, orientation = 1): Buffer {
  const plain = aJpeg(width, height);
  return Buffer.concat([plain.subarray(0, 2), exifSegment(orientation), plain.subarray(2)]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  // A CRC of zero: readers that check CRCs refuse it, which is part of what these PNGs are for.
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

/** A PNG whose header claims width × height, followed by `data` bytes that are not its pixels. */
export function aPngClaiming(width: number, height: number, data = deflateSync(Buffer.alloc(1024))): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', data),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
