// Types of the browser module ics.js, for the server's tests.
export declare function swedishDatePlusDays(instant: Date, days: number): string;
export declare function utcStamp(instant: Date): string;
export declare function escapeText(value: string): string;
export declare function foldLine(line: string): string;
export declare function buildReminderIcs(r: {
  checkedAt: Date;
  days: number;
  now: Date;
  uid: string;
  summary: string;
  description: string;
}): string;
