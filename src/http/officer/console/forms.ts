// Reading the console's urlencoded forms at the edge (S3): the same rules as the API's schemas, with
// each problem named by field in the officer's language, and the input kept to show the form again.

import {
  type Address,
  LANGUAGES,
  type Language,
  normalisePersonalIdentityNumber,
} from '../../../domain/applicant.ts';
import { type CalendarDate, isCalendarDate } from '../../../domain/calendar.ts';
import type { NewApplicantInput } from '../../../services/lma-service.ts';
import { fill, type Words } from './texts.ts';

export type FormBody = Record<string, unknown>;

/** A text field's value (the first, when repeated), or '' — never anything but a string. */
export function text(body: FormBody | undefined, name: string): string {
  const v = body?.[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

/** Every value of a repeated field (checkboxes). */
export function texts(body: FormBody | undefined, name: string): string[] {
  const v = body?.[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DOSSIER = /^\d{2}-\d{6}$/;

/** An optional date field: undefined when empty, an error text when not a calendar date. */
export function optionalDate(t: Words, value: string): { date?: CalendarDate; error?: string } {
  const v = value.trim();
  if (v === '') return {};
  if (!DATE.test(v) || !isCalendarDate(v)) return { error: t.vDate };
  return { date: v };
}

/**
 * A choice among `choices` and an optional date from one form, as typed (`values`, to show the form
 * again), with an error at the first field that is wrong: the choice, else the date.
 */
export function choiceAndDate(
  t: Words,
  body: FormBody | undefined,
  choiceField: string,
  choices: readonly string[],
  dateField: string,
): { choice: string; date?: CalendarDate; values: Record<string, string>; errors?: Record<string, string> } {
  const choice = text(body, choiceField);
  const rawDate = text(body, dateField);
  const values = { [choiceField]: choice, [dateField]: rawDate };
  if (!choices.includes(choice)) return { choice, values, errors: { [choiceField]: t.vChoice } };
  const date = optionalDate(t, rawDate);
  if (date.error) return { choice, values, errors: { [dateField]: date.error } };
  return { choice, values, ...(date.date ? { date: date.date } : {}) };
}

export type ApplicantForm =
  | { ok: true; input: NewApplicantInput }
  | { ok: false; values: Record<string, string>; errors: Record<string, string> };

const FIELDS = [
  'givenName',
  'familyName',
  'birthDate',
  'nationality',
  'language',
  'dossierNumber',
  'personalIdentityNumber',
  'careOf',
  'street',
  'postalCode',
  'city',
  'protectedAddress',
] as const;

export function readApplicantForm(t: Words, body: FormBody | undefined, today: CalendarDate): ApplicantForm {
  const values = Object.fromEntries(FIELDS.map((f) => [f, text(body, f).trim()])) as Record<
    (typeof FIELDS)[number],
    string
  >;
  const errors: Record<string, string> = {};
  const name = (
    field: 'givenName' | 'familyName' | 'careOf' | 'street' | 'city',
    max: number,
    required: boolean,
  ) => {
    const v = values[field];
    if (v === '') {
      if (required) errors[field] = t.vRequired;
    } else if (v.length > max) errors[field] = fill(t.vTooLong, { max });
  };
  name('givenName', 100, true);
  name('familyName', 100, true);
  if (values.birthDate === '') errors.birthDate = t.vRequired;
  else if (!DATE.test(values.birthDate) || !isCalendarDate(values.birthDate)) errors.birthDate = t.vDate;
  else if (values.birthDate > today) errors.birthDate = t.vFuture;
  values.nationality = values.nationality.toUpperCase();
  if (values.nationality === '') errors.nationality = t.vRequired;
  else if (!/^[A-Z]{3}$/.test(values.nationality)) errors.nationality = t.vNationality;
  if (!(LANGUAGES as readonly string[]).includes(values.language)) errors.language = t.vChoice;
  if (values.dossierNumber !== '' && !DOSSIER.test(values.dossierNumber)) errors.dossierNumber = t.vDossier;
  let pin: string | null = null;
  if (values.personalIdentityNumber !== '') {
    pin = normalisePersonalIdentityNumber(values.personalIdentityNumber);
    if (!pin) errors.personalIdentityNumber = t.vPin;
  }
  const addressGiven =
    values.street !== '' || values.postalCode !== '' || values.city !== '' || values.careOf !== '';
  if (addressGiven) {
    for (const f of ['street', 'postalCode', 'city'] as const) if (values[f] === '') errors[f] = t.vAddress;
    name('careOf', 100, false);
    name('street', 100, false);
    name('city', 60, false);
    if (values.postalCode !== '' && !/^\d{3} ?\d{2}$/.test(values.postalCode))
      errors.postalCode = t.vPostcode;
  }
  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  const address: Address | undefined = addressGiven
    ? {
        ...(values.careOf ? { careOf: values.careOf } : {}),
        street: values.street,
        postalCode: values.postalCode,
        city: values.city,
      }
    : undefined;
  return {
    ok: true,
    input: {
      givenName: values.givenName,
      familyName: values.familyName,
      birthDate: values.birthDate,
      nationality: values.nationality,
      language: values.language as Language,
      ...(values.dossierNumber ? { dossierNumber: values.dossierNumber } : {}),
      ...(address ? { address } : {}),
      protectedAddress: values.protectedAddress === 'yes',
      ...(pin ? { personalIdentityNumber: pin } : {}),
    },
  };
}
