// One error handler: refusals become RFC 9457 problem details naming the field; anything else is a
// bug, logged by route pattern (never the URL, which may hold a card code: P1) and masked as 500.

import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../services/app-error.ts';
import { DatabaseUnavailableError } from '../../store/db.ts';
import { httpStatus, problem } from '../problem.ts';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function fieldOf(e: AjvError): string {
  if (e.keyword === 'required') return String(e.params.missingProperty);
  if (e.keyword === 'additionalProperties') return String(e.params.additionalProperty);
  return e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(body)';
}

const FRAMEWORK_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'This Content-Type is not accepted here.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'validation', 'Content-Length does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'validation', 'The JSON body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'validation', 'The body is not valid JSON.'],
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const extra: Record<string, unknown> = { code: error.code };
      if (error.field) extra.field = error.field;
      if (error.retryAfter) reply.header('retry-after', String(error.retryAfter));
      const status = httpStatus(error);
      return problem(reply, status, error.code, titleFor(status), error.message, extra);
    }
    const validation = (error as FastifyError & { validation?: AjvError[]; validationContext?: string })
      .validation;
    if (validation && validation.length > 0) {
      const first = validation[0] as AjvError;
      const field = fieldOf(first);
      const where = (error as { validationContext?: string }).validationContext ?? 'body';
      const detail =
        first.keyword === 'additionalProperties'
          ? `unknown field "${field}" in ${where}`
          : first.keyword === 'required'
            ? `missing field "${field}" in ${where}`
            : `${where} field "${field}" ${first.message ?? 'is invalid'}`;
      return problem(reply, 400, 'validation', 'Bad request', detail, {
        code: 'validation',
        field,
        in: where,
      });
    }
    if ((error as unknown) instanceof DatabaseUnavailableError) {
      // The answer is not known (the write may or may not be done): say so, never guess. A retry
      // with the same Idempotency-Key is safe.
      request.log.warn({ route: request.routeOptions.url, err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      return problem(
        reply,
        503,
        'unavailable',
        'Service Unavailable',
        'The database did not answer in time. Try again; a retry with the same Idempotency-Key is safe.',
        { code: 'unavailable' },
      );
    }
    if (error.code && FRAMEWORK_CODES[error.code]) {
      const [status, code, detail] = FRAMEWORK_CODES[error.code] as [number, string, string];
      return problem(reply, status, code, titleFor(status), detail, { code });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      return problem(reply, error.statusCode, 'bad_request', titleFor(error.statusCode), error.message, {
        code: 'bad_request',
      });
    request.log.error({ err: error, route: request.routeOptions.url }, 'unhandled error');
    return problem(reply, 500, 'internal', 'Internal Server Error', 'Something went wrong on our side.');
  });

  app.setNotFoundHandler((_request, reply) =>
    problem(reply, 404, 'not_found', 'Not Found', 'There is nothing at this address.', { code: 'not_found' }),
  );
}

function titleFor(status: number): string {
  return (
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      409: 'Conflict',
      413: 'Content Too Large',
      415: 'Unsupported Media Type',
      422: 'Unprocessable Content',
      429: 'Too Many Requests',
      503: 'Service Unavailable',
    }[status] ?? 'Error'
  );
}
