// The employer's own re-check reminder: an iCalendar file (RFC 5545) made in the browser,
// never by the server. It carries no personal data — not the card's code, and not the card's validity
// date, which the lookup never reveals — only "check again" on a day the employer chose.

const STOCKHOLM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Swedish calendar date of an instant, plus `days` days, as YYYYMMDD. */
export function swedishDatePlusDays(instant, days) {
  const [y, m, d] = STOCKHOLM_DATE.format(instant).split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10).replaceAll('-', '');
}

/** 2026-06-02T08:15:00.000Z → 20260602T081500Z */
export function utcStamp(instant) {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll('-', '')
    .replaceAll(':', '');
}

/** RFC 5545 3.3.11 TEXT escaping. */
export function escapeText(value) {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 3.1: lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character. */
export function foldLine(line) {
  const encoder = new TextEncoder();
  const parts = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with one space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * @param {{ checkedAt: Date, days: number, now: Date, uid: string, summary: string, description: string }} r
 * @returns {string} a VCALENDAR with one all-day VEVENT `days` days after the check (Swedish date),
 *   with a display alarm at 09:00 that day; CRLF line ends.
 */
export function buildReminderIcs({ checkedAt, days, now, uid, summary, description }) {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError('days must be 1–366');
  const start = swedishDatePlusDays(checkedAt, days);
  const end = swedishDatePlusDays(checkedAt, days + 1);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//lmakort//verifier//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART;VALUE=DATE:${start}`,
    `DTEND;VALUE=DATE:${end}`,
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(description)}`,
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER;RELATED=START:PT9H',
    `DESCRIPTION:${escapeText(summary)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
