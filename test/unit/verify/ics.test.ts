// The employer's re-check reminder: an RFC 5545 calendar file made in the browser, with
// CRLF line ends, UID and DTSTAMP, folded at 75 octets — and no personal data: not the card's code,
// and not its validity date (which the lookup never reveals).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReminderIcs, foldLine, swedishDatePlusDays } from '../../../src/http/verify/assets/ics.js';

const checkedAt = new Date('2026-06-02T08:15:00Z');
const now = new Date('2026-06-02T08:16:30.123Z');
const make = (over: Partial<Parameters<typeof buildReminderIcs>[0]> = {}) =>
  buildReminderIcs({
    checkedAt,
    days: 30,
    now,
    uid: '5b2d7d3e-0000-4000-8000-000000000001@lmakort-verify',
    summary: 'Kontrollera LMA-kortet igen',
    description:
      'Din egen påminnelse: https://lma.example.se/verify . Inget om giltighetstid; semikolon, komma.',
    ...over,
  });

/** Unfolds RFC 5545 content lines (CRLF + one space continues a line). */
const unfold = (ics: string) => ics.replaceAll('\r\n ', '').split('\r\n');

describe('the re-check reminder (.ics)', () => {
  it('is a VCALENDAR with one all-day VEVENT, CRLF line ends, UID, DTSTAMP and an alarm', () => {
    const ics = make();
    assert.ok(ics.endsWith('\r\n'));
    assert.equal(ics.replaceAll('\r\n', '').includes('\n'), false, 'no bare LF');
    const lines = unfold(ics);
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    assert.ok(lines.includes('VERSION:2.0'));
    assert.ok(lines.some((l) => l.startsWith('PRODID:')));
    assert.ok(lines.includes('UID:5b2d7d3e-0000-4000-8000-000000000001@lmakort-verify'));
    assert.ok(lines.includes('DTSTAMP:20260602T081630Z'));
    assert.ok(lines.includes('DTSTART;VALUE=DATE:20260702'), '30 days after 2 June');
    assert.ok(lines.includes('DTEND;VALUE=DATE:20260703'));
    assert.ok(lines.includes('SUMMARY:Kontrollera LMA-kortet igen'));
    assert.ok(lines.includes('BEGIN:VALARM') && lines.includes('END:VALARM'));
    assert.equal(lines.at(-2), 'END:VCALENDAR');
    assert.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, 1);
  });

  it('escapes TEXT and folds long lines at 75 octets without splitting a character', () => {
    const ics = make({ description: `${'å'.repeat(100)}; , \\ end` });
    for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
    const description = unfold(ics).find((l) => l.startsWith('DESCRIPTION:'));
    assert.equal(description, `DESCRIPTION:${'å'.repeat(100)}\\; \\, \\\\ end`);
    assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75));
    assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`);
  });

  it('counts days from the Swedish date of the check (late evening UTC is already tomorrow)', () => {
    assert.equal(swedishDatePlusDays(new Date('2026-06-02T22:30:00Z'), 0), '20260603');
    assert.equal(swedishDatePlusDays(new Date('2026-12-31T12:00:00Z'), 1), '20270101');
    assert.equal(swedishDatePlusDays(new Date('2026-03-28T12:00:00Z'), 1), '20260329', 'across DST');
  });

  it('refuses a number of days outside 1–366', () => {
    for (const days of [0, -1, 367, 1.5]) assert.throws(() => make({ days }), RangeError);
  });

  it('carries no card code and no validity date', () => {
    const ics = make();
    assert.doesNotMatch(ics, /\b[0-9A-HJKMNP-TV-Z]{13}\b/, 'no 13-symbol code');
    const dates = [...ics.matchAll(/\b(20\d{6})\b/g)].map((m) => m[1]);
    assert.deepEqual(
      [...new Set(dates)].sort(),
      ['20260702', '20260703'],
      'only the reminder day (and its end)',
    );
  });
});
