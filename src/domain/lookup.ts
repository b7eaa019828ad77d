// R11: the public answer for a code. This is the whole of what anyone scanning a card may learn.

// What a known card answers is its standing's public answer (standing.ts, R14); this file holds the
// answers for codes that find no card.

export type LookupResult = 'valid' | 'not_valid' | 'unknown' | 'malformed';

export interface LookupAnswer {
  result: LookupResult;
  atUnd: boolean;
  /** Only on a specimen (training) card's answer, which is otherwise its real R11 answer. */
  specimen?: true;
}

export const UNKNOWN: LookupAnswer = Object.freeze({ result: 'unknown', atUnd: false });
export const MALFORMED: LookupAnswer = Object.freeze({ result: 'malformed', atUnd: false });
