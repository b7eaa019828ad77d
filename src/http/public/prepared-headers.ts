// Response headers checked once, not on every answer (issue 6). The fast path sends the same eleven
// or so headers with every lookup; given to writeHead, Node checks each name and value against two
// regular expressions per answer, which cost more than the lookup itself (docs/performance.md).
// Headers set with setHeader are checked when set and then stored on the response under Node's own
// symbol (kOutHeaders); writeHead(status) with such a store writes them without checking them again.
// This puts a store, checked here once when it is built, on the response directly.
//
// The symbol is private to Node, so it is found by what it does (the store setHeader writes), never
// by name, and the store's shape is checked too. Where it cannot be found, `assign` returns false and
// the caller gives writeHead the headers as usual, so nothing breaks on another Node version.

import { type IncomingMessage, ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';

/** A response's header store, as setHeader leaves it: lower-case name → [name, value]. */
type Store = Readonly<Record<string, readonly [string, string]>>;

const PROBE = 'x-lmakort-probe';

function findStoreSymbol(): symbol | null {
  const request = { method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} };
  const response = new ServerResponse(request as IncomingMessage) as unknown as Record<symbol, unknown>;
  (response as unknown as ServerResponse).setHeader(PROBE, '1');
  const found = Object.getOwnPropertySymbols(response).filter((s) => {
    const store = response[s];
    if (typeof store !== 'object' || store === null || Array.isArray(store)) return false;
    const entry = (store as Record<string, unknown>)[PROBE];
    return Object.keys(store).length === 1 && Array.isArray(entry) && entry.length === 2 && entry[1] === '1';
  });
  return found.length === 1 ? (found[0] as symbol) : null;
}

const STORE = findStoreSymbol();

/** A fixed set of headers for writeHead, its names and values checked once, here. */
export class PreparedHeaders {
  private readonly store: Store;

  /** Throws, as setHeader would, on a name or value that may not be sent. Names must be distinct. */
  constructor(headers: readonly (readonly [string, string])[]) {
    // A plain object, not Object.create(null): V8 keeps it in fast mode, so Node's for-in over it
    // uses a cached key list (a null-prototype object is a dictionary, its keys sorted every time).
    // Names are checked header tokens, so none can be inherited from Object.prototype.
    const store: Record<string, readonly [string, string]> = {};
    for (const [name, value] of headers) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
      const key = name.toLowerCase();
      if (Object.hasOwn(store, key)) throw new Error(`header ${name} given twice`);
      store[key] = Object.freeze([name, value] as const);
    }
    // Frozen: should anything try to change a response's headers after writeHead, it throws
    // rather than changing every later answer that shares this store.
    this.store = Object.freeze(store);
  }

  /**
   * Makes these the headers `response.writeHead(status)` will write, with no headers of its own
   * set before. False where that cannot be done on this Node: pass the headers to writeHead instead.
   */
  assign(response: ServerResponse): boolean {
    if (STORE === null) return false;
    (response as unknown as Record<symbol, Store>)[STORE] = this.store;
    return true;
  }

  /** The same headers as a flat list for writeHead, where `assign` cannot be used. */
  list(): string[] {
    return Object.values(this.store).flat();
  }
}

/** Whether headers can be given to responses ready-checked on this Node (tests, the bench). */
export const preparedHeadersSupported = STORE !== null;
