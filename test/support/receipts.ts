// Helpers for receipt tests (C9).

/** Flips one character in the middle of a compact JWS's payload (base64url stays base64url). */
export function tamper(jws: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const i = Math.floor(p.length / 2);
  return `${h}.${p.slice(0, i)}${p[i] === 'A' ? 'B' : 'A'}${p.slice(i + 1)}.${s}`;
}
