// C9: the Ed25519 keys that sign what we hand out (receipts; status lists). Keys live in the
// database so every instance signs with the same key and a restart keeps them; each instance holds
// them in memory and re-reads them every minute, so a rotation reaches all instances within that.
// The JWKS publishes the active key and every retired one (old receipts must still verify); a
// revoked key is withdrawn.

import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, type JWK } from 'jose';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { ensureActiveKey, listSigningKeys, type NewKey, revokeKey, rotateKey } from '../store/key-store.ts';

export const SIGNING_ALG = 'EdDSA';
export const KEY_REFRESH_MS = 60_000;

export interface PublicJwk extends JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof SIGNING_ALG;
  use: 'sig';
}

export interface KeyInfo {
  kid: string;
  createdAt: string;
  state: 'active' | 'retired' | 'revoked';
}

/** A fresh Ed25519 key pair as JWKs, named by its RFC 7638 thumbprint. */
export async function newSigningKey(): Promise<NewKey> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const privateJwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const kid = await calculateJwkThumbprint(publicJwk as JWK, 'sha256');
  return { kid, publicJwk, privateJwk };
}

export class KeyRing {
  private signer: { kid: string; key: KeyObject } | null = null;
  private published: PublicJwk[] = [];
  private jwksBody = '{"keys":[]}';
  private infos: KeyInfo[] = [];

  private constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Loads the keys, making the first one when there is none. */
  static async open(db: Db, clock: Clock): Promise<KeyRing> {
    const ring = new KeyRing(db, clock);
    // The fresh key is stored only when no key is active (checked under the key lock).
    await ensureActiveKey(db, await newSigningKey(), clock.now());
    await ring.refresh();
    return ring;
  }

  /** Re-reads the keys (after a rotation here or on another instance). */
  async refresh(): Promise<void> {
    const keys = await listSigningKeys(this.db);
    const active = keys.filter((k) => !k.retiredAt && !k.revokedAt).at(-1);
    if (active && active.kid !== this.signer?.kid)
      this.signer = { kid: active.kid, key: createPrivateKey({ key: active.privateJwk, format: 'jwk' }) };
    if (!active) this.signer = null;
    this.published = keys
      .filter((k) => !k.revokedAt)
      .map((k) => ({
        kty: 'OKP',
        crv: 'Ed25519',
        x: k.publicJwk.x as string,
        kid: k.kid,
        alg: SIGNING_ALG,
        use: 'sig',
      }));
    // Newest first: the key a verifier meets most often comes first.
    this.published.reverse();
    this.jwksBody = JSON.stringify({ keys: this.published });
    this.infos = keys.map((k) => ({
      kid: k.kid,
      createdAt: k.createdAt,
      state: k.revokedAt ? 'revoked' : k.retiredAt ? 'retired' : 'active',
    }));
  }

  /** Keeps the keys current; returns a function that stops it. */
  startRefreshing(onError: (err: unknown) => void, everyMs = KEY_REFRESH_MS): () => void {
    const timer = setInterval(() => this.refresh().catch(onError), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  get currentKid(): string {
    if (!this.signer) throw new Error('no active signing key; run `lmakort keys rotate`');
    return this.signer.kid;
  }

  /** The JWK Set (RFC 7517) of the public keys, as published at /.well-known/jwks.json. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: this.published.map((k) => ({ ...k })) };
  }

  /** The same, serialised once per change. */
  get jwksJson(): string {
    return this.jwksBody;
  }

  list(): KeyInfo[] {
    return this.infos.map((k) => ({ ...k }));
  }

  /**
   * A compact JWS (RFC 7515) over the JSON of `payload`, signed with the active key. `header` adds
   * protected header fields (a status list credential is a `vc+jwt` with `cty: vc`).
   */
  async sign(payload: unknown, typ: string, header: { cty?: string } = {}): Promise<string> {
    if (!this.signer) throw new Error('no active signing key; run `lmakort keys rotate`');
    const bytes = new TextEncoder().encode(JSON.stringify(payload));
    return new CompactSign(bytes)
      .setProtectedHeader({ ...header, alg: SIGNING_ALG, kid: this.signer.kid, typ })
      .sign(this.signer.key);
  }

  /** A new active key; the old one is retired (still published). Returns the new key id. */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    const key = await newSigningKey();
    const retired = await rotateKey(this.db, key, this.clock.now());
    await this.refresh();
    return { kid: key.kid, retired };
  }

  /** Withdraws a key from the JWKS at once (a compromised key). A revoked active key is replaced. */
  async revoke(kid: string): Promise<boolean> {
    const done = await revokeKey(this.db, kid, this.clock.now());
    if (done) await ensureActiveKey(this.db, await newSigningKey(), this.clock.now());
    await this.refresh();
    return done;
  }
}
