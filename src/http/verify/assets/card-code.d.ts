// Types of the browser module card-code.js, for the server's tests that cross-check it (C1).
export declare const ALPHABET: string;
export declare const CODE_LENGTH: number;
export declare function symbolValue(ch: string): number;
export declare function checkValue(values: ArrayLike<number>): number;
export declare function parseCardCode(
  input: string,
): { ok: true; code: string } | { ok: false; reason: 'length' | 'symbol' | 'check' };
export declare function formatCardCode(code: string): string;
export declare function describeCodeInput(
  input: string,
):
  | { state: 'empty' | 'partial' | 'long' | 'check'; count: number }
  | { state: 'symbol'; symbol: string; count: number }
  | { state: 'ok'; count: number; code: string };
