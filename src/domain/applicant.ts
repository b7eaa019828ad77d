// R1 dossier numbers, R12 personal identity numbers, and the applicant as the domain sees it.

import type { CalendarDate } from './calendar.ts';

export const LANGUAGES = ['sv', 'en', 'ar', 'fa', 'prs', 'ti', 'so', 'uk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Address {
  careOf?: string;
  street: string;
  postalCode: string;
  city: string;
}

const DOSSIER = /^\d{2}-\d{6}$/;

/** R1: a dossier number is `NN-NNNNNN`. */
export function isDossierNumber(value: string): boolean {
  return DOSSIER.test(value);
}

/** R1: the system assigns a dossier number when none is given; the caller supplies the random source. */
export function dossierNumberFromRandom(randomInt: (maxExclusive: number) => number): string {
  const n = String(randomInt(100_000_000)).padStart(8, '0');
  return `${n.slice(0, 2)}-${n.slice(2)}`;
}

/**
 * R12: a Swedish personal identity number, accepted as YYYYMMDD-NNNN, YYYYMMDDNNNN or with '+',
 * stored as 12 digits. The last digit is the Luhn check over the 10 digits after the century; a
 * co-ordination number (day + 60) is accepted too.
 */
export function normalisePersonalIdentityNumber(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})[-+]?(\d{4})$/.exec(value.trim());
  if (!m) return null;
  const [, year, month, day, tail] = m as unknown as [string, string, string, string, string];
  if (Number(year) < 1900) return null;
  const dayNumber = Number(day) > 60 ? Number(day) - 60 : Number(day);
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, dayNumber));
  if (probe.getUTCMonth() !== Number(month) - 1 || probe.getUTCDate() !== dayNumber) return null;
  const ten = `${year.slice(2)}${month}${day}${tail}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  if ((10 - (sum % 10)) % 10 !== Number(ten[9])) return null;
  return `${year}${month}${day}${tail}`;
}

export interface ApplicantFacts {
  id: string;
  birthDate: CalendarDate;
  hasPhoto: boolean;
  hasFingerprints: boolean;
}
