// A "photo" of a card's QR code for Chromium's fake camera (--use-file-for-fake-video-capture): the
// QR code the card carries (C2: the upper-case URL, error correction M, made by the `qrcode` package
// as the card renderer does), drawn on a grey card, turned a few degrees, with uneven light and sensor
// noise, written as a Y4M video (YUV 4:2:0; the format is a text header and raw planes per frame).

import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { seeded } from '../../support/random.ts';

const WIDTH = 640;
const HEIGHT = 480;

/** Luma (0–255) of one frame showing `text` as a QR code on a card, rotated by `degrees`. */
export function qrPhotoLuma(text: string, degrees = 7, seed = 1): Uint8Array {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const modulePx = Math.floor(300 / (size + 2 * quiet));
  const side = modulePx * (size + 2 * quiet);
  const dark = (x: number, y: number) => {
    const mx = Math.floor(x / modulePx) - quiet;
    const my = Math.floor(y / modulePx) - quiet;
    return mx >= 0 && my >= 0 && mx < size && my < size && qr.modules.get(my, mx) === 1;
  };
  const noise = seeded(seed);
  const luma = new Uint8Array(WIDTH * HEIGHT);
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = WIDTH / 2;
  const cy = HEIGHT / 2;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      // Back into the card's own (unrotated) coordinates.
      const u = cos * (x - cx) + sin * (y - cy);
      const v = -sin * (x - cx) + cos * (y - cy);
      const qx = u + side / 2;
      const qy = v + side / 2;
      let value: number;
      if (qx >= 0 && qy >= 0 && qx < side && qy < side) value = dark(qx, qy) ? 40 : 215;
      else if (Math.abs(u) < 260 && Math.abs(v) < 200)
        value = 175; // the card around the code
      else value = 90; // the desk
      const light = 1 - 0.18 * ((x + y) / (WIDTH + HEIGHT)); // uneven light
      luma[y * WIDTH + x] = Math.max(0, Math.min(255, Math.round(value * light + (noise() - 0.5) * 24)));
    }
  }
  return luma;
}

/** Writes a Y4M file of `frames` identical grey frames showing `text` as a card's QR code. */
export function writeQrVideo(path: string, text: string, frames = 10): void {
  const luma = qrPhotoLuma(text);
  const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2)).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
