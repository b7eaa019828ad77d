// R16: making a card's personal code, and whom a child's letter with it goes to. The code exists in clear only here, on its way into the letter
// being printed: what is kept is a per-card random salt and SHA-256(salt ‖ code) (docs/security.md
// says why a fast hash is enough). Making a new one voids the old one.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LetterDocument } from '../documents/letter.ts';
import { ageOn } from '../domain/calendar.ts';
import { PERSONAL_CODE_RANDOM_BYTES, personalCodeFromRandom } from '../domain/personal-code.ts';
import { findApplicantById, listGuardianships } from '../store/applicant-store.ts';
import { findCardById } from '../store/card-store.ts';
import type { Queryable } from '../store/db.ts';
import type { QueuedLetter } from '../store/document-store.ts';
import { replaceHolderCode } from '../store/holder-store.ts';
import { appendHistory } from '../store/record-store.ts';
import type { Actor, WritePath } from './write-path.ts';

export function hashPersonalCode(salt: Buffer, code: string): Buffer {
  return createHash('sha256').update(salt).update(code, 'latin1').digest();
}

/** Whether `code` is the one hashed; the same work whether or not there is a hash to compare with. */
export function personalCodeMatches(salt: Buffer | null, hash: Buffer | null, code: string): boolean {
  const computed = hashPersonalCode(salt ?? DECOY_SALT, code);
  return hash !== null && salt !== null && timingSafeEqual(computed, hash);
}

const DECOY_SALT = randomBytes(16);

/**
 * A new personal code for a card that is not cancelled, its hash stored and the old one void, recorded
 * in the history as `action` (never the code). Returns the code, to be printed; null for a cancelled
 * card or none.
 */
export async function issuePersonalCode(
  path: Pick<WritePath, 'db' | 'now'>,
  actor: Actor,
  cardId: string,
  action: 'holder.code_issued',
): Promise<string | null> {
  // Not a change to the card's answer: no applicant version, no change row, nothing for the read
  // model or the status lists (a letter run of thousands re-signs nothing).
  return path.db.transaction(async (tx) => {
    const card = await findCardById(tx, cardId);
    if (!card || card.state === 'cancelled') return null;
    const code = personalCodeFromRandom(randomBytes(PERSONAL_CODE_RANDOM_BYTES));
    const salt = randomBytes(16);
    const now = path.now();
    await replaceHolderCode(tx, cardId, salt, hashPersonalCode(salt, code), now);
    await appendHistory(tx, {
      at: now,
      actor: actor.name,
      action,
      applicantId: card.applicantId,
      details: { cardId },
      correlationId: actor.correlationId,
    });
    return code;
  });
}

/**
 * R16: the card-ready letter of a child (under 18 the day it is made) who has a guardian goes to the
 * guardian by name, with the child's code, at the guardian's address (none in the forwarding queue,
 * R13). A guardian whose own address is protected is not written to at the child's: the letter stays
 * the child's.
 */
export async function toGuardian(
  db: Queryable,
  doc: LetterDocument,
  l: QueuedLetter,
): Promise<LetterDocument> {
  const child = await findApplicantById(db, l.applicantId);
  if (!child || ageOn(child.birthDate, doc.date) >= 18) return doc;
  const [guardianId] = (await listGuardianships(db, l.applicantId)).guardians;
  const guardian = guardianId ? await findApplicantById(db, guardianId) : null;
  if (!guardian) return doc;
  if (guardian.protectedAddress && !l.forwarding) return doc;
  const address = l.forwarding ? null : (guardian.address ?? doc.address);
  return { ...doc, name: `${guardian.givenName} ${guardian.familyName}`, address, child: doc.name };
}
