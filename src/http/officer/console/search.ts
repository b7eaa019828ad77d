// The console's one search box: what the officer typed or a hand scanner sent, read as a case number
// (with or without its hyphen), a card code (typed, or the whole QR address a scanner types — read by
// the verifier's own scan parser, so a counterfeit address is named, never looked up), or a name with
// an optional birth date (1996-03-14, 19960314 or 14.03.1996). Then found through the store's reads.

import { type CalendarDate, isCalendarDate } from '../../../domain/calendar.ts';
import {
  type Applicant,
  findApplicantByDossierNumber,
  findApplicantsByName,
} from '../../../store/applicant-store.ts';
import { findCardByCode } from '../../../store/card-store.ts';
import type { Queryable } from '../../../store/db.ts';
import { classifyInput } from '../../verify/assets/scan.js';
import type { WordKey } from './texts.ts';

export type SearchProblem = 'date' | 'nameMissing' | 'foreign' | 'notCard' | 'typo' | 'tooLong' | 'unknown';

export type SearchQuery =
  | { kind: 'empty' }
  | { kind: 'dossier'; dossierNumber: string }
  /** `orName`: the text was letters only, so it may be a name that happens to read as a code. */
  | { kind: 'code'; code: string; orName: { name: string; birthDate: null } | null }
  | { kind: 'name'; name: string; birthDate: CalendarDate | null }
  | { kind: 'problem'; problem: SearchProblem };

export const SEARCH_MAX = 200;
/** The most matches a name search lists; the page says when there may be more. */
export const SEARCH_LIMIT = 50;

/** The console text that explains each problem. */
export const SEARCH_PROBLEMS = {
  date: 'vSearchDate',
  nameMissing: 'vSearchNameMissing',
  foreign: 'vSearchForeign',
  notCard: 'vSearchNotCard',
  typo: 'vSearchTypo',
  tooLong: 'vSearchTooLong',
  unknown: 'vSearch',
} as const satisfies Record<SearchProblem, WordKey>;
const CASE_NUMBER = /^(\d{2})-?(\d{6})$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A birth date as officers write it: 1996-03-14, 19960314 or 14.03.1996; null when it is none of those. */
export function readBirthDate(token: string): CalendarDate | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(token);
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(token);
  const parts = iso ? [iso[1], iso[2], iso[3]] : dotted ? [dotted[3], dotted[2], dotted[1]] : null;
  if (!parts) return null;
  const date = parts.join('-');
  return isCalendarDate(date) && date >= '1900-01-01' ? date : null;
}

function nameAndDate(text: string): SearchQuery {
  const tokens = text.split(/\s+/);
  const dated = tokens.filter((x) => /\d/.test(x));
  if (dated.length === 0) return { kind: 'name', name: tokens.join(' '), birthDate: null };
  const last = tokens.at(-1) as string;
  const name = tokens.slice(0, -1).join(' ');
  if (dated.length > 1 || dated[0] !== last) return { kind: 'problem', problem: 'date' };
  const birthDate = readBirthDate(last);
  if (!birthDate) return { kind: 'problem', problem: 'date' };
  if (name === '') return { kind: 'problem', problem: 'nameMissing' };
  return { kind: 'name', name, birthDate };
}

/** What the search box holds. `baseUrl` is our PUBLIC_BASE_URL, the only address a card's QR code has. */
export function readSearch(raw: string, baseUrl: string): SearchQuery {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === '') return { kind: 'empty' };
  if (text.length > SEARCH_MAX) return { kind: 'problem', problem: 'tooLong' };
  const dossier = CASE_NUMBER.exec(text);
  if (dossier) return { kind: 'dossier', dossierNumber: `${dossier[1]}-${dossier[2]}` };
  if (readBirthDate(text)) return { kind: 'problem', problem: 'nameMissing' };
  // A hand scanner may put a short prefix before the address: the verifier's till mode allows it.
  const scanned = classifyInput(text, { baseUrl, till: true });
  switch (scanned.kind) {
    case 'code': {
      const lettersOnly = !/\d/.test(text) && !SCHEME.test(text);
      return {
        kind: 'code',
        code: scanned.code,
        orName: lettersOnly ? { name: text, birthDate: null } : null,
      };
    }
    case 'foreign':
    case 'not_card':
      // A scanned address has no spaces; "Anna 14.03.1996" only has the dots of a date.
      if (text.includes(' ') && !SCHEME.test(text)) return nameAndDate(text);
      return { kind: 'problem', problem: scanned.kind === 'foreign' ? 'foreign' : 'notCard' };
    case 'empty':
      return { kind: 'empty' };
    case 'typo':
      if (SCHEME.test(text)) return { kind: 'problem', problem: 'typo' };
      // No letters, and neither a case number nor a date.
      if (!/\p{L}/u.test(text)) return { kind: 'problem', problem: 'unknown' };
      // One word with digits, or grouped like a printed code: a card code typed wrong, not a name
      // (a hyphenated name such as Al-Hassan is searched as a name).
      if (!text.includes(' ') && (/\d/.test(text) || /^[^-]{4}-[^-]{4}-[^-]{4}-[^-]$/.test(text)))
        return { kind: 'problem', problem: 'typo' };
      return nameAndDate(text);
  }
}

export type SearchOutcome =
  | { kind: 'applicant'; id: string }
  | { kind: 'list'; applicants: Applicant[] }
  | { kind: 'noCard' }
  | { kind: 'problem'; problem: SearchProblem }
  | { kind: 'empty' };

/** Finds what the query names: one applicant (to open), a list (to choose from), or why not. */
export async function runSearch(db: Queryable, query: SearchQuery): Promise<SearchOutcome> {
  switch (query.kind) {
    case 'empty':
    case 'problem':
      return query;
    case 'dossier': {
      const found = await findApplicantByDossierNumber(db, query.dossierNumber);
      return found ? { kind: 'applicant', id: found.id } : { kind: 'list', applicants: [] };
    }
    case 'code': {
      const card = await findCardByCode(db, query.code);
      if (card) return { kind: 'applicant', id: card.applicantId };
      return query.orName ? runSearch(db, { kind: 'name', ...query.orName }) : { kind: 'noCard' };
    }
    case 'name': {
      const applicants = await findApplicantsByName(db, query.name, query.birthDate, SEARCH_LIMIT);
      const only = applicants.length === 1 ? applicants[0] : undefined;
      return only ? { kind: 'applicant', id: only.id } : { kind: 'list', applicants };
    }
  }
}
