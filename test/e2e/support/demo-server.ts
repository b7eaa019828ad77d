// Starts the real `lmakort serve --demo` as a user would, on an ephemeral port with a pinned clock and a
// fresh data folder, and reads the demo cards' codes from what it prints. The printed demo URLs use the
// configured PORT (0 here, PUBLIC_BASE_URL unset), so only each URL's last segment — the code — is used;
// the address comes from the "listening on" line.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = new URL('../../../bin/lmakort.js', import.meta.url).pathname;

/** The instant every page says it checked at: 2026-06-02 10:15:00 Swedish summer time. */
export const DEMO_CLOCK = '2026-06-02T10:15:00+02:00';

/** One demo card per row of R11's table (src/cli/demo.ts). */
export const DEMO_LABELS = [
  'valid card',
  'valid card with AT-UND',
  'expired card (no visit for four months)',
  'expired card, AT-UND in effect',
  'card after a rejection (avslag)',
  'permit granted, AT-UND was in effect',
  'grounds changed to work, AT-UND kept',
  'card produced, not handed over yet',
  'cancelled card (reported lost)',
] as const;
export type DemoLabel = (typeof DEMO_LABELS)[number];

/** The specimen (training) cards `npm start` prints too. */
export const SPECIMEN_LABELS = [
  'specimen: valid',
  'specimen: valid + AT-UND',
  'specimen: not valid',
  'specimen: not valid + AT-UND',
] as const;
export type SpecimenLabel = (typeof SPECIMEN_LABELS)[number];

export interface DemoServer {
  /** e.g. http://127.0.0.1:41234 — the only origin a lookup page may load from. */
  origin: string;
  /** The canonical (unformatted, upper-case) code of each demo card, specimens included. */
  codes: Record<DemoLabel | SpecimenLabel, string>;
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output: () => string;
  /** Stops the server (SIGTERM, then SIGKILL if it hangs) and removes its data folder. */
  stop: () => Promise<void>;
}

const LISTENING = /lmakort listening on (http:\/\/[\d.]+:\d+)/;
const DEMO_LINE = /^ {2}(\S.*?) {2,}(https?:\/\/\S+)\s*$/gm;

function parseDemoCodes(text: string): Record<DemoLabel | SpecimenLabel, string> | null {
  const start = text.indexOf('Demo cards:');
  if (start < 0) return null;
  const found = new Map<string, string>();
  for (const m of text.slice(start).matchAll(DEMO_LINE)) {
    const label = (m[1] as string).trim();
    const code = new URL(m[2] as string).pathname.split('/').pop() ?? '';
    found.set(label, code);
  }
  const labels = [...DEMO_LABELS, ...SPECIMEN_LABELS];
  if (!labels.every((l) => found.get(l))) return null;
  return Object.fromEntries(labels.map((l) => [l, found.get(l) as string])) as Record<
    DemoLabel | SpecimenLabel,
    string
  >;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('close', () => resolve()));
}

/**
 * `env`: extra environment, e.g. a fixed PORT and the matching PUBLIC_BASE_URL; `prepare`: whatever
 * must be in the data folder before the server holds it (e.g. console accounts).
 */
export async function startDemoServer(
  options: { env?: NodeJS.ProcessEnv; prepare?: (env: NodeJS.ProcessEnv) => Promise<void> } = {},
): Promise<DemoServer> {
  const root = mkdtempSync(join(tmpdir(), 'lmakort-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LMA_DATA_DIR: join(root, 'data'),
    PORT: '0',
    LMA_CLOCK: DEMO_CLOCK,
    LMA_LOG_LEVEL: 'warn',
  };
  delete env.PUBLIC_BASE_URL;
  Object.assign(env, options.env ?? {});
  // A user's shell has no NODE_ENV=test (the test runner sets it); run the server as `npm start` would.
  delete env.NODE_ENV;
  await options.prepare?.(env);

  const child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // A deadline, not a pause: only if a clean shutdown hangs is the server killed outright.
      const hung = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await waitForExit(child);
      clearTimeout(hung);
    }
    rmSync(root, { recursive: true, force: true });
  };

  return new Promise<DemoServer>((resolve, reject) => {
    let settled = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
      if (settled) return;
      const listening = LISTENING.exec(stdout);
      const codes = listening ? parseDemoCodes(stdout) : null;
      if (listening && codes) {
        settled = true;
        resolve({ origin: listening[1] as string, codes, output: () => output, stop });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      void stop().finally(() => reject(new Error(`${why}\n--- server output ---\n${output}`)));
    };
    child.once('error', (error) => fail(`could not start lmakort serve: ${error.message}`));
    child.once('close', (code, signal) =>
      fail(`lmakort serve exited (${code ?? signal}) before printing its address and the demo cards`),
    );
  });
}
