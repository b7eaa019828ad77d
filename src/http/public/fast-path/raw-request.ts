// What the fast path reads of a request without asking Node to build req.headers.

import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../../plugins/client-address.ts';

/**
 * A request header's value as req.headers gives it (repeats joined with ", "), read from the raw
 * list instead: req.headers is built, every name lower-cased, the first time it is read.
 */
export function rawHeader(req: IncomingMessage, lowerCaseName: string): string | undefined {
  const raw = req.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length !== lowerCaseName.length || name.toLowerCase() !== lowerCaseName) continue;
    value = value === undefined ? raw[i + 1] : `${value}, ${raw[i + 1]}`;
  }
  return value;
}

/** The client's address as Fastify reads it: the socket's, or the entry the farthest trusted proxy added. */
export function clientAddressOf(req: IncomingMessage, trustedHops: number): string {
  const socketAddress = req.socket.remoteAddress ?? '';
  if (trustedHops === 0) return socketAddress;
  return clientAddress(socketAddress, rawHeader(req, 'x-forwarded-for'), trustedHops);
}
