// Applicants, guardianships and biometrics. Row types stay in this file.

import type { Address, Language } from '../domain/applicant.ts';
import type { CalendarDate } from '../domain/calendar.ts';
import type { Queryable } from './db.ts';

export interface Applicant {
  id: string;
  dossierNumber: string;
  givenName: string;
  familyName: string;
  birthDate: CalendarDate;
  nationality: string;
  language: Language;
  address: Address | null;
  protectedAddress: boolean;
  personalIdentityNumber: string | null;
  /** A training applicant: no letters, not in statistics, lookups marked "specimen". */
  specimen: boolean;
  hasPhoto: boolean;
  photoTakenAt: string | null;
  fingerprintsTakenAt: string | null;
  createdAt: string;
  version: number;
}

interface ApplicantRow {
  id: string;
  dossier_number: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  nationality: string;
  language: string;
  address: Address | null;
  protected_address: boolean;
  personal_identity_number: string | null;
  specimen: boolean;
  photo_taken_at: string | null;
  fingerprints_taken_at: string | null;
  created_at: string;
  version: number;
}

const SELECT_APPLICANT = `
  SELECT a.id, a.dossier_number, a.given_name, a.family_name, a.birth_date, a.nationality, a.language,
         a.address, a.protected_address, a.personal_identity_number, a.specimen, p.taken_at AS photo_taken_at,
         a.fingerprints_taken_at, a.created_at, a.version
    FROM applicants a LEFT JOIN photos p ON p.applicant_id = a.id`;

function toApplicant(row: ApplicantRow): Applicant {
  return {
    id: row.id,
    dossierNumber: row.dossier_number,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    nationality: row.nationality,
    language: row.language as Language,
    address: row.address,
    protectedAddress: row.protected_address,
    personalIdentityNumber: row.personal_identity_number,
    specimen: row.specimen,
    hasPhoto: row.photo_taken_at !== null,
    photoTakenAt: row.photo_taken_at,
    fingerprintsTakenAt: row.fingerprints_taken_at,
    createdAt: row.created_at,
    version: row.version,
  };
}

/** An applicant as registered: the facts, without the biometrics and the version that come later. */
export type NewApplicant = Omit<
  Applicant,
  'hasPhoto' | 'photoTakenAt' | 'fingerprintsTakenAt' | 'createdAt' | 'version'
> & { createdAt: Date };

/** Inserts an applicant at version 1; false when the dossier number is taken. */
export async function insertApplicant(db: Queryable, a: NewApplicant): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO applicants (id, dossier_number, given_name, family_name, birth_date, nationality, language,
                             address, protected_address, personal_identity_number, specimen, version, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12)
     ON CONFLICT (dossier_number) DO NOTHING RETURNING id`,
    [
      a.id,
      a.dossierNumber,
      a.givenName,
      a.familyName,
      a.birthDate,
      a.nationality,
      a.language,
      a.address === null ? null : JSON.stringify(a.address),
      a.protectedAddress,
      a.personalIdentityNumber,
      a.specimen,
      a.createdAt.toISOString(),
    ],
  );
  return rows.length === 1;
}

/** The oldest specimen applicant with this name (the demo's specimens are found again by name). */
export async function findSpecimenApplicantByName(
  db: Queryable,
  givenName: string,
  familyName: string,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM applicants WHERE specimen AND given_name = $1 AND family_name = $2 ORDER BY created_at LIMIT 1',
    [givenName, familyName],
  );
  return rows[0]?.id ?? null;
}

export async function isDossierNumberTaken(db: Queryable, dossierNumber: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM applicants WHERE dossier_number = $1', [dossierNumber]);
  return rows.length > 0;
}

/**
 * Locks an applicant for a change and bumps its version (the order of read-model updates).
 * Returns the new version, or null when there is no such applicant.
 */
export async function lockApplicant(db: Queryable, id: string): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(
    'UPDATE applicants SET version = version + 1 WHERE id = $1 AND purged_at IS NULL RETURNING version',
    [id],
  );
  return rows[0]?.version ?? null;
}

export async function findApplicantById(db: Queryable, id: string): Promise<Applicant | null> {
  const { rows } = await db.query<ApplicantRow>(
    `${SELECT_APPLICANT} WHERE a.id = $1 AND a.purged_at IS NULL`,
    [id],
  );
  return rows[0] ? toApplicant(rows[0]) : null;
}

export async function findApplicantByDossierNumber(
  db: Queryable,
  dossierNumber: string,
): Promise<Applicant | null> {
  const { rows } = await db.query<ApplicantRow>(
    `${SELECT_APPLICANT} WHERE a.dossier_number = $1 AND a.purged_at IS NULL`,
    [dossierNumber],
  );
  return rows[0] ? toApplicant(rows[0]) : null;
}

export async function existingApplicantIds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM applicants WHERE id = ANY($1::uuid[]) AND purged_at IS NULL',
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

export async function insertGuardianships(
  db: Queryable,
  guardianId: string,
  childIds: readonly string[],
): Promise<void> {
  for (const childId of childIds) {
    await db.query(
      'INSERT INTO guardianships (guardian_id, child_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [guardianId, childId],
    );
  }
}

export async function listGuardianships(
  db: Queryable,
  applicantId: string,
): Promise<{ guardianOf: string[]; guardians: string[] }> {
  const { rows } = await db.query<{ guardian_id: string; child_id: string }>(
    'SELECT guardian_id, child_id FROM guardianships WHERE guardian_id = $1 OR child_id = $1 ORDER BY 1, 2',
    [applicantId],
  );
  return {
    guardianOf: rows.filter((r) => r.guardian_id === applicantId).map((r) => r.child_id),
    guardians: rows.filter((r) => r.child_id === applicantId).map((r) => r.guardian_id),
  };
}

/** Stores (or replaces) the applicant's photo. */
export async function savePhoto(
  db: Queryable,
  applicantId: string,
  contentType: string,
  bytes: Buffer,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO photos (applicant_id, content_type, bytes, taken_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (applicant_id) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
                                              taken_at = EXCLUDED.taken_at`,
    [applicantId, contentType, bytes, at.toISOString()],
  );
}

export async function loadPhoto(
  db: Queryable,
  applicantId: string,
): Promise<{ contentType: string; bytes: Buffer } | null> {
  const { rows } = await db.query<{ content_type: string; bytes: Uint8Array }>(
    'SELECT content_type, bytes FROM photos WHERE applicant_id = $1',
    [applicantId],
  );
  const row = rows[0];
  return row ? { contentType: row.content_type, bytes: Buffer.from(row.bytes) } : null;
}

export async function recordFingerprints(db: Queryable, applicantId: string, at: Date): Promise<void> {
  await db.query('UPDATE applicants SET fingerprints_taken_at = $2 WHERE id = $1', [
    applicantId,
    at.toISOString(),
  ]);
}

/**
 * Applicants whose given and family name contain `name` (case-insensitive; LIKE wildcards in the
 * input are taken literally), born on `birthDate` when one is given. At most `limit`, by family name.
 */
export async function findApplicantsByName(
  db: Queryable,
  name: string,
  birthDate: CalendarDate | null,
  limit = 50,
): Promise<Applicant[]> {
  const pattern = `%${name.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<ApplicantRow>(
    `${SELECT_APPLICANT}
      WHERE ($1::date IS NULL OR a.birth_date = $1::date)
        AND (lower(a.given_name || ' ' || a.family_name) LIKE $2 OR lower(a.family_name || ' ' || a.given_name) LIKE $2)
      ORDER BY a.family_name, a.given_name, a.dossier_number LIMIT $3`,
    [birthDate, pattern, limit],
  );
  return rows.map(toApplicant);
}
