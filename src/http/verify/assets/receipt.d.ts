// Types of the browser module receipt.js, for the server's tests.
export declare const RECEIPT_TYPE: string;
export declare function base64UrlToBytes(text: string): Uint8Array;
export declare function verifyReceipt(
  jws: string,
  jwks: { keys: object[] },
  shown: { code: string; result: string; atUnd: boolean; checkedAt: string; specimen?: boolean },
  subtle?: import('node:crypto').webcrypto.SubtleCrypto,
): Promise<
  | { ok: true; kid: string; payload: Record<string, unknown> }
  | { ok: false; reason: 'format' | 'header' | 'key' | 'unsupported' | 'signature' | 'mismatch' }
>;
