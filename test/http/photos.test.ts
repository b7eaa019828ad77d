// S3 through the officer API: a photo is decoded in full when it is uploaded — what does not decode,
// or is outside the size limits, is refused with 400 naming `photo` and changes nothing; what is
// stored is a 300 × 375 JPEG made from the pixels, without the upload's EXIF/GPS block.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import { readPhotoHeader } from '../../src/documents/photo.ts';
import { backends } from '../support/backends.ts';
import { appOn, type Json, officerClient } from '../support/http.ts';
import { aJpeg, aJpegWithExif, aPngClaiming, GPS_TEXT } from '../support/photos.ts';
import { seeded, seededBytes } from '../support/random.ts';
import { PHOTO } from '../support/system.ts';

const next = seeded(7);

for (const backend of backends) {
  describe(`photos at upload on ${backend.name}`, () => {
    const f = appOn(backend);
    let api: ReturnType<typeof officerClient>;

    before(async () => {
      api = officerClient(f.web);
    });

    /** An applicant whose fingerprints are in: a stored photo would order the card (R2). */
    const anApplicant = async () => {
      const r = await api.post('/applicants', {
        givenName: 'Meron',
        familyName: 'Tesfay',
        birthDate: '1996-08-14',
        nationality: 'ERI',
        language: 'ti',
      });
      await api.post(`/applicants/${r.body.id}/fingerprints`);
      return r.body.id as string;
    };
    const upload = async (id: string, bytes: Buffer, type: string) => {
      const res = await fetch(`${f.web.url}/api/v1/applicants/${id}/photo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.web.officerToken}`, 'content-type': type },
        body: bytes,
      });
      return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Json };
    };
    const stored = async (id: string) =>
      (
        await f.s.db.query<{ content_type: string; bytes: Buffer }>(
          'SELECT content_type, bytes FROM photos WHERE applicant_id = $1',
          [id],
        )
      ).rows[0];
    const cardsOf = async (id: string) =>
      (await f.s.db.query('SELECT id FROM cards WHERE applicant_id = $1', [id])).rows.length;

    const refused = async (bytes: Buffer, type: string, message: RegExp) => {
      const id = await anApplicant();
      const r = await upload(id, bytes, type);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.type ?? '', /^application\/problem\+json/);
      assert.equal(r.body.field, 'photo');
      assert.match(r.body.detail, message);
      assert.equal(await stored(id), undefined, 'nothing stored');
      assert.equal(await cardsOf(id), 0, 'no card ordered');
    };

    it('a PNG signature followed by garbage is refused: it does not decode', async () => {
      const garbage = Buffer.concat([PHOTO.subarray(0, 8), seededBytes(next, 4000)]);
      await refused(garbage, 'image/png', /PNG/);
      // A real header, then data that is not the pixels it promises.
      await refused(aPngClaiming(400, 500, seededBytes(next, 3000)), 'image/png', /does not decode/);
    });

    it('a JPEG cut short or with garbage after its start marker is refused', async () => {
      const good = aJpeg(400, 500);
      await refused(good.subarray(0, Math.floor(good.length / 2)), 'image/jpeg', /JPEG/);
      await refused(Buffer.concat([good.subarray(0, 3), seededBytes(next, 4000)]), 'image/jpeg', /JPEG/);
    });

    it('a 6000 × 6000 image is refused by its header, before any pixel is decoded', async () => {
      // The data after the header is not an image at all: had it been decoded, the refusal would say
      // "does not decode". It names the size, so the header alone decided.
      await refused(
        aPngClaiming(6000, 6000, seededBytes(next, 2000)),
        'image/png',
        /6000 × 6000.*at most 4000/,
      );
      await refused(aPngClaiming(200, 250), 'image/png', /200 × 250.*at least 300 × 375/);
    });

    it('a JPEG with EXIF and GPS is stored without them, turned upright, as a 300 × 375 JPEG', async () => {
      const id = await anApplicant();
      // Stored on its side (375 × 300) with orientation 6: upright it is 300 × 375, which is allowed.
      const upload1 = aJpegWithExif(375, 300, 6);
      assert.ok(upload1.includes(GPS_TEXT), 'the upload carries the GPS text');
      const r = await upload(id, upload1, 'image/jpeg');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(r.body.cardOrdered, 'R2: the photo completes the biometrics');
      const photo = await stored(id);
      assert.equal(photo?.content_type, 'image/jpeg');
      const bytes = Buffer.from(photo?.bytes as Uint8Array);
      assert.ok(!bytes.includes('Exif'), 'no EXIF block');
      assert.ok(!bytes.includes(GPS_TEXT) && !bytes.includes('59.329'), 'no GPS text');
      assert.ok(!bytes.includes(Buffer.from([0xff, 0xe1])), 'no APP1 segment');
      assert.deepEqual(readPhotoHeader(bytes), {
        type: 'image/jpeg',
        width: 300,
        height: 375,
        orientation: 1,
      });
      // Turned upright: the dark square that was top-left of the stored image is now top-right.
      const pixels = jpeg.decode(bytes, { useTArray: true });
      const at = (x: number, y: number) => pixels.data[(y * 300 + x) * 4] as number;
      assert.ok(at(280, 20) < 60, `top-right is dark (${at(280, 20)})`);
      assert.ok(at(20, 20) > 100, `top-left is light (${at(20, 20)})`);
    });

    it('a good PNG is stored as a 300 × 375 JPEG made from its pixels', async () => {
      const id = await anApplicant();
      const r = await upload(id, PHOTO, 'image/png');
      assert.equal(r.status, 200);
      const photo = await stored(id);
      assert.equal(photo?.content_type, 'image/jpeg');
      const decoded = jpeg.decode(photo?.bytes as Buffer, { useTArray: true });
      assert.deepEqual([decoded.width, decoded.height], [300, 375]);
      // The silhouette's head is darker than the background around it.
      const at = (x: number, y: number) => decoded.data[(y * 300 + x) * 4] as number;
      assert.ok(at(150, 140) < at(10, 10) - 50, 'head darker than background');
    });
  });
}
