// A client for high-volume verifiers (a pharmacy chain's tills, an employer's HR system).
// It downloads every status list, verifies each one's signature against our JWKS, and then answers
// for a scanned QR code from memory — so the service never learns which card was looked at. It
// refreshes a list when its ttl has passed and says "stale" rather than guess once a list is older
// than allowed. Depends only on jose (and the pure QR grammar in src/domain); runs on Node.js 20 and
// in browsers (fetch, DecompressionStream). The format it reads is described in docs/status-list.md.

import { base64url, compactVerify, createLocalJWKSet, errors, type JSONWebKeySet } from 'jose';
import {
  answerOfStatusValue,
  MIN_LIST_ENTRIES,
  parseQrUrl,
  readEntry,
  STATUS_SIZE,
} from '../domain/status-list.ts';

const MAX_LIST_BYTES = 16 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

/** The error codes of the Recommendation (section 3.5), plus MALFORMED_VALUE_ERROR of VC DM 2.0. */
export type StatusListErrorCode =
  | 'STATUS_RETRIEVAL_ERROR'
  | 'STATUS_VERIFICATION_ERROR'
  | 'STATUS_LIST_LENGTH_ERROR'
  | 'MALFORMED_VALUE_ERROR';

export class StatusListError extends Error {
  constructor(
    readonly code: StatusListErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'StatusListError';
  }
}

/** A verified list, decoded. */
export interface VerifiedList {
  url: string;
  bits: Uint8Array;
  entries: number;
  validFromMs: number;
  validUntilMs: number;
  ttlMs: number;
  kid: string;
}

/** What the till shows for a scan, offline. Only `valid` may be read as "valid". */
export type OfflineAnswer =
  | { kind: 'valid' | 'not_valid'; atUnd: boolean; list: number; index: number; listValidFrom: Date }
  /** The list is older than allowed: check online (or say "could not check"), never guess. */
  | { kind: 'stale'; list: number; validUntil: Date }
  /** This list was never fetched and verified: refresh, or check online. */
  | { kind: 'no_list'; list: number }
  /** The QR carries no entry (an old card, or a typed code): check online. */
  | { kind: 'no_entry'; code: string }
  /** Not one of our cards' addresses, or the code is mistyped. */
  | { kind: 'not_a_card'; reason: 'other_service' | 'not_a_card_address' | 'malformed_code' };

export interface StatusListClientOptions {
  /** The service's PUBLIC_BASE_URL, e.g. https://lma.migrationsverket.se. Lists and keys come from here only. */
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  /** Epoch milliseconds; the till's clock. */
  now?: () => number;
  /** Optionally stricter than the issuer: a list older than this (since it was signed) is stale. */
  maxAgeMs?: number;
}

const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

export class StatusListClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private keys: ReturnType<typeof createLocalJWKSet> | null = null;
  private readonly lists = new Map<number, VerifiedList & { fetchedAtMs: number }>();

  constructor(options: StatusListClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? Number.POSITIVE_INFINITY;
  }

  listUrl(list: number): string {
    return `${this.baseUrl}/status-lists/${list}`;
  }

  /** Fetches the index of lists and every list whose ttl has passed. Returns the lists refreshed. */
  async refreshAll(): Promise<number[]> {
    const res = await this.get(`${this.baseUrl}/status-lists`, 'application/json');
    const index = (await res.json()) as { lists?: unknown };
    if (!Array.isArray(index.lists)) throw new StatusListError('MALFORMED_VALUE_ERROR', 'list index');
    const refreshed: number[] = [];
    for (const url of index.lists) {
      const n = typeof url === 'string' ? /\/status-lists\/([1-9][0-9]*)$/.exec(url)?.[1] : undefined;
      if (!n || url !== this.listUrl(Number(n)))
        throw new StatusListError('MALFORMED_VALUE_ERROR', 'a list URL not of this service');
      if (await this.refresh(Number(n))) refreshed.push(Number(n));
    }
    return refreshed;
  }

  /**
   * Fetches list n when it is due (never fetched, or its ttl has passed since it was fetched), or
   * always with `force`. A list that fails verification is refused and the one held before is
   * kept (it will turn stale in time). Returns whether a new list was taken.
   */
  async refresh(list: number, options: { force?: boolean } = {}): Promise<boolean> {
    const held = this.lists.get(list);
    if (held && !options.force && this.now() < held.fetchedAtMs + held.ttlMs) return false;
    const url = this.listUrl(list);
    const res = await this.get(url, 'application/vc+jwt');
    const type = res.headers.get('content-type') ?? '';
    if (!type.startsWith('application/vc+jwt'))
      throw new StatusListError('STATUS_RETRIEVAL_ERROR', `${url} answered ${type || 'no content type'}`);
    const verified = await this.verify(await res.text(), url);
    if (held && verified.validFromMs < held.validFromMs)
      throw new StatusListError('STATUS_VERIFICATION_ERROR', 'an older list than the one held');
    this.lists.set(list, { ...verified, fetchedAtMs: this.now() });
    return true;
  }

  /** Verifies a list credential (signature against our JWKS, then the Recommendation's rules) and decodes it. */
  async verify(jws: string, expectedUrl: string): Promise<VerifiedList> {
    let verified: Awaited<ReturnType<typeof compactVerify>>;
    try {
      verified = await this.verifySignature(jws);
    } catch (error) {
      if (error instanceof StatusListError) throw error;
      throw new StatusListError('STATUS_VERIFICATION_ERROR', `signature: ${(error as Error).message}`);
    }
    if (verified.protectedHeader.typ !== 'vc+jwt')
      throw new StatusListError('STATUS_VERIFICATION_ERROR', 'typ is not vc+jwt');
    let vc: Record<string, unknown>;
    try {
      vc = JSON.parse(new TextDecoder().decode(verified.payload));
    } catch {
      throw new StatusListError('MALFORMED_VALUE_ERROR', 'payload is not JSON');
    }
    const malformed = (what: string) => new StatusListError('MALFORMED_VALUE_ERROR', what);
    if (!Array.isArray(vc['@context']) || vc['@context'][0] !== VC_CONTEXT) throw malformed('@context');
    if (!Array.isArray(vc.type) || !vc.type.includes('BitstringStatusListCredential'))
      throw malformed('type');
    // A list served under another list's address (a swap) would give another card's answer.
    if (vc.id !== expectedUrl)
      throw new StatusListError('STATUS_VERIFICATION_ERROR', 'id is not the URL fetched');
    const subject = vc.credentialSubject as Record<string, unknown> | undefined;
    if (subject?.type !== 'BitstringStatusList') throw malformed('credentialSubject.type');
    if (subject.statusPurpose !== 'message') throw malformed('statusPurpose');
    if (subject.statusSize !== STATUS_SIZE) throw malformed('statusSize');
    const validFromMs = Date.parse(String(vc.validFrom));
    const validUntilMs = Date.parse(String(vc.validUntil));
    if (!Number.isFinite(validFromMs) || !Number.isFinite(validUntilMs))
      throw malformed('validFrom/validUntil');
    const ttlMs = typeof subject.ttl === 'number' && subject.ttl > 0 ? subject.ttl : 300_000;
    const bits = await expandBitstring(subject.encodedList);
    const entries = (bits.length * 8) / STATUS_SIZE;
    if (entries < MIN_LIST_ENTRIES)
      throw new StatusListError(
        'STATUS_LIST_LENGTH_ERROR',
        `${entries} entries, fewer than ${MIN_LIST_ENTRIES}`,
      );
    return {
      url: expectedUrl,
      bits,
      entries,
      validFromMs,
      validUntilMs,
      ttlMs,
      kid: String(verified.protectedHeader.kid),
    };
  }

  /** The answer for a scanned QR code, from memory (no network). */
  check(scanned: string): OfflineAnswer {
    const qr = parseQrUrl(this.baseUrl, scanned);
    if (!qr.ok) return { kind: 'not_a_card', reason: qr.reason };
    if (!qr.entry) return { kind: 'no_entry', code: qr.code };
    const { list, index } = qr.entry;
    const held = this.lists.get(list);
    if (!held) return { kind: 'no_list', list };
    const now = this.now();
    const until = Math.min(held.validUntilMs, held.validFromMs + this.maxAgeMs);
    if (now >= until) return { kind: 'stale', list, validUntil: new Date(until) };
    if (index >= held.entries) return { kind: 'not_a_card', reason: 'not_a_card_address' };
    const { result, atUnd } = answerOfStatusValue(readEntry(held.bits, index));
    return { kind: result, atUnd, list, index, listValidFrom: new Date(held.validFromMs) };
  }

  /** What is held for list n (for a till's status screen). */
  held(list: number): Omit<VerifiedList, 'bits'> | undefined {
    const h = this.lists.get(list);
    if (!h) return undefined;
    const { bits: _bits, ...rest } = h;
    return rest;
  }

  private async verifySignature(jws: string) {
    if (!this.keys) await this.loadKeys();
    try {
      return await compactVerify(jws, this.keys as NonNullable<typeof this.keys>, { algorithms: ['EdDSA'] });
    } catch (error) {
      // A key we have not seen yet (rotated since we read the JWKS): read it again, once.
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      await this.loadKeys();
      return compactVerify(jws, this.keys as NonNullable<typeof this.keys>, { algorithms: ['EdDSA'] });
    }
  }

  private async loadKeys(): Promise<void> {
    const res = await this.get(`${this.baseUrl}/.well-known/jwks.json`, 'application/jwk-set+json');
    this.keys = createLocalJWKSet((await res.json()) as JSONWebKeySet);
  }

  private async get(url: string, accept: string): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetchFn(url, { headers: { accept }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (error) {
      throw new StatusListError('STATUS_RETRIEVAL_ERROR', `${url}: ${(error as Error).message}`);
    }
    if (res.status !== 200)
      throw new StatusListError('STATUS_RETRIEVAL_ERROR', `${url} answered ${res.status}`);
    return res;
  }
}

/** The Recommendation's Bitstring Expansion Algorithm: multibase (u = base64url, no padding), then gunzip. */
export async function expandBitstring(encodedList: unknown): Promise<Uint8Array> {
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u') || /[=+/]/.test(encodedList))
    throw new StatusListError('MALFORMED_VALUE_ERROR', 'encodedList is not multibase base64url');
  let gz: Uint8Array;
  try {
    gz = base64url.decode(encodedList.slice(1));
  } catch {
    throw new StatusListError('MALFORMED_VALUE_ERROR', 'encodedList is not base64url');
  }
  const reader = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_LIST_BYTES) throw new StatusListError('MALFORMED_VALUE_ERROR', 'encodedList too large');
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof StatusListError) throw error;
    throw new StatusListError('MALFORMED_VALUE_ERROR', 'encodedList is not gzip');
  }
  const bits = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bits.set(c, at);
    at += c.length;
  }
  return bits;
}
