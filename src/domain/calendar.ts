// R6: dates are calendar dates in Europe/Stockholm, carried as ISO strings ('2026-06-02').
// ISO strings compare correctly with < and >, which keeps the hot lookup path free of Date objects.

export type CalendarDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return (
    year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function parts(date: CalendarDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Adds calendar months the way a person counts them: the same day number, or the last day of the
 * target month when it is shorter (31 Jan + 3 months = 30 Apr; 30 Nov 2027 + 3 months = 29 Feb 2028).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

/** Whole years between a birth date and a day (the birthday itself counts; 29 Feb turns over on 1 Mar). */
export function ageOn(birthDate: CalendarDate, day: CalendarDate): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(day);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

const stockholmFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const stockholmTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Stockholm',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The calendar date in Sweden at an instant (R6). */
export function stockholmDate(instant: Date): CalendarDate {
  return stockholmFormat.format(instant);
}

/** Wall-clock time in Sweden at an instant, 'HH:MM:SS'. */
export function stockholmTime(instant: Date): string {
  return stockholmTimeFormat.format(instant);
}

/**
 * The first instant of a Swedish calendar day, in epoch milliseconds. Swedish midnight is never
 * inside a DST gap (changes happen at 02:00/03:00), so it always exists exactly once.
 */
export function stockholmDayStart(date: CalendarDate): number {
  const [y, m, d] = parts(date);
  // Midnight in Stockholm is 22:00 or 23:00 UTC the day before; try both offsets.
  for (const offsetHours of [1, 2]) {
    const candidate = Date.UTC(y, m - 1, d) - offsetHours * 3_600_000;
    if (stockholmDate(new Date(candidate)) === date && stockholmDate(new Date(candidate - 1)) !== date) {
      return candidate;
    }
  }
  throw new Error(`no Stockholm midnight found for ${date}`);
}

/**
 * When a token given "--expires" ends: `N d` days from now, or a calendar date (valid through that
 * whole day, Swedish time, R6) or an ISO 8601 instant with offset. Null when not one of those.
 */
export function parseExpiry(value: string, now: Date): Date | null {
  const days = /^(\d{1,4})d$/.exec(value);
  if (days) return Number(days[1]) > 0 ? new Date(now.getTime() + Number(days[1]) * 86_400_000) : null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return isCalendarDate(value) ? new Date(stockholmDayStart(addDays(value, 1))) : null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const t = new Date(value);
    return Number.isNaN(t.getTime()) ? null : t;
  }
  return null;
}

/**
 * A date written out in a reader's language (`locale`: a BCP 47 tag such as `ar` or `sv-SE`), in the
 * Gregorian calendar with Western digits, as letters and the holder's page write it; the ISO date
 * itself when the runtime does not know the language.
 */
export function longDate(date: CalendarDate, locale: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  try {
    return new Intl.DateTimeFormat(`${locale}-u-ca-gregory-nu-latn`, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(y, m - 1, d)));
  } catch {
    return date;
  }
}
