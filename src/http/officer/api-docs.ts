// How the officer API describes itself in OpenAPI (C7): each operation's tag, summary, the
// Idempotency-Key header of a write, its answers and their schemas, and the problem+json refusals.
// The schemas describe; they do not shape what is sent (the officer scope serialises with
// JSON.stringify), and test/http/api-description.test.ts checks real answers against them.

import { CANCEL_REASONS } from '../../domain/card.ts';
import { DECISION_TYPES } from '../../domain/coverage.ts';
import { CARD_NUMBER_WORDS, CASE_NUMBER_WORDS, uuid } from './route-helpers.ts';

export type ApiTag = 'applicants' | 'cards' | 'documents' | 'admin';

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const date = { type: 'string', format: 'date' } as const;
const instant = { type: 'string' } as const;

export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'urn:lmakort:problem:{code}' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'what is wrong, in words an officer can act on' },
    code: { type: 'string' },
    field: { type: 'string', description: 'bad input: the field it is about' },
  },
} as const;

const REFUSALS: Record<number, string> = {
  400: 'bad input: `field` names it; nothing is changed',
  401: 'no valid bearer token (a revoked or expired one is not valid)',
  403: 'the token’s role may not do this',
  404: 'no such record',
  409: 'not possible in the record’s present state (see `code`)',
  413: 'the body is too large',
  415: 'the body is not of a type this operation takes',
  422: 'this Idempotency-Key was used for a different request',
  429: 'too many requests from this client; see Retry-After',
  503: 'cannot be done now; see Retry-After',
};

/** What a publicAnswer says: the verifier's answer for the card (R11, R14). */
export const publicAnswerSchema = {
  type: 'object',
  description: 'What the public lookup (GET /api/v1/status/{code}) answers for this card now (R11).',
  required: ['result', 'atUnd'],
  properties: { result: { type: 'string', enum: ['valid', 'not_valid'] }, atUnd: { type: 'boolean' } },
} as const;

/** R14: a card's standing today, with the reason only an officer may see. */
export const standingSchema = {
  type: 'object',
  description:
    "The card's standing today (R14). since: lapsed → its first day not valid; ended → the decision's effective date.",
  required: ['kind', 'since'],
  properties: {
    kind: { type: 'string', enum: ['not_yet_active', 'valid', 'lapsed', 'ended', 'suspended', 'cancelled'] },
    since: nullable(date),
    until: date,
    decisionType: { type: 'string', enum: [...DECISION_TYPES] },
    reason: nullable({ type: 'string', enum: [...CANCEL_REASONS] }),
  },
} as const;

export const cardSchema = {
  type: 'object',
  required: ['id', 'number', 'serial', 'code', 'lookupUrl', 'state', 'validUntil'],
  properties: {
    id: uuid,
    number: { type: 'string', description: CARD_NUMBER_WORDS },
    serial: { type: 'integer', minimum: 1 },
    code: { type: 'string', description: 'the card code (C1)' },
    lookupUrl: { type: 'string', format: 'uri' },
    state: { type: 'string', enum: ['ordered', 'produced', 'active', 'cancelled'] },
    validUntil: nullable(date),
    orderedAt: nullable(instant),
    producedAt: nullable(instant),
    handedOverOn: nullable(date),
    cancelledAt: nullable(instant),
    cancelReason: nullable({ type: 'string', enum: [...CANCEL_REASONS] }),
    standing: standingSchema,
    publicAnswer: publicAnswerSchema,
  },
} as const;

/** The applicant's usable card after a change: its public answer and standing (null: no usable card). */
const truth = {
  publicAnswer: nullable(publicAnswerSchema),
  standing: nullable(standingSchema),
} as const;

export const schemas = {
  registered: {
    type: 'object',
    required: ['id', 'dossierNumber'],
    properties: { id: uuid, dossierNumber: { type: 'string', description: CASE_NUMBER_WORDS } },
  },
  applicant: {
    type: 'object',
    required: ['id', 'dossierNumber', 'cards'],
    properties: {
      id: uuid,
      dossierNumber: { type: 'string', description: CASE_NUMBER_WORDS },
      cards: { type: 'array', items: cardSchema },
    },
  },
  photo: {
    type: 'object',
    required: ['photo', 'cardOrdered'],
    properties: { photo: { const: true }, cardOrdered: nullable(cardSchema) },
  },
  fingerprints: {
    type: 'object',
    required: ['fingerprints', 'cardOrdered'],
    properties: { fingerprints: { const: true }, cardOrdered: nullable(cardSchema) },
  },
  produced: {
    type: 'object',
    required: ['card', 'letter'],
    properties: {
      card: cardSchema,
      letter: nullable({ type: 'object', properties: { id: uuid, kind: { const: 'card_ready' } } }),
    },
  },
  handedOver: {
    type: 'object',
    required: ['card', 'publicAnswer'],
    properties: { card: cardSchema, publicAnswer: publicAnswerSchema },
  },
  visit: {
    type: 'object',
    required: ['visitId', 'date', 'cardId', 'extended', 'validUntil', 'publicAnswer', 'standing'],
    properties: {
      visitId: uuid,
      date,
      cardId: nullable(uuid),
      extended: { type: 'boolean' },
      validUntil: nullable(date),
      previousValidUntil: nullable(date),
      ...truth,
    },
  },
  decision: {
    type: 'object',
    required: ['id', 'type', 'effectiveDate', 'revoked', 'publicAnswer', 'standing'],
    properties: {
      id: uuid,
      type: { type: 'string', enum: [...DECISION_TYPES] },
      effectiveDate: date,
      revoked: { type: 'boolean' },
      ...truth,
    },
  },
  atUnd: {
    type: 'object',
    required: ['id', 'granted', 'effectiveDate', 'atUndToday', 'publicAnswer', 'standing'],
    properties: {
      id: uuid,
      granted: { type: 'boolean' },
      effectiveDate: date,
      atUndToday: { type: 'boolean' },
      ...truth,
    },
  },
  cancelled: {
    type: 'object',
    required: ['cancelled', 'reordered'],
    properties: {
      cancelled: cardSchema,
      reordered: cardSchema,
      // R10: the letter telling the holder they have no valid card until the new one is handed over.
      letter: {
        type: ['object', 'null'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: { type: 'string' },
          language: { type: 'string', description: 'the language the letter is written in' },
        },
      },
    },
  },
  token: {
    type: 'object',
    required: ['id', 'name', 'role', 'createdAt', 'revokedAt', 'expiresAt', 'lastUsedAt'],
    properties: {
      id: uuid,
      name: { type: 'string' },
      role: { type: 'string', enum: ['officer', 'admin'] },
      createdAt: instant,
      revokedAt: nullable(instant),
      expiresAt: nullable(instant),
      lastUsedAt: nullable(instant),
    },
  },
  createdToken: {
    type: 'object',
    required: ['id', 'name', 'role', 'token', 'expiresAt'],
    properties: {
      id: uuid,
      name: { type: 'string' },
      role: { type: 'string', enum: ['officer', 'admin'] },
      token: { type: 'string', description: 'the secret: shown in this answer only (S2)' },
      expiresAt: nullable(instant),
    },
  },
} as const;

interface Answer {
  description: string;
  /** A JSON schema for a JSON answer; absent for a document or no body. */
  schema?: object;
  /** The media type when not JSON (a PDF, a PNG, an SVG, a tarball); 'none' for no body (204). */
  type?: string;
}

/**
 * The OpenAPI half of a route's schema: tag, summary, Idempotency-Key on a write, the answers and
 * the refusals (401 always: every operation here needs a token).
 */
export function operation(o: {
  tag: ApiTag;
  summary: string;
  description?: string;
  idempotent?: boolean;
  answers: Record<number, Answer>;
  refusals: (keyof typeof REFUSALS)[];
}): Record<string, unknown> {
  const response: Record<string, unknown> = {};
  for (const [status, a] of Object.entries(o.answers)) {
    response[status] =
      a.type === 'none'
        ? { description: a.description, type: 'null' }
        : {
            description: a.description,
            content: { [a.type ?? 'application/json']: { schema: a.schema ?? {} } },
          };
  }
  for (const status of new Set([...o.refusals, 401, ...(o.idempotent ? [422 as const] : [])])) {
    response[status] = {
      description: REFUSALS[status],
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return {
    tags: [o.tag],
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    ...(o.idempotent
      ? {
          headers: {
            type: 'object',
            properties: {
              'idempotency-key': {
                type: 'string',
                description:
                  'C7: 1–200 visible ASCII characters. A retry with the same key and request answers the first answer and changes nothing; the same key with another request is refused (422).',
              },
            },
          },
        }
      : {}),
    response,
  };
}
