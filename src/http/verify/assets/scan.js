// What a scan or a typed entry is, decided before anything is sent ("hard to fool"):
// - a card code (13 symbols with a matching check symbol, C1);
// - a typo (wrong length, a foreign character, or a check symbol that does not match) — nothing is sent;
// - a QR code or scanned address that points anywhere but our PUBLIC_BASE_URL: a counterfeit warning,
//   never a lookup (look-alike hosts, user@host tricks, http for https, punycode all differ in the
//   URL parser's protocol, host or userinfo);
// - an address on our host that is not a card's.
// A hand scanner typing with a keyboard layout that turns "/" and ":" into other characters (a US
// scanner on a Swedish layout types "HTTPSÖ--HOST-K-CODE") is matched position by position against our
// address: letters, digits and dots must be the same, and each of our punctuation characters must
// always come out as the same other character. A short scanner prefix (e.g. "]Q1") is tolerated, but
// never one that could be an address of its own.

import { CODE_LENGTH, parseCardCode, symbolValue } from './card-code.js';

/** The longest scanner prefix accepted before a code or our address. */
export const MAX_SCANNER_PREFIX = 8;

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/**
 * A card's QR code may end with its status-list entry, "/{list}.{index}" (docs/status-list.md),
 * after the code; a hand scanner's layout may have turned the "/" into another character. It is not
 * part of the code, and the lookup does not need it. No code contains a dot, so nothing else matches.
 */
const ENTRY = String.raw`\d{1,6}\.\d{1,9}`;
const ENTRY_TAIL = new RegExp(`[^A-Z0-9.]${ENTRY}$`, 'i');
const ENTRY_SEGMENT = new RegExp(`/${ENTRY}$`);
const ALNUM_OR_DOT = /^[A-Z0-9.]$/;

/**
 * @param {string} raw what was typed or scanned
 * @param {{ baseUrl: string, till?: boolean }} options our PUBLIC_BASE_URL; till mode also takes the
 *   last 13 code symbols after a scanner prefix
 */
export function classifyInput(raw, { baseUrl, till = false }) {
  // Scanners end with CR/LF or send GS/tab; none of those are ever part of a code or an address.
  const text = [...raw]
    .filter((ch) => ch.charCodeAt(0) > 31 && ch.charCodeAt(0) !== 127)
    .join('')
    .trim();
  if (text === '') return { kind: 'empty' };
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');

  if (SCHEME.test(text)) return classifyUrl(text, base, basePath);
  const tail = ENTRY_TAIL.exec(text);
  if (tail) return classifyInput(text.slice(0, tail.index), { baseUrl, till });

  // The last 13 code symbols (spaces and hyphens between them skipped) and what comes before them.
  let count = 0;
  let start = text.length;
  for (let i = text.length - 1; i >= 0 && count < CODE_LENGTH; i--) {
    const ch = text[i];
    if (ch === ' ' || ch === '-') continue;
    if (symbolValue(ch) < 0) break;
    count++;
    start = i;
  }
  const prefix = count === CODE_LENGTH ? text.slice(0, start) : '';
  if (count < CODE_LENGTH || prefix === '') {
    if (count === CODE_LENGTH || !looksLikeAddress(text)) return fromCode(text);
    return { kind: 'foreign', shown: shorten(text) };
  }
  const code = text.slice(start);
  const expected = `${base.protocol}//${base.host}${basePath}/K/`.toUpperCase();
  const lead = matchMangled(prefix.toUpperCase(), expected);
  if (lead !== null) return fromCode(code);
  if (till && prefix.length <= MAX_SCANNER_PREFIX && !looksLikeAddress(prefix)) return fromCode(code);
  if (looksLikeAddress(prefix)) return { kind: 'foreign', shown: shorten(text) };
  return fromCode(text);
}

function classifyUrl(text, base, basePath) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'foreign', shown: shorten(text) };
  }
  // The URL parser lower-cases the host and turns an international name into punycode, so a
  // look-alike (Cyrillic "а" for "a") or "ours.example@evil.example" cannot compare equal.
  if (url.protocol !== base.protocol || url.host !== base.host || url.username || url.password) {
    const who = url.username || url.password ? `${url.username}${url.password ? ':…' : ''}@` : '';
    return { kind: 'foreign', shown: `${url.protocol}//${who}${url.host}` };
  }
  const path = url.pathname;
  const lookupPrefix = `${basePath}/k/`;
  if (path.toLowerCase().startsWith(lookupPrefix.toLowerCase())) {
    const segment = path.slice(lookupPrefix.length).replace(ENTRY_SEGMENT, '');
    if (segment !== '' && !segment.includes('/')) {
      let decoded;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return { kind: 'not_card' };
      }
      return fromCode(decoded);
    }
  }
  return { kind: 'not_card' };
}

function fromCode(text) {
  const parsed = parseCardCode(text);
  return parsed.ok ? { kind: 'code', code: parsed.code } : { kind: 'typo', reason: parsed.reason };
}

/**
 * Whether `typed` ends with our `expected` address as a keyboard layout could have mangled it, with at
 * most a short harmless scanner prefix before it. Returns that prefix, or null.
 */
function matchMangled(typed, expected) {
  if (typed.length < expected.length) return null;
  const lead = typed.slice(0, typed.length - expected.length);
  const tail = typed.slice(typed.length - expected.length);
  const mapping = new Map();
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i];
    const got = tail[i];
    if (ALNUM_OR_DOT.test(want)) {
      if (got !== want) return null;
      continue;
    }
    // Our punctuation may come out as another character, but never as a letter, digit or dot, and
    // always as the same one.
    if (ALNUM_OR_DOT.test(got)) return null;
    const seen = mapping.get(want);
    if (seen !== undefined && seen !== got) return null;
    mapping.set(want, got);
  }
  if (lead.length > MAX_SCANNER_PREFIX || looksLikeAddress(lead)) return null;
  for (const ch of mapping.values()) if (lead.includes(ch)) return null;
  return lead;
}

function looksLikeAddress(text) {
  return /[./:@\\]/.test(text) || text.length > 2 * CODE_LENGTH + MAX_SCANNER_PREFIX;
}

function shorten(text) {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
