// C9: what a receipt of a lookup signs (the payload's shape and the JWS type are services/receipt.ts's).

import type { LookupAnswer } from '../../domain/lookup.ts';
import type { ReceiptPayload } from '../../services/receipt.ts';

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
