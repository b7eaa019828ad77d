// Response heads made once, not on every answer. The fast path sends the same eleven or so
// headers with every lookup. Given to writeHead, Node checks each name and value against two regular
// expressions per answer, then builds the head string header by header (lower-casing each name to
// look for the few it treats specially) — together more than the lookup itself costs
// (docs/performance.md).
//
// Two steps, each with Node's own way as the fallback:
//
// 1. The checked store. Headers set with setHeader are checked when set and then stored on the
//    response under Node's own symbol (kOutHeaders); writeHead(status) with such a store writes them
//    without checking them again. `assign` puts a store, checked here once, on the response. The
//    symbol is private to Node, so it is found by what it does (the store setHeader writes), never by
//    name; where it is not found, the headers are given to writeHead as a list.
// 2. The learned head. The first answer with each status is written by Node's writeHead, and the head
//    Node made for it is kept when it is exactly what it should be: the status line, these headers,
//    a Date, and Node's keep-alive headers. Later answers with that status on a keep-alive connection
//    get the same head with the current Date, in one buffer with the body, written to the socket in
//    one write; the response is marked as writeHead and its first write would leave it (`_header`,
//    `_headerSent`) and ended, so Node's server goes on with the connection as after its own. The
//    bytes are Node's; any connection Node would answer differently (closing, HTTP/1.0 without
//    keep-alive, a different keep-alive timeout) goes through writeHead, and an answer pipelined
//    behind another is handed to the response to send in its turn.
//
// Both steps lean on Node's internals, which a Node release may change: each checks what it finds and
// falls back to writeHead where it does not find what it expects, and `nodeInternals: false`
// (LMA_NODE_INTERNALS=off) turns both off, so every answer is written by writeHead with the list.

import { type IncomingMessage, ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import { takeBuffer } from './slab.ts';

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

/**
 * The fields of Node's outgoing message that a learned head relies on (lib/_http_outgoing.js and
 * lib/_http_server.js): what writeHead leaves, and what decides the keep-alive headers it writes.
 */
interface ResponseInternals {
  _header: string | null;
  _headerSent: boolean;
  _last: boolean;
  chunkedEncoding: boolean;
  shouldKeepAlive: boolean;
  sendDate: boolean;
  maxRequestsOnConnectionReached?: boolean;
  _expect_continue?: boolean;
  _keepAliveTimeout?: number;
  _maxRequestsPerSocket?: number;
}

/** A head Node made, split around its Date, and what the connection it was made for was like. */
interface LearnedHead {
  before: string;
  after: string;
  beforeBytes: Buffer;
  afterBytes: Buffer;
  statusMessage: string;
  keepAliveTimeout: number | undefined;
  maxRequestsPerSocket: number | undefined;
}

/** An IMF-fixdate, as Node's Date header (Date.prototype.toUTCString). */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const HTTP_DATE_LENGTH = 29;
/** What Node ends a keep-alive answer's head with, after the Date. */
const KEEP_ALIVE_TAIL = /^\r\nConnection: keep-alive\r\n(Keep-Alive: timeout=\d+(, max=\d+)?\r\n)?\r\n$/;
/** Printable ASCII, CR and LF: the same bytes whether Node writes the head as UTF-8 or Latin-1. */
const ASCII_HEAD = /^[\r\n\x20-\x7e]*$/;

let dateSecond = Number.NaN;
let dateText = '';
/** The Date header's value now, made once per second, as Node makes its own. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** Whether Node would end this response's head with its plain keep-alive headers. */
function keepsAlive(r: ResponseInternals): boolean {
  return (
    r.shouldKeepAlive === true &&
    r.sendDate === true &&
    r.maxRequestsOnConnectionReached !== true &&
    r._expect_continue !== true &&
    !r._header
  );
}

/** A fixed set of headers for an answer, its names and values checked once, here. */
export class PreparedHeaders {
  private readonly store: Store;
  /** The header lines as Node writes them, for checking a head Node made. */
  private readonly lines: string;
  /** The body's length in bytes, from content-length (-1 without one: no head is learned). */
  private readonly bodyLength: number;
  /** By status: the head Node made (null: one it made was not as expected, so never reused). */
  private readonly heads = new Map<number, LearnedHead | null>();

  /** False: neither step above; every answer goes through writeHead with the list (Node's own way). */
  private readonly nodeInternals: boolean;

  /** Throws, as setHeader would, on a name or value that may not be sent. Names must be distinct. */
  constructor(headers: readonly (readonly [string, string])[], options: { nodeInternals?: boolean } = {}) {
    this.nodeInternals = options.nodeInternals ?? true;
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
    this.lines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
    const contentLength = store['content-length']?.[1];
    this.bodyLength = contentLength && /^\d+$/.test(contentLength) ? Number(contentLength) : -1;
  }

  /**
   * Writes the whole answer: this status, these headers, and the body, which must be as many bytes
   * as the content-length header says (UTF-8 for a string). Returns how: with a head Node's
   * writeHead made, or with one learned from Node (step 2 above), written to the socket or, for an
   * answer pipelined behind another, left with the response until its turn.
   */
  respond(response: ServerResponse, status: number, body: string | Buffer): 'node' | 'socket' | 'queued' {
    const r = response as unknown as ResponseInternals;
    const learned = this.heads.get(status);
    if (
      learned &&
      keepsAlive(r) &&
      r._keepAliveTimeout === learned.keepAliveTimeout &&
      r._maxRequestsPerSocket === learned.maxRequestsPerSocket &&
      this.fits(body)
    ) {
      // The whole answer in one buffer: the head's bytes around the Date, then the body. Node would
      // join a string head and body into a rope, flatten it and encode it as UTF-8 (a page: write
      // the two as a vector), then cork the socket and write a vector of that and an empty end;
      // one copy of a few hundred prepared bytes and one plain write cost less.
      const date = httpDate();
      const { beforeBytes, afterBytes } = learned;
      const headLength = beforeBytes.length + HTTP_DATE_LENGTH + afterBytes.length;
      const out = takeBuffer(headLength + this.bodyLength);
      let at = beforeBytes.copy(out, 0);
      at += out.write(date, at, 'latin1');
      at += afterBytes.copy(out, at);
      // Only ASCII has as many UTF-8 bytes as characters; it is written as such, in one pass.
      if (typeof body !== 'string') body.copy(out, at);
      else out.write(body, at, body.length === this.bodyLength ? 'latin1' : 'utf8');
      response.statusCode = status;
      response.statusMessage = learned.statusMessage;
      // As writeHead and the first write leave it: the head made, and sent (it is in `out`).
      r._header = learned.before + date + learned.after;
      r._headerSent = true;
      const socket = response.socket;
      if (socket?.writable) {
        // The connection's current answer (one pipelined behind another has no socket yet): its
        // bytes go to the socket in one write, and end() finishes the response as Node does once
        // it has written them itself — at once, or after the socket has drained.
        socket.write(out);
        response.end();
        return 'socket';
      }
      response.end(out);
      return 'queued';
    }
    if (this.assign(response)) response.writeHead(status);
    else response.writeHead(status, this.list());
    if (learned === undefined) this.learn(r, status);
    response.end(body);
    return 'node';
  }

  /** Whether the body is as long as its content-length says (it always is from the fast path). */
  private fits(body: string | Buffer): boolean {
    if (typeof body !== 'string') return body.length === this.bodyLength;
    return body.length === this.bodyLength || Buffer.byteLength(body) === this.bodyLength;
  }

  /** Keeps the head writeHead just made for this status, if it is as expected (see above). */
  private learn(r: ResponseInternals, status: number): void {
    if (!this.nodeInternals) return;
    // Only a keep-alive answer's head can be reused; for any other, ask again next time.
    if (!r.shouldKeepAlive || r.maxRequestsOnConnectionReached === true) return;
    const header = r._header;
    const statusMessage = (r as unknown as ServerResponse).statusMessage;
    const before = `HTTP/1.1 ${status} ${statusMessage}\r\n${this.lines}Date: `;
    const rest = typeof header === 'string' && header.startsWith(before) ? header.slice(before.length) : '';
    const after = rest.slice(HTTP_DATE_LENGTH);
    const expected =
      HTTP_DATE.test(rest.slice(0, HTTP_DATE_LENGTH)) &&
      KEEP_ALIVE_TAIL.test(after) &&
      ASCII_HEAD.test(before) &&
      r._headerSent === false &&
      r._last === false &&
      r.chunkedEncoding === false &&
      r.sendDate === true &&
      this.bodyLength >= 0;
    this.heads.set(
      status,
      expected
        ? {
            before,
            after,
            beforeBytes: Buffer.from(before, 'latin1'),
            afterBytes: Buffer.from(after, 'latin1'),
            statusMessage,
            keepAliveTimeout: r._keepAliveTimeout,
            maxRequestsPerSocket: r._maxRequestsPerSocket,
          }
        : null,
    );
  }

  /**
   * Makes these the headers `response.writeHead(status)` will write, with no headers of its own
   * set before. False where that cannot be done on this Node: pass the headers to writeHead instead.
   */
  assign(response: ServerResponse): boolean {
    if (STORE === null || !this.nodeInternals) return false;
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
