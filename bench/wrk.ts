// BENCH_GENERATOR=wrk: the lookups measured with wrk (Debian package `wrk`, a load generator written in
// C) instead of autocannon. autocannon parses every response in JavaScript on the same two cores as the
// server, so a bigger answer costs the generator more than the server (docs/performance.md); wrk's cost
// per response is small and nearly flat, so the ratios it gives are closer to the servers' own costs.
// The same settings as autocannon's: BENCH_CONNECTIONS connections, no pipelining, the same request
// list cycled in order (through a Lua script), one thread.

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export interface WrkResult {
  requests: number;
  seconds: number;
  bytes: number;
  /** Responses with a status outside 2xx and 3xx. */
  non2xx: number;
  /** Connect, read, write errors and timeouts, as wrk counts them. */
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

/** Whether wrk can be run here; the message says what to do when it cannot. */
export function wrkAvailable(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('wrk', ['--version'], (error, stdout, stderr) => {
      // wrk --version prints "wrk <version> …" and its usage, and exits 1.
      const text = `${stdout}${stderr}`;
      resolve(
        /^wrk \S/.test(text)
          ? null
          : `wrk not found (${error?.message ?? text.trim()}); apt-get install -y wrk`,
      );
    });
  });
}

/** A Lua script for wrk that asks for these paths in turn, as autocannon cycles through its list. */
export function writeRequestScript(file: string, paths: string[]): void {
  for (const path of paths)
    if (!/^\/[A-Za-z0-9/._~?=&%-]*$/.test(path)) throw new Error(`not a plain path for wrk: ${path}`);
  const list = paths.map((p) => `"${p}"`).join(',\n');
  writeFileSync(
    file,
    `local paths = {\n${list}\n}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n`,
  );
}

export function wrkRun(
  origin: string,
  script: string,
  connections: number,
  seconds: number,
  timeoutSeconds: number,
): Promise<WrkResult> {
  const args = [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    `--timeout`,
    `${timeoutSeconds}s`,
    '--latency',
    '-s',
    script,
    origin,
  ];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, (error, stdout, stderr) => {
      if (error) return reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
      try {
        resolve(parseWrk(stdout));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
const UNIT_BYTES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

function ms(text: string | undefined): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  if (!m) throw new Error(`wrk output: not a duration: ${text}`);
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}

/** wrk's text report (with --latency) as numbers. */
export function parseWrk(out: string): WrkResult {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m), ([\d.]+)(B|KB|MB|GB) read/.exec(out);
  if (!total) throw new Error(`wrk output not understood:\n${out}`);
  const percent = (p: string) => ms(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1]);
  const stats = /^\s+Latency\s+(\S+)\s+\S+\s+(\S+)/m.exec(out);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requests: Number(total[1]),
    seconds: ms(`${total[2]}${total[3]}`) / 1000,
    bytes: Number(total[4]) * (UNIT_BYTES[total[5] as string] as number),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
    latencyMs: {
      p50: percent('50'),
      p90: percent('90'),
      p99: percent('99'),
      max: ms(stats?.[2]),
      mean: ms(stats?.[1]),
    },
  };
}
