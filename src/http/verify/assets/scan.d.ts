// Types of the browser module scan.js, for the server's tests.
export declare const MAX_SCANNER_PREFIX: number;
export type Classified =
  | { kind: 'empty' }
  | { kind: 'code'; code: string }
  | { kind: 'typo'; reason: 'length' | 'symbol' | 'check' }
  | { kind: 'foreign'; shown: string }
  | { kind: 'not_card' };
export declare function classifyInput(raw: string, options: { baseUrl: string; till?: boolean }): Classified;
