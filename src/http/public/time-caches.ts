// Formatting the time is slow next to a lookup: today's date, the instant and the wall-clock time are
// each formatted once per day, millisecond or second, however many lookups ask.

import { stockholmDate, stockholmDayStart } from '../../domain/calendar.ts';

/** Today's Swedish date, recomputed only when the instant leaves the cached day (R6). */
export function makeTodayCache(): (now: Date) => string {
  let start = 0;
  let end = -1;
  let today = '';
  return (now) => {
    const t = now.getTime();
    if (t < start || t >= end) {
      today = stockholmDate(now);
      start = stockholmDayStart(today);
      end = stockholmDayStart(stockholmDate(new Date(start + 26 * 3_600_000)));
    }
    return today;
  };
}

/**
 * An instant as ISO 8601 (UTC, milliseconds), as toISOString gives it: formatted once per second,
 * however many ask; within the second only the milliseconds are written anew.
 */
export function makeInstantCache(): (now: Date) => string {
  let ms = Number.NaN;
  let text = '';
  let second = Number.NaN;
  /** toISOString of the second's start without its "000Z". */
  let prefix = '';
  return (now) => {
    const t = now.getTime();
    if (t !== ms) {
      ms = t;
      const s = Math.floor(t / 1000);
      if (s !== second) {
        second = s;
        prefix = new Date(s * 1000).toISOString().slice(0, -4);
      }
      const m = t - s * 1000;
      text = `${prefix}${m < 10 ? '00' : m < 100 ? '0' : ''}${m}Z`;
    }
    return text;
  };
}

/** The Swedish wall-clock time of an instant, formatted once per second (Intl is slow). */
export function makeSecondCache(format: (now: Date) => string): (now: Date) => string {
  let second = Number.NaN;
  let text = '';
  return (now) => {
    const s = Math.floor(now.getTime() / 1000);
    if (s !== second) {
      second = s;
      text = format(now);
    }
    return text;
  };
}
