// TCP servers a test controls: one that accepts connections and never answers, and a proxy to a
// real server that can stop passing bytes (a database that hangs) and cut every connection.

import { connect, createServer, type Server, type Socket } from 'node:net';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Accepts every connection and never sends a byte. */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return { port, close: () => closeAll(server, sockets) };
}

export interface TcpProxy {
  port: number;
  /** Stop passing bytes either way; connections stay open (a server that hangs). */
  freeze(): void;
  /** Pass bytes again. */
  thaw(): void;
  /** End every connection through the proxy, and refuse new ones until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A proxy from an ephemeral local port to host:port. */
export async function tcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d) => {
      if (!frozen) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!frozen) client.write(d);
    });
  });
  const local = await listen(server);
  return {
    port: local,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
    },
    cut: () => {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      refusing = false;
    },
    close: () => closeAll(server, sockets),
  };
}
