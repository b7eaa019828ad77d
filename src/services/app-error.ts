// One error type for refusals that reach a caller: a code, a user-safe message and, for bad input, the
// field it is about. Which HTTP status a code answers is the doors' business (src/http/problem.ts).
// Anything else that is thrown is a bug and becomes a masked 500.

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
  | 'setup_link_refused'
  | 'busy'
  | 'batch_in_progress'
  | 'wrong_codes';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly field?: string,
    /** Seconds after which asking again may succeed (sent as Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function fromDomain(error: DomainError): AppError {
  return new AppError(error.code, error.message, error.field);
}

export const notFound = (what: string) => new AppError('not_found', `no such ${what}`);
