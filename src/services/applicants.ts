// Applicants: registration (R1, R12), photo and fingerprints (a card is ordered when both are in, R2),
// finding one, and the officer's view of one (C7).

import { randomInt, randomUUID } from 'node:crypto';
import { type Address, dossierNumberFromRandom, type Language } from '../domain/applicant.ts';
import type { CalendarDate } from '../domain/calendar.ts';
import { isAtUndInEffect, isCovered, summariseCoverage } from '../domain/coverage.ts';
import { type ApplicantRecords, readApplicantRecords } from '../store/applicant-records.ts';
import {
  type Applicant,
  existingApplicantIds,
  findApplicantByDossierNumber,
  findApplicantById,
  findSpecimenApplicantByName,
  insertApplicant,
  insertGuardianships,
  isDossierNumberTaken,
  listGuardianships,
  recordFingerprints,
  savePhoto,
} from '../store/applicant-store.ts';
import type { AtUndRecord, DecisionRecord } from '../store/record-store.ts';
import { AppError } from './app-error.ts';
import type { CardService } from './cards.ts';
import { type CardStandingView, type CardView, cardStandingView } from './views.ts';
import type { Actor, Idempotency, WritePath } from './write-path.ts';

export interface NewApplicantInput {
  givenName: string;
  familyName: string;
  birthDate: CalendarDate;
  nationality: string;
  language: Language;
  dossierNumber?: string;
  address?: Address;
  protectedAddress?: boolean;
  personalIdentityNumber?: string;
  guardianOf?: string[];
  /**
   * A specimen (training) applicant: its cards answer lookups with their real R11 result
   * marked "specimen", it gets no letters and stays out of the statistics. Only ever set here, at
   * registration, so no real dossier can become one; it carries no real person's identifiers.
   */
  specimen?: boolean;
}

export interface ApplicantRegistered {
  id: string;
  dossierNumber: string;
}

export interface PhotoRecorded {
  photo: true;
  cardOrdered: CardView | null;
}

export interface FingerprintsRecorded {
  fingerprints: true;
  cardOrdered: CardView | null;
}

/** The officer view (C7): data, cards, decisions, AT-UND, visits, letters and history. */
export interface ApplicantView
  extends Pick<
      Applicant,
      | 'id'
      | 'dossierNumber'
      | 'givenName'
      | 'familyName'
      | 'birthDate'
      | 'nationality'
      | 'language'
      | 'address'
      | 'protectedAddress'
      | 'personalIdentityNumber'
      | 'specimen'
      | 'createdAt'
    >,
    Pick<ApplicantRecords, 'visits' | 'letters' | 'history'> {
  guardianOf: string[];
  guardians: string[];
  photo: { taken: boolean; takenAt: string | null };
  fingerprints: { taken: boolean; takenAt: string | null };
  covered: boolean;
  atUnd: boolean;
  cards: CardStandingView[];
  decisions: Omit<DecisionRecord, 'applicantId'>[];
  atUndChanges: Omit<AtUndRecord, 'sequence'>[];
}

export class ApplicantService {
  constructor(
    private readonly path: WritePath,
    private readonly cards: CardService,
  ) {}

  /** R1, R12: registers an applicant, assigning a dossier number when none is given. */
  registerApplicant(
    actor: Actor,
    input: NewApplicantInput,
    idempotency?: Idempotency,
  ): Promise<ApplicantRegistered> {
    return this.path.write(actor, idempotency, async (w) => {
      if (input.specimen) refuseRealIdentifiers(input);
      const guardianOf = [...new Set(input.guardianOf ?? [])];
      if (guardianOf.length > 0) {
        const found = await existingApplicantIds(w.tx, guardianOf);
        const missing = guardianOf.find((id) => !found.has(id));
        if (missing)
          throw new AppError('guardian_of_unknown', `no applicant with id ${missing}`, 'guardianOf');
      }
      let dossierNumber = input.dossierNumber;
      if (dossierNumber === undefined) {
        do dossierNumber = dossierNumberFromRandom((max) => randomInt(max));
        while (await isDossierNumberTaken(w.tx, dossierNumber));
      }
      const id = randomUUID();
      const inserted = await insertApplicant(w.tx, {
        id,
        dossierNumber,
        givenName: input.givenName,
        familyName: input.familyName,
        birthDate: input.birthDate,
        nationality: input.nationality,
        language: input.language,
        address: input.address ?? null,
        protectedAddress: input.protectedAddress ?? false,
        personalIdentityNumber: input.personalIdentityNumber ?? null,
        specimen: input.specimen ?? false,
        createdAt: w.now,
      });
      if (!inserted) {
        throw new AppError(
          'dossier_number_taken',
          `dossier number ${dossierNumber} is taken`,
          'dossierNumber',
        );
      }
      w.touched.set(id, 1);
      await insertGuardianships(w.tx, id, guardianOf);
      // P4 records what was done and on whom; the personal data themselves stay in their own table.
      await this.path.history(w, 'applicant.registered', id, {
        dossierNumber,
        guardianOf,
        ...(input.specimen ? { specimen: true } : {}),
      });
      return { id, dossierNumber };
    });
  }

  /** Stores the photo; R2 orders the card when fingerprints are in too. */
  recordPhoto(
    actor: Actor,
    applicantId: string,
    photo: { contentType: 'image/jpeg' | 'image/png'; bytes: Buffer },
    idempotency?: Idempotency,
  ): Promise<PhotoRecorded> {
    return this.path.write(actor, idempotency, async (w) => {
      await this.path.lock(w, applicantId);
      await savePhoto(w.tx, applicantId, photo.contentType, photo.bytes, w.now);
      await this.path.history(w, 'photo.recorded', applicantId, {
        contentType: photo.contentType,
        bytes: photo.bytes.length,
      });
      const applicant = (await findApplicantById(w.tx, applicantId)) as Applicant;
      return { photo: true, cardOrdered: await this.cards.orderCardIfDue(w, applicant) };
    });
  }

  /** Records that fingerprints were taken (in the biometric system); R2 orders the card when the photo is in too. */
  recordFingerprints(
    actor: Actor,
    applicantId: string,
    idempotency?: Idempotency,
  ): Promise<FingerprintsRecorded> {
    return this.path.write(actor, idempotency, async (w) => {
      await this.path.lock(w, applicantId);
      await recordFingerprints(w.tx, applicantId, w.now);
      await this.path.history(w, 'fingerprints.recorded', applicantId, {});
      const applicant = (await findApplicantById(w.tx, applicantId)) as Applicant;
      return { fingerprints: true, cardOrdered: await this.cards.orderCardIfDue(w, applicant) };
    });
  }

  async findApplicantId(dossierNumber: string): Promise<string | null> {
    return (await findApplicantByDossierNumber(this.path.db, dossierNumber))?.id ?? null;
  }

  /** A specimen applicant by its (made-up) name: how the demo finds the specimen cards it made. */
  findSpecimenApplicantId(givenName: string, familyName: string): Promise<string | null> {
    return findSpecimenApplicantByName(this.path.db, givenName, familyName);
  }

  /** The officer view (C7); null when there is no such applicant. */
  async applicantView(id: string): Promise<ApplicantView | null> {
    const records = await readApplicantRecords(this.path.db, id);
    if (!records) return null;
    const { applicant, cards, decisions, atUndChanges, visits, letters, history } = records;
    const family = await listGuardianships(this.path.db, id);
    const today = this.path.today();
    const summary = summariseCoverage(decisions, atUndChanges);
    return {
      id: applicant.id,
      dossierNumber: applicant.dossierNumber,
      givenName: applicant.givenName,
      familyName: applicant.familyName,
      birthDate: applicant.birthDate,
      nationality: applicant.nationality,
      language: applicant.language,
      address: applicant.address,
      protectedAddress: applicant.protectedAddress,
      personalIdentityNumber: applicant.personalIdentityNumber,
      specimen: applicant.specimen,
      guardianOf: family.guardianOf,
      guardians: family.guardians,
      photo: { taken: applicant.hasPhoto, takenAt: applicant.photoTakenAt },
      fingerprints: { taken: applicant.fingerprintsTakenAt !== null, takenAt: applicant.fingerprintsTakenAt },
      covered: isCovered(summary, today),
      atUnd: isAtUndInEffect(summary, today),
      cards: cards.map((c) => cardStandingView(this.path, applicant, c, summary, today)),
      decisions: decisions.map((d) => ({
        id: d.id,
        type: d.type,
        effectiveDate: d.effectiveDate,
        revoked: d.revoked,
        registeredAt: d.registeredAt,
        registeredBy: d.registeredBy,
        revokedAt: d.revokedAt,
        revokedBy: d.revokedBy,
      })),
      atUndChanges: atUndChanges.map((c) => ({
        id: c.id,
        granted: c.granted,
        effectiveDate: c.effectiveDate,
        registeredAt: c.registeredAt,
        registeredBy: c.registeredBy,
      })),
      visits,
      letters,
      history,
      createdAt: applicant.createdAt,
    };
  }
}

/** A specimen is nobody: it may not carry a real dossier number, identity number or family tie. */
function refuseRealIdentifiers(input: NewApplicantInput): void {
  const real: [keyof NewApplicantInput, boolean][] = [
    ['dossierNumber', input.dossierNumber !== undefined],
    ['personalIdentityNumber', input.personalIdentityNumber !== undefined],
    ['guardianOf', (input.guardianOf ?? []).length > 0],
  ];
  const field = real.find(([, given]) => given)?.[0];
  if (field) {
    throw new AppError(
      'validation',
      `a specimen applicant gets a dossier number from the system and has no ${field}`,
      field,
    );
  }
}
