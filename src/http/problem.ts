// problem+json (RFC 9457): every error answer of every surface is built here, with the type
// `urn:lmakort:problem:{code}`.

import type { FastifyReply } from 'fastify';

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
