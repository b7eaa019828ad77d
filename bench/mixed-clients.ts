// The mixed-load bench's background clients (bench/mixed-load.ts), in a process of their own: a print
// batch's or a backup's body is hundreds of MB, and draining it on the load generator's event loop
// would stall autocannon and show up as lookup latency the server never caused. Here the clients run
// rounds of one request until told to stop, and say when the first round is done. They stand for
// people on other machines, so their own CPU (draining hundreds of MB as fast as the loopback allows)
// gives way to the server and the load generator on the bench's shared cores: the process runs at a
// lower priority.

import { setPriority } from 'node:os';

export interface BackgroundRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export type ClientsParentMessage =
  | { type: 'run'; request: BackgroundRequest; clients: number }
  | { type: 'stop' }
  | { type: 'exit' };
export type ClientsChildMessage =
  | { type: 'first' }
  | { type: 'stopped'; rounds: number; roundMsTotal: number }
  | { type: 'error'; message: string };

const send = (m: ClientsChildMessage) => process.send?.(m);
setPriority(10);

async function round(request: BackgroundRequest): Promise<void> {
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  if (res.status !== 200) throw new Error(`${request.url}: ${res.status} ${await res.text()}`);
  for await (const _ of res.body as AsyncIterable<Uint8Array>);
}

let stop = false;
let running: Promise<void>[] = [];
let rounds = 0;
let roundMsTotal = 0;

process.on('message', (m: ClientsParentMessage) => {
  if (m.type === 'run') {
    stop = false;
    rounds = 0;
    roundMsTotal = 0;
    running = Array.from({ length: m.clients }, async () => {
      while (!stop) {
        const t0 = performance.now();
        await round(m.request);
        roundMsTotal += performance.now() - t0;
        if (rounds++ === 0) send({ type: 'first' });
      }
    });
    Promise.all(running).catch((error: unknown) =>
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (m.type === 'stop') {
    stop = true;
    void Promise.allSettled(running).then(() => send({ type: 'stopped', rounds, roundMsTotal }));
  } else process.exit(0);
});
process.on('disconnect', () => process.exit(0));
