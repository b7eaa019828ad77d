// C9: what a receipt of a lookup signs.

import type { LookupAnswer } from '../../domain/lookup.ts';

/** C9: the JWS `typ` of a lookup receipt. */
export const RECEIPT_TYPE = 'lma-receipt+jws';

/** C9: exactly what a receipt signs, in this key order; `specimen` only for specimen cards. */
export interface ReceiptPayload {
  code: string;
  result: 'valid' | 'not_valid' | 'unknown';
  atUnd: boolean;
  checkedAt: string;
  specimen?: true;
}

export function receiptPayloadOf(code: string, answer: LookupAnswer, checkedAt: string): ReceiptPayload {
  const payload: ReceiptPayload = {
    code,
    result: answer.result as ReceiptPayload['result'],
    atUnd: answer.atUnd,
    checkedAt,
  };
  // Specimen (training) cards are flagged in the read model; the flag is carried when present.
  if ((answer as { specimen?: boolean }).specimen === true) payload.specimen = true;
  return payload;
}
