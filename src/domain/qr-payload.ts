// C2: what the card's QR code carries — one function, so every card, preview and batch agrees.

/**
 * `{PUBLIC_BASE_URL}/k/{code}` in upper case, so the symbol fits QR alphanumeric mode (a smaller
 * symbol, nothing a hand scanner's keyboard layout can mangle); the server answers `/K/` like `/k/`.
 * Scheme and host are case-insensitive; a path under the base URL (rare) is kept as given, since a
 * path is case-sensitive — the symbol then falls back to byte mode, and still reads right.
 */
export function qrPayload(publicBaseUrl: string, code: string): string {
  const url = new URL(publicBaseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  const origin = `${url.protocol}//${url.host}`.toUpperCase();
  return `${origin}${path}/K/${code.toUpperCase()}`;
}
