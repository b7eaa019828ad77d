// C9 in the browser: the verifier checks the receipt it was given by itself — the Ed25519 signature
// (WebCrypto) against the public key named by the receipt's kid in the JWKS it fetched from us, and
// that the signed payload says exactly what the page shows. Nothing is sent back to check it.

export const RECEIPT_TYPE = 'lma-receipt+jws';

const B64URL = /^[A-Za-z0-9_-]+$/;

export function base64UrlToBytes(text) {
  if (!B64URL.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeJson(part) {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64UrlToBytes(part)));
}

/**
 * @param {string} jws the compact receipt
 * @param {{ keys: object[] }} jwks our published keys
 * @param {{ code: string, result: string, atUnd: boolean, checkedAt: string, specimen?: boolean }} shown
 *   what the page shows for this check
 * @returns {Promise<{ ok: true, kid: string, payload: object } |
 *   { ok: false, reason: 'format' | 'header' | 'key' | 'unsupported' | 'signature' | 'mismatch' }>}
 */
export async function verifyReceipt(jws, jwks, shown, subtle = globalThis.crypto?.subtle) {
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  if (parts.length !== 3 || parts.some((p) => !B64URL.test(p))) return { ok: false, reason: 'format' };
  let header;
  let payload;
  try {
    header = decodeJson(parts[0]);
    payload = decodeJson(parts[1]);
  } catch {
    return { ok: false, reason: 'format' };
  }
  if (
    header === null ||
    typeof header !== 'object' ||
    header.alg !== 'EdDSA' ||
    header.typ !== RECEIPT_TYPE ||
    typeof header.kid !== 'string' ||
    header.crit !== undefined
  )
    return { ok: false, reason: 'header' };
  const jwk = (jwks?.keys ?? []).find((k) => k.kid === header.kid && k.kty === 'OKP' && k.crv === 'Ed25519');
  if (!jwk) return { ok: false, reason: 'key' };
  if (!subtle) return { ok: false, reason: 'unsupported' };
  let key;
  try {
    key = await subtle.importKey(
      'jwk',
      { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
  } catch (error) {
    return { ok: false, reason: error?.name === 'NotSupportedError' ? 'unsupported' : 'key' };
  }
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  const good = await subtle.verify({ name: 'Ed25519' }, key, base64UrlToBytes(parts[2]), signed);
  if (!good) return { ok: false, reason: 'signature' };
  const same =
    payload !== null &&
    typeof payload === 'object' &&
    payload.code === shown.code &&
    payload.result === shown.result &&
    payload.atUnd === shown.atUnd &&
    payload.checkedAt === shown.checkedAt &&
    (payload.specimen === true) === (shown.specimen === true);
  if (!same) return { ok: false, reason: 'mismatch' };
  return { ok: true, kid: header.kid, payload };
}
