// S1 behind reverse proxies: which X-Forwarded-For entry names the client. Each proxy appends the
// address it received the request from, so only the rightmost entries were written by proxies we run;
// anything to their left is whatever the client sent. With `hops` trusted proxies in front (nginx
// alone: 1), the client is the entry the farthest trusted proxy added: the socket's peer is hop 0,
// the rightmost entry hop 1, and so on. Fastify reads request.ip with the same rule (proxyTrust).

/** Fastify's trustProxy as a function: the socket's peer and the next hops-1 entries are our proxies. */
export function proxyTrust(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/**
 * The client's address: the X-Forwarded-For entry `hops` places from the right end of the chain
 * [socket peer, …entries right to left], or the farthest entry when the chain is shorter. Entries are
 * split at commas and trimmed; empty ones are skipped (as Fastify's parser does).
 */
export function clientAddress(socketAddress: string, forwardedFor: string | undefined, hops: number): string {
  if (!forwardedFor) return socketAddress;
  let found = socketAddress;
  let hop = 0;
  let end = forwardedFor.length;
  for (let i = forwardedFor.length - 1; i >= -1 && hop < hops; i--) {
    if (i >= 0 && forwardedFor.charCodeAt(i) !== 44 /* , */) continue;
    const entry = forwardedFor.slice(i + 1, end).trim();
    end = i;
    if (entry === '') continue;
    found = entry;
    hop++;
  }
  return found;
}
