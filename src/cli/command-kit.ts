import { join } from 'node:path';
import type { Config } from '../config.ts';
import { receptionFromEnv } from '../domain/reception.ts';
import { runLetterJob } from '../jobs/letters.ts';
import type { Actor } from '../services/lma-service.ts';
import { assembleSystem, clockFor, openDatabase } from '../system.ts';

export class UsageError extends Error {}

export const CLI_ACTOR: Actor = { name: 'cli', correlationId: null };
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function exportLetters(config: Config, out: string, command: string): Promise<void> {
  const r = await withSystem(config, command, (s) => runLetterJob(s.service, out));
  console.log(
    `letters: ${r.printed} rendered and marked printed — ${r.post} in ${join(out, 'post')}, ${r.forwarding} in ${join(out, 'forwarding')} (protected address, R13)`,
  );
}

/**
 * The password for `officer create`: the first line of standard input, never an argument. At a
 * terminal it is asked for and typed without echo; piped, the first line is read as it comes.
 */
export async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) return readHiddenLine('Password (not shown): ');
  let input = '';
  for await (const chunk of process.stdin) {
    input += chunk;
    if (input.length > 10_000) break;
  }
  return input.split(/\r?\n/)[0] ?? '';
}

export function cardsOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 5_000_000)
    throw new UsageError(`--cards must be a whole number from 0 to 5000000 (got "${value}")`);
  return n;
}

export async function withSystem<T>(
  config: Config,
  command: string,
  fn: (s: Awaited<ReturnType<typeof assembleSystem>>) => Promise<T>,
) {
  const db = await openDatabase(config, command);
  try {
    const system = await assembleSystem(db, {
      clock: clockFor(config),
      publicBaseUrl: config.publicBaseUrl,
      loadReadModel: false,
      // The letters name the reception office (LMA_RECEPTION_*), as the server's do.
      reception: receptionFromEnv(process.env),
    });
    return await fn(system);
  } finally {
    await db.close();
  }
}

/** One line typed at the terminal without echo (raw mode): Enter ends it, Backspace erases, Ctrl-C aborts. */
function readHiddenLine(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (done: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      done();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(line));
        if (ch === '\u0003') return finish(() => reject(new UsageError('cancelled')));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else if (line.length < 10_000) line += ch;
      }
    };
    stdin.on('data', onData);
  });
}
