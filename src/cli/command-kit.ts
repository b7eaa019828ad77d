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

/** The password for `officer create`: the first line of standard input (never an argument, never echoed by us). */
export async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) console.error('Type the password, then Enter and Ctrl-D:');
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
