// The shipped deployment (deploy/) run for real: nginx with deploy/nginx/lmakort.conf in a temporary
// folder (ports, certificate, cache and log paths changed; nothing else), a self-signed certificate
// made with openssl, a TCP relay that can cut an instance off from PostgreSQL, and an HTTP/2 client.

import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type ClientHttp2Session, connect as http2Connect } from 'node:http2';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = process.env.LMA_NGINX ?? '/usr/sbin/nginx';
const CONF = new URL('../../deploy/nginx/lmakort.conf', import.meta.url).pathname;

/** A port nothing listens on now (the kernel's choice), for programs that need one named up front. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Replaces `from` in `text`, which must hold it exactly once (the shipped file changed otherwise). */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0)
    throw new Error(`deploy/nginx/lmakort.conf: expected "${from}" exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

export interface RunningNginx {
  httpsPort: number;
  httpPort: number;
  /** The certificate, to trust it. */
  cert: Buffer;
  /** Every proxied request's upstream address(es) and status(es), as nginx logged them (test only). */
  upstreamLog(): string;
  stop(): Promise<void>;
}

/** nginx with the shipped configuration in front of instances on these two ports. */
export async function startNginx(instancePorts: [number, number]): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'lmakort-nginx-'));
  // nginx's workers run as another user when nginx is started as root: they must reach the folder.
  chmodSync(dir, 0o755);
  const key = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  const httpsPort = await freePort();
  const httpPort = await freePort();
  let conf = readFileSync(CONF, 'utf8');
  conf = replaceOnce(conf, 'server 127.0.0.1:3001 ', `server 127.0.0.1:${instancePorts[0]} `);
  conf = replaceOnce(conf, 'server 127.0.0.1:3002 ', `server 127.0.0.1:${instancePorts[1]} `);
  conf = replaceOnce(conf, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  conf = replaceOnce(conf, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
  conf = replaceOnce(conf, '/etc/ssl/lmakort/fullchain.pem', certPath);
  conf = replaceOnce(conf, '/etc/ssl/lmakort/privkey.pem', key);
  conf = replaceOnce(conf, '/var/cache/nginx/lmakort-status-lists', join(dir, 'status-lists'));
  conf = replaceOnce(conf, '/var/log/nginx/lmakort-error.log', join(dir, 'lmakort-error.log'));
  // The test's one addition: which instance answered each request (no address, no path).
  const logPath = join(dir, 'upstreams.log');
  conf = replaceOnce(
    conf,
    '    access_log off;\n    error_log',
    `    access_log ${logPath} upstreams;\n    error_log`,
  );
  writeFileSync(join(dir, 'lmakort.conf'), conf);
  const temp = (name: string) => join(dir, name);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${temp('nginx.pid')};`,
      `error_log ${temp('error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      `  client_body_temp_path ${temp('body')};`,
      `  proxy_temp_path ${temp('proxy')};`,
      `  fastcgi_temp_path ${temp('fastcgi')};`,
      `  uwsgi_temp_path ${temp('uwsgi')};`,
      `  scgi_temp_path ${temp('scgi')};`,
      "  log_format upstreams '$upstream_addr|$upstream_status|$status';",
      `  include ${temp('lmakort.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', temp('error.log')];
  // nginx opens its ports, then forks its master and exits: once this returns, it listens.
  try {
    execFileSync(NGINX, args, { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`nginx did not start: ${(error as { stderr?: Buffer }).stderr ?? error}`);
  }
  const pid = Number(readFileSync(temp('nginx.pid'), 'utf8'));
  const cert = readFileSync(certPath);
  return {
    httpsPort,
    httpPort,
    cert,
    upstreamLog: () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : ''),
    stop: async () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** A TCP relay to PostgreSQL that can cut every connection through it, and refuse new ones. */
export async function startRelay(
  target: URL,
): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      cut = true;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      cut = false;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * GETs over HTTP/2 to nginx (the certificate trusted), as a browser makes them: on one connection,
 * and on a new one once nginx ends it (GOAWAY after http2_max_requests). A request nginx refused
 * unprocessed (REFUSED_STREAM, or sent on a connection already going away) is sent again on the new
 * connection, as browsers do; any other failure is the request's answer.
 */
export function http2Client(
  port: number,
  ca: Buffer,
): { get(path: string): Promise<Answer>; close(): void; session(): ClientHttp2Session } {
  let session: ClientHttp2Session | null = null;
  const current = (): ClientHttp2Session => {
    if (!session || session.closed || session.destroyed) {
      const fresh = http2Connect(`https://127.0.0.1:${port}`, { ca });
      fresh.on('error', () => {});
      fresh.on('goaway', () => {
        if (session === fresh) session = null;
      });
      session = fresh;
    }
    return session;
  };
  const once = (path: string): Promise<Answer | 'refused'> =>
    new Promise((resolve, reject) => {
      let stream: ReturnType<ClientHttp2Session['request']>;
      try {
        stream = current().request({ ':path': path });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_HTTP2_GOAWAY_SESSION') {
          session = null;
          resolve('refused');
        } else reject(error);
        return;
      }
      let headers: Answer['headers'] | null = null;
      let body = '';
      stream.setEncoding('utf8');
      stream.on('response', (h) => {
        headers = h;
      });
      stream.on('data', (chunk) => {
        body += chunk;
      });
      stream.on('error', () => {});
      stream.on('close', () => {
        if (headers && stream.rstCode === 0) resolve({ status: Number(headers[':status']), headers, body });
        else if (!headers && stream.rstCode === 7 /* REFUSED_STREAM */) resolve('refused');
        else
          reject(new Error(`stream closed (rst ${stream.rstCode}${headers ? ', after its headers' : ''})`));
      });
      stream.end();
    });
  return {
    session: current,
    get: async (path) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await once(path);
        if (answer !== 'refused') return answer;
        if (attempt >= 3) throw new Error('refused three times');
      }
    },
    close: () => session?.close(),
  };
}
