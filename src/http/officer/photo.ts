// S3 at the edge, shared by the API (raw body) and the console (multipart upload): a photo is what
// its first bytes say — JPEG or PNG — whatever the client claimed; it is decoded in full and what is
// stored is the normalised JPEG made from its pixels (src/documents/photo.ts), never the upload.

import { type PhotoOutcome, type PhotoType, photoType } from '../../documents/photo.ts';
import { AppError } from '../../services/app-error.ts';

export { photoType };

/** Decodes and normalises a photo (in the worker pool); what accepting one needs. */
export type PhotoNormaliser = (bytes: Buffer) => Promise<PhotoOutcome>;

/**
 * The stored form of an uploaded photo, or an AppError naming the field `photo`: 415 when it is not
 * the JPEG or PNG it claims to be, 400 when it does not decode or is outside the size limits.
 */
export async function acceptPhoto(
  bytes: Buffer,
  normalise: PhotoNormaliser,
  claimed?: PhotoType,
): Promise<{ contentType: 'image/jpeg'; bytes: Buffer }> {
  const type = photoType(bytes);
  if (!type || (claimed && type !== claimed)) {
    throw new AppError(
      'unsupported_media_type',
      `the body is not a ${claimed ?? 'JPEG or PNG'} image`,
      'photo',
    );
  }
  const outcome = await normalise(bytes);
  if (!outcome.ok) throw new AppError('validation', outcome.message, 'photo');
  return {
    contentType: 'image/jpeg',
    bytes: Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.length),
  };
}
