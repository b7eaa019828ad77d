// problem+json (RFC 9457): every error answer of every surface is built here, with the type
// `urn:lmakort:problem:{code}`.

import type { FastifyReply } from 'fastify';
import type { AppError, AppErrorCode } from '../services/app-error.ts';

/** The HTTP status each refusal answers with; the one place a service's refusal meets HTTP. */
const STATUS: Record<AppErrorCode, number> = {
  validation: 400,
  visit_in_future: 400,
  handover_in_future: 400,
  handover_before_production: 400,
  at_und_under_16: 400,
  guardian_of_unknown: 400,
  guardian_of_self: 400,
  unauthorized: 401,
  wrong_codes: 401,
  forbidden: 403,
  not_found: 404,
  dossier_number_taken: 409,
  card_not_produced: 409,
  card_not_ordered: 409,
  card_already_cancelled: 409,
  no_active_card: 409,
  decision_already_revoked: 409,
  at_und_unchanged: 409,
  biometrics_missing: 409,
  not_embedded: 409,
  nothing_to_print: 409,
  letter_state: 409,
  setup_link_refused: 410,
  username_taken: 409,
  batch_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  unavailable: 503,
  busy: 503,
  preview_unavailable: 503,
};

export function httpStatus(error: AppError): number {
  return STATUS[error.code];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The body of a problem answer. */
export function problemBody(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({ type: `urn:lmakort:problem:${code}`, title, status, detail, ...extra });
}

/** Sends a problem answer through Fastify. */
export function problem(
  reply: FastifyReply,
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  reply.code(status).type(PROBLEM_CONTENT_TYPE);
  return reply.send(problemBody(status, code, title, detail, extra));
}
