// One error type for refusals that reach a caller: a code, an HTTP status, a user-safe message and,
// for bad input, the field it is about. Anything else that is thrown is a bug and becomes a masked 500.

import type { DomainError, DomainErrorCode } from '../domain/errors.ts';

export type AppErrorCode =
  | DomainErrorCode
  | 'validation'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'unavailable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_embedded'
  | 'nothing_to_print'
  | 'letter_state'
  | 'preview_unavailable'
  | 'username_taken'
  | 'busy'
  | 'batch_in_progress'
  | 'wrong_codes'
  | 'card_cancelled';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly status: number,
    message: string,
    readonly field?: string,
    /** Seconds, sent as Retry-After (a 503 or 429 the client should come back from). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  visit_in_future: 400,
  handover_in_future: 400,
  handover_before_production: 400,
  at_und_under_16: 400,
  guardian_of_unknown: 400,
  guardian_of_self: 400,
  dossier_number_taken: 409,
  card_not_produced: 409,
  card_not_ordered: 409,
  card_already_cancelled: 409,
  no_active_card: 409,
  decision_already_revoked: 409,
  at_und_unchanged: 409,
  biometrics_missing: 409,
};

export function fromDomain(error: DomainError): AppError {
  return new AppError(error.code, DOMAIN_STATUS[error.code], error.message, error.field);
}

export const notFound = (what: string) => new AppError('not_found', 404, `no such ${what}`);
