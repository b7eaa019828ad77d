// `lmakort doctor`: checks what a server needs before it starts — the configuration, the rulebooks,
// the folders it writes, the database, its migrations, the clock, the signing keys and Node.js —
// and prints, for each, that it is fine or what is wrong and how to fix it. It changes nothing: no
// migration is applied, no key is made, no folder is left behind.

import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Config, ConfigError, parseConfig } from '../config.ts';
import { loadRulebooks } from '../http/verify/rulebooks.ts';
import { redactUrl } from '../log-safety.ts';
import { DataDirLockedError, type Db } from '../store/db.ts';
import { listSigningKeys } from '../store/key-store.ts';
import { pendingMigrations } from '../store/migrate.ts';
import { pingDatabase } from '../store/ops-store.ts';
import { openDatabase } from '../system.ts';

export interface Finding {
  check: string;
  state: 'ok' | 'note' | 'fail';
  message: string;
  /** What to do about it (failures, and notes that need an action). */
  fix?: string;
}

/** The clock may differ from the database server's by this much before doctor calls it wrong. */
export const MAX_CLOCK_SKEW_MS = 2_000;
const DATABASE_TIMEOUT_MS = 3_000;

/** Whether this Node.js is one the project runs on (package.json engines). */
export function supportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 24;
}

/** Whether a file can be made in `dir` (made if missing, as the server would); the probe is removed. */
function writable(dir: string): string | null {
  let made: string | null = null;
  try {
    if (!existsSync(dir)) {
      // The first missing ancestor is removed again afterwards.
      let top = dir;
      while (!existsSync(dirname(top)) && dirname(top) !== top) top = dirname(top);
      mkdirSync(dir, { recursive: true });
      made = top;
    } else if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
    const probe = join(dir, `.lmakort-doctor-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    if (made) rmSync(made, { recursive: true, force: true });
  }
}

function configFindings(env: NodeJS.ProcessEnv): { config: Config | null; findings: Finding[] } {
  const findings: Finding[] = [];
  const placeholders = Object.entries(env)
    .filter(
      ([name, value]) => /^(LMA_|DATABASE_URL$|PUBLIC_BASE_URL$)/.test(name) && value?.includes('CHANGE-ME'),
    )
    .map(([name]) => name);
  for (const name of placeholders)
    findings.push({
      check: 'configuration',
      state: 'fail',
      message: `${name} still holds the template's CHANGE-ME`,
      fix: `set a real value for ${name} (e.g. in /etc/lmakort/lmakort.env)`,
    });
  try {
    const config = parseConfig(env);
    if (placeholders.length === 0) {
      const where = config.databaseUrl
        ? `PostgreSQL at ${redactUrl(config.databaseUrl)}`
        : `embedded database in ${config.dataDir}`;
      findings.push({
        check: 'configuration',
        state: 'ok',
        message: `${config.nodeEnv}, ${where}, public address ${config.publicBaseUrl}`,
      });
    }
    if (config.nodeEnv === 'production' && !config.databaseUrl)
      findings.push({
        check: 'configuration',
        state: 'note',
        message: 'production on the embedded database: one process only, no second instance',
        fix: 'set DATABASE_URL to a PostgreSQL server to run several instances (docs/deployment.md)',
      });
    if (config.pinnedClock)
      findings.push({
        check: 'clock',
        state: 'note',
        message: `LMA_CLOCK pins "now" at ${config.pinnedClock.toISOString()} (demos and tests only)`,
        fix: 'unset LMA_CLOCK for real use',
      });
    return { config, findings };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems)
      findings.push({
        check: 'configuration',
        state: 'fail',
        message: problem,
        fix: 'correct that variable in the environment (README, "Configuration")',
      });
    return { config: null, findings };
  }
}

async function databaseFindings(config: Config): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (!config.databaseUrl && (!existsSync(config.dataDir) || readdirSync(config.dataDir).length === 0))
    return [
      {
        check: 'database',
        state: 'note',
        message: `no embedded database in ${config.dataDir} yet`,
        fix: 'the server (or `lmakort migrate`) makes it; `lmakort restore FILE` brings back a backup',
      },
    ];
  let db: Db;
  try {
    db = await openDatabase(config, 'doctor');
  } catch (error) {
    if (error instanceof DataDirLockedError)
      return [
        {
          check: 'database',
          state: error.holder ? 'note' : 'fail',
          message: error.holder
            ? `the embedded database is open in process ${error.holder.pid} ("${error.holder.command}"); migrations and keys not checked`
            : `the embedded database's lock file ${error.lockFile} cannot be read (empty or damaged), so it is taken as held; migrations and keys not checked`,
          fix: error.holder
            ? 'that is expected while the server runs; stop it to check them'
            : `if no lmakort process uses this directory, remove ${error.lockFile}`,
        },
      ];
    return [databaseFailure(config, error as Error)];
  }
  try {
    try {
      await pingDatabase(db, DATABASE_TIMEOUT_MS);
    } catch (error) {
      return [databaseFailure(config, error as Error)];
    }
    findings.push({ check: 'database', state: 'ok', message: 'answers' });

    const pending = await pendingMigrations(db);
    findings.push(
      pending.length === 0
        ? { check: 'migrations', state: 'ok', message: 'all applied' }
        : {
            check: 'migrations',
            state: 'fail',
            message: `${pending.length} not applied: ${pending.join(', ')}`,
            fix: '`lmakort migrate` (the server also applies them when it starts)',
          },
    );

    if (config.databaseUrl) {
      const { rows } = await db.query<{ now: string }>('SELECT now() AS now');
      const skew = Date.now() - new Date(rows[0]?.now as string).getTime();
      findings.push(
        Math.abs(skew) <= MAX_CLOCK_SKEW_MS
          ? {
              check: 'clock',
              state: 'ok',
              message: `within ${MAX_CLOCK_SKEW_MS / 1000} s of the database server's`,
            }
          : {
              check: 'clock',
              state: 'fail',
              message: `${(Math.abs(skew) / 1000).toFixed(1)} s ${skew > 0 ? 'ahead of' : 'behind'} the database server's clock`,
              fix: 'synchronise both machines with NTP (e.g. `timedatectl set-ntp true`); expiry and AT-UND answers depend on the time',
            },
      );
    }

    if (pending.length === 0) findings.push(...(await keyFindings(db)));
  } finally {
    await db.close().catch(() => {});
  }
  return findings;
}

function databaseFailure(config: Config, error: Error): Finding {
  return config.databaseUrl
    ? {
        check: 'database',
        state: 'fail',
        message: `cannot reach PostgreSQL at ${redactUrl(config.databaseUrl)}: ${error.message}`,
        fix: 'start PostgreSQL, or correct DATABASE_URL (host, port, user, password, database)',
      }
    : {
        check: 'database',
        state: 'fail',
        message: `cannot open the embedded database in ${config.dataDir}: ${error.message}`,
        fix: 'check LMA_DATA_DIR and its permissions, or restore a backup (`lmakort restore`)',
      };
}

async function keyFindings(db: Db): Promise<Finding[]> {
  const keys = await listSigningKeys(db);
  const active = keys.filter((k) => !k.retiredAt && !k.revokedAt);
  if (keys.length === 0)
    return [
      { check: 'signing keys', state: 'ok', message: 'none yet: the server makes the first when it starts' },
    ];
  if (active.length === 0)
    return [
      {
        check: 'signing keys',
        state: 'fail',
        message: `${keys.length} keys, none active: receipts and status lists cannot be signed`,
        fix: '`lmakort keys rotate` makes a new active key',
      },
    ];
  const newest = active.at(-1) as (typeof active)[number];
  try {
    // The key signs, and its published half verifies what it signed.
    const probe = Buffer.from('lmakort doctor');
    const signature = sign(null, probe, createPrivateKey({ key: newest.privateJwk, format: 'jwk' }));
    if (!verify(null, probe, createPublicKey({ key: newest.publicJwk, format: 'jwk' }), signature))
      throw new Error('its public half does not verify what it signs');
  } catch (error) {
    return [
      {
        check: 'signing keys',
        state: 'fail',
        message: `the active key ${newest.kid} cannot sign: ${(error as Error).message}`,
        fix: '`lmakort keys rotate`, then `lmakort keys revoke` the broken one',
      },
    ];
  }
  const revoked = keys.filter((k) => k.revokedAt).length;
  return [
    {
      check: 'signing keys',
      state: 'ok',
      message: `active key ${newest.kid} signs; ${keys.length - revoked} published, ${revoked} revoked`,
    },
  ];
}

/** Every check, in order; the database ones only when the configuration could be read. */
export async function runDoctor(env: NodeJS.ProcessEnv = process.env): Promise<Finding[]> {
  const findings: Finding[] = [];
  findings.push(
    supportedNode(process.versions.node)
      ? { check: 'Node.js', state: 'ok', message: process.versions.node }
      : {
          check: 'Node.js',
          state: 'fail',
          message: `${process.versions.node} is not supported`,
          fix: 'install Node.js 20 (20.19 or later), 22 (22.12 or later) or 24',
        },
  );
  try {
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  } catch {
    findings.push({
      check: 'clock',
      state: 'fail',
      message: 'this Node.js has no time-zone data for Europe/Stockholm (every Swedish day depends on it)',
      fix: 'use an official Node.js build (full ICU)',
    });
  }
  const { config, findings: configuration } = configFindings(env);
  findings.push(...configuration);
  if (!config) return findings;

  try {
    const rulebooks = loadRulebooks(config.rulebookDir ?? undefined);
    findings.push({ check: 'rulebooks', state: 'ok', message: `${Object.keys(rulebooks).length} roles` });
  } catch (error) {
    findings.push({
      check: 'rulebooks',
      state: 'fail',
      message: (error as Error).message,
      fix: 'correct the file it names, or unset LMA_RULEBOOK_DIR to use the shipped rulebooks',
    });
  }

  const folders: [string, string, string][] = [];
  if (!config.databaseUrl) folders.push(['LMA_DATA_DIR', config.dataDir, 'the embedded database']);
  if (config.letterDir) folders.push(['LMA_LETTER_DIR', config.letterDir, 'the letter outbox']);
  for (const [name, dir, what] of folders) {
    const problem = writable(dir);
    findings.push(
      problem === null
        ? { check: 'folders', state: 'ok', message: `${name} ${dir} (${what}) is writable` }
        : {
            check: 'folders',
            state: 'fail',
            message: `${name} ${dir} (${what}) cannot be written: ${problem}`,
            fix: `make ${dir} a folder the server's user can write (chown/chmod), or set ${name} to one`,
          },
    );
  }

  findings.push(...(await databaseFindings(config)));
  return findings;
}

/** The findings as lines for a terminal: state, check, message, and the fix indented below. */
export function formatFindings(findings: Finding[]): string {
  const width = Math.max(...findings.map((f) => f.check.length));
  const label = { ok: 'ok  ', note: 'note', fail: 'FAIL' } as const;
  const lines = findings.flatMap((f) => [
    `${label[f.state]}  ${f.check.padEnd(width)}  ${f.message}`,
    ...(f.fix ? [`      ${''.padEnd(width)}  fix: ${f.fix}`] : []),
  ]);
  const failed = findings.filter((f) => f.state === 'fail').length;
  lines.push(
    failed === 0
      ? 'lmakort doctor: nothing wrong found'
      : `lmakort doctor: ${failed} problem${failed === 1 ? '' : 's'} to fix`,
  );
  return lines.join('\n');
}
