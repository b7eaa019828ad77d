// Plain HTTP/1.1 on one socket, for the tests that check the very bytes an answer is made of (the
// lookup fast path writes its answers straight on the socket).

import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface Exchange {
  socket: Socket;
  /** Whole answers (head and body), in Latin-1, in the order they came. */
  answers: string[];
  /** Resolves once the server has closed the connection. */
  closed: Promise<void>;
}

/**
 * Sends the requests on one connection, each once the answer before it is in (or all in one write,
 * pipelined), and resolves with as many answers, each cut by its Content-Length.
 */
export function exchange(port: number, requests: string[], pipelined = false): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(pipelined ? requests.join('') : (requests[0] as string)),
    );
    const closed = once(socket, 'end').then(() => {});
    closed.catch(() => {});
    const answers: string[] = [];
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(data.slice(0, end))?.[1] ?? 0);
        if (data.length < end + 4 + length) break;
        answers.push(data.slice(0, end + 4 + length));
        data = data.slice(end + 4 + length);
        if (!pipelined && answers.length < requests.length) socket.write(requests[answers.length] as string);
      }
      if (answers.length === requests.length) resolve({ socket, answers, closed });
    });
    socket.on('error', reject);
  });
}

/** A GET request's bytes. */
export const get = (path: string, extra = '', version = '1.1') =>
  `GET ${path} HTTP/${version}\r\nHost: x\r\n${extra}\r\n`;
/** An answer without its Date header (which differs by the second). */
export const withoutDate = (answer: string) => answer.replace(/\r\nDate: [^\r]*/, '');
