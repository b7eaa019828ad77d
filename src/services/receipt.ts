// C9: checking a signed receipt — the compact JWS that `GET /api/v1/status/{code}?receipt=1` hands
// out — against a set of public keys, with nothing but jose and the keys: the server (before it makes
// the receipt PDF) and `lmakort receipt verify` (offline) use this one check. Nothing is stored or
// logged about a receipt (P1).

import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet } from 'jose';
import { parseCardCode } from '../domain/card-code.ts';
import type { KeyRing } from './key-ring.ts';

export const RECEIPT_TYP = 'lma-receipt+jws';

/** The signed statement, exactly as the status API signs it. */
export interface ReceiptPayload {
  /** 13 upper-case symbols, no hyphens (C1). */
  code: string;
  result: 'valid' | 'not_valid' | 'unknown';
  atUnd: boolean;
  /** ISO 8601 instant of the check. */
  checkedAt: string;
  /** Only on a specimen (training) card's receipt. */
  specimen?: true;
}

export type ReceiptRefusal =
  | 'not_a_jws'
  | 'wrong_type'
  | 'unknown_key'
  | 'revoked_key'
  | 'bad_signature'
  | 'bad_payload';

export type ReceiptCheck =
  | { ok: true; payload: ReceiptPayload; kid: string }
  | { ok: false; reason: ReceiptRefusal; message: string; kid?: string };

/** Keys withdrawn with `lmakort keys revoke`, so a refusal can name them as revoked. */
export function revokedKids(keys: Pick<KeyRing, 'list'>): Set<string> {
  return new Set(
    keys
      .list()
      .filter((k) => k.state === 'revoked')
      .map((k) => k.kid),
  );
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const RESULTS = new Set(['valid', 'not_valid', 'unknown']);
const KEYS = new Set(['code', 'result', 'atUnd', 'checkedAt', 'specimen']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const refuse = (reason: ReceiptRefusal, message: string, kid?: string): ReceiptCheck => ({
  ok: false,
  reason,
  message,
  ...(kid ? { kid } : {}),
});

/** The payload's shape, checked after the signature (a signed but odd statement is still refused). */
function readPayload(bytes: Uint8Array): ReceiptPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const p = value as Record<string, unknown>;
  const code = p.code;
  const wellFormed =
    Object.keys(p).every((k) => KEYS.has(k)) &&
    typeof code === 'string' &&
    /^[0-9A-Z]{13}$/.test(code) &&
    parseCardCode(code).ok &&
    typeof p.result === 'string' &&
    RESULTS.has(p.result) &&
    typeof p.atUnd === 'boolean' &&
    typeof p.checkedAt === 'string' &&
    ISO_INSTANT.test(p.checkedAt) &&
    !Number.isNaN(Date.parse(p.checkedAt)) &&
    (p.specimen === undefined || p.specimen === true);
  return wellFormed ? (p as unknown as ReceiptPayload) : null;
}

/**
 * Verifies a receipt against `jwks` (the published keys). `revokedKids` names keys known to be
 * withdrawn, so the refusal can say so instead of "unknown key" (a JWKS alone cannot tell).
 */
export async function verifyReceipt(
  jws: string,
  jwks: JSONWebKeySet,
  revokedKids: ReadonlySet<string> = new Set(),
): Promise<ReceiptCheck> {
  const text = jws.trim();
  if (!COMPACT_JWS.test(text))
    return refuse('not_a_jws', 'not a compact JWS (three base64url parts joined by dots)');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(text);
  } catch {
    return refuse('not_a_jws', 'the JWS header is not readable JSON');
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  if (header.alg !== 'EdDSA' || header.typ !== RECEIPT_TYP) {
    return refuse('wrong_type', `not an LMA receipt (needs alg EdDSA and typ ${RECEIPT_TYP})`, kid);
  }
  if (!kid) return refuse('unknown_key', 'the receipt names no key (kid)');
  if (revokedKids.has(kid)) {
    return refuse('revoked_key', `key ${kid} has been revoked; receipts it signed are no longer valid`, kid);
  }
  let payloadBytes: Uint8Array;
  try {
    const verified = await compactVerify(text, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    payloadBytes = verified.payload;
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey)
      return refuse('unknown_key', `key ${kid} is not among the published keys`, kid);
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return refuse('bad_signature', 'the signature does not match: the receipt was changed or forged', kid);
    return refuse('not_a_jws', `the JWS cannot be checked (${(error as Error).message})`, kid);
  }
  const payload = readPayload(payloadBytes);
  if (!payload)
    return refuse('bad_payload', 'signed, but not a receipt statement (code, result, atUnd, checkedAt)', kid);
  return { ok: true, payload, kid };
}
