// `lmakort` — one executable (C8): serve, migrate, token create, demo, jobs run, cards, letters, backup.
// Problems are printed as one clear line naming what is wrong; exit 2 for usage, 1 for failures.

import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, parseConfig } from '../config.ts';
import type { CardArtwork } from '../documents/card-artwork.ts';
import { parseExpiry, stockholmDate } from '../domain/calendar.ts';
import { hasControlCharacter } from '../domain/control-characters.ts';
import { RulebookError } from '../http/verify/rulebooks.ts';
import { runLetterJob } from '../jobs/letters.ts';
import { runReminderSweep } from '../jobs/reminder-sweep.ts';
import { letterFileRemover } from '../jobs/retention.ts';
import { safeErrorText } from '../log-safety.ts';
import { AppError } from '../services/app-error.ts';
import type { Actor } from '../services/lma-service.ts';
import { OfficerAccounts, USERNAME } from '../services/officer-accounts.ts';
import { passwordProblem } from '../services/passwords.ts';
import { revokedKids } from '../services/receipt.ts';
import { RenderPool } from '../services/render-pool.ts';
import { Retention } from '../services/retention.ts';
import { TokenService } from '../services/tokens.ts';
import { RestoreRefusedError } from '../store/backup.ts';
import { DatabaseUnavailableError, DataDirLockedError } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { OFFICER_ROLES, type OfficerRole } from '../store/officer-store.ts';
import { insertSyntheticCards } from '../store/synthetic.ts';
import { assembleSystem, clockFor, openDatabase } from '../system.ts';
import { backup, CliRefusal, restore } from './backup.ts';
import { formatDemo, loadDemo } from './demo.ts';
import { formatFindings, runDoctor } from './doctor.ts';
import { progress } from './progress.ts';
import { readJwks, readReceiptFile, verifyReceiptText } from './receipt.ts';
import { serve } from './serve.ts';

const USAGE = `usage: lmakort <command>

  serve [--demo] [--cards N]        run the server (with --demo: load and print the demo cards)
  migrate                           apply database migrations
  token create --role officer|admin [--name NAME] [--expires 90d|YYYY-MM-DD|INSTANT]
                                    make an API token (printed once, as the last line)
  token revoke ID                   revoke an API token (refused from then on); both are in the history
  officer create --username NAME --role officer|admin|auditor
                                    make a console account; the password is read from standard input
  demo [--cards N]                  load the demo applicants (and N synthetic cards) and print lookup URLs
  jobs run [reminders|letters|retention] [--out DIR]
                                    run the reminder sweep once (R7), or the letter job (render queued
                                    letters to DIR, default LMA_LETTER_DIR or ./letters, and mark them printed),
                                    or the retention job (R15: purge applicants past LMA_RETENTION_MONTHS)
  retention run                     the same retention job
  cards print-batch --out DIR       make a production batch of all ordered cards: one PDF for the card printer
  cards mark-printed BATCH_ID       the batch is printed: its cards become produced, card-ready letters queued (R3)
  letters export --out DIR          render queued letters to DIR/post and DIR/forwarding (R13), mark them printed
  keys list | rotate | revoke KID   signing keys for receipts (C9): list them, make a new active key
                                    (the old one stays published), or withdraw a compromised key
  receipt verify FILE [--jwks FILE|URL]
                                    check a signed receipt (the JWS in FILE) offline, against a JWK Set
                                    or, without --jwks, this installation's own keys; exit 1 if not valid
  backup --out FILE [--server URL --token TOKEN]
                                    back up the embedded database (through a running server with --server)
  restore FILE [--force]            restore a backup into LMA_DATA_DIR (--force: replace what is there)
  doctor                            check configuration, database, migrations, clock, keys and folders;
                                    print what is wrong and how to fix it (exit 1 if anything is)

environment: PORT, PUBLIC_BASE_URL, LMA_DATA_DIR, DATABASE_URL, LMA_CLOCK (see README)`;

class UsageError extends Error {}

const CLI_ACTOR: Actor = { name: 'cli', correlationId: null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function exportLetters(config: Config, out: string, command: string): Promise<void> {
  const r = await withSystem(config, command, (s) => runLetterJob(s.service, out));
  console.log(
    `letters: ${r.printed} rendered and marked printed — ${r.post} in ${join(out, 'post')}, ${r.forwarding} in ${join(out, 'forwarding')} (protected address, R13)`,
  );
}

/** The password for `officer create`: the first line of standard input (never an argument, never echoed by us). */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) console.error('Type the password, then Enter and Ctrl-D:');
  let input = '';
  for await (const chunk of process.stdin) {
    input += chunk;
    if (input.length > 10_000) break;
  }
  return input.split(/\r?\n/)[0] ?? '';
}

function cardsOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 5_000_000)
    throw new UsageError(`--cards must be a whole number from 0 to 5000000 (got "${value}")`);
  return n;
}

/** R15: the retention job once, as the command line (P4: recorded as `cli`). */
async function retentionRun(config: Config, command: string): Promise<void> {
  const r = await withSystem(config, command, (s) =>
    new Retention({
      db: s.db,
      readModel: s.readModel,
      clock: s.clock,
      months: config.retentionMonths,
      ...(config.letterDir ? { removeLetterFiles: letterFileRemover(config.letterDir) } : {}),
    }).run(CLI_ACTOR),
  );
  console.log(
    `retention: ${r.purged} applicants purged (retention ${config.retentionMonths} months: ended on or before ${r.cutoff})`,
  );
}

async function withSystem<T>(
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
    });
    return await fn(system);
  } finally {
    await db.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'doctor') {
    if (rest.length > 0) throw new UsageError('usage: lmakort doctor');
    // Before the configuration is read: reading it is the first check, and doctor names every problem.
    const findings = await runDoctor();
    console.log(formatFindings(findings));
    return findings.some((f) => f.state === 'fail') ? 1 : 0;
  }
  const config = parseConfig();
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { demo: { type: 'boolean' }, cards: { type: 'string' } },
      });
      await serve(config, { demo: values.demo ?? false, cards: cardsOption(values.cards) });
      return 0;
    }
    case 'migrate': {
      parseArgs({ args: rest, options: {} });
      const db = await openDatabase(config, 'migrate');
      try {
        const applied = await migrate(db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'token': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { role: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
      });
      if (positionals[0] === 'revoke' && positionals.length === 2) {
        const id = positionals[1] as string;
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
          throw new UsageError(`the token id is a UUID, as \`token create\` printed it (got "${id}")`);
        const revoked = await withSystem(config, 'token revoke', (s) =>
          new TokenService(s.db, s.clock).revoke('cli', id.toLowerCase()),
        );
        if (!revoked) throw new CliRefusal(`no active token has the id ${id}`);
        console.log(`token "${revoked.name}" revoked: it is refused from now on`);
        return 0;
      }
      if (positionals[0] !== 'create' || positionals.length !== 1)
        throw new UsageError(
          'usage: lmakort token create --role officer|admin [--name NAME] [--expires 90d|YYYY-MM-DD|INSTANT]\n       lmakort token revoke ID',
        );
      if (values.role !== 'officer' && values.role !== 'admin')
        throw new UsageError('--role must be officer or admin');
      const name = values.name ?? `${values.role}-${new Date().toISOString().slice(0, 10)}`;
      if (!/^\S.{0,59}$/.test(name)) throw new UsageError('--name must be 1–60 characters');
      if (hasControlCharacter(name))
        throw new UsageError('--name must not contain control characters (such as NUL or tab)');
      const role = values.role;
      const now = clockFor(config).now();
      const expiresAt = values.expires === undefined ? null : parseExpiry(values.expires, now);
      if (values.expires !== undefined && (!expiresAt || expiresAt <= now))
        throw new UsageError(
          '--expires must be a number of days (90d), a date (2027-06-30: valid through that day, Swedish time) or an ISO 8601 instant, in the future',
        );
      const created = await withSystem(config, 'token create', (s) =>
        new TokenService(s.db, s.clock).create('cli', { name, role, expiresAt }),
      );
      const until = created.expiresAt ? `, valid until ${created.expiresAt}` : ', never expires';
      console.log(
        `token "${created.name}" (${created.role}), id ${created.id}${until}; it is shown only now:`,
      );
      console.log(created.token);
      return 0;
    }
    case 'officer': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { username: { type: 'string' }, role: { type: 'string' } },
      });
      const usage =
        'usage: lmakort officer create --username NAME --role officer|admin|auditor (password on stdin)';
      if (positionals[0] !== 'create' || positionals.length !== 1) throw new UsageError(usage);
      if (!values.username) throw new UsageError(`--username is required; ${usage}`);
      const username = values.username.toLowerCase();
      if (!USERNAME.test(username))
        throw new UsageError('--username must be 2–40 characters of a–z, 0–9, dot, dash or underscore');
      if (!(OFFICER_ROLES as readonly string[]).includes(values.role ?? ''))
        throw new UsageError('--role must be officer, admin or auditor');
      const password = await readPasswordFromStdin();
      const problem = passwordProblem(password);
      if (problem) throw new UsageError(`the password (first line of standard input) needs ${problem}`);
      const created = await withSystem(config, 'officer create', async (s) => {
        try {
          return await new OfficerAccounts(s.db, s.clock).createOfficer('cli', {
            username,
            role: values.role as OfficerRole,
            password,
          });
        } catch (error) {
          if (error instanceof AppError) throw new CliRefusal(error.message);
          throw error;
        }
      });
      console.log(`officer "${created.username}" (${created.role}) created; sign in at /officer/`);
      return 0;
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { cards: { type: 'string' } } });
      const n = cardsOption(values.cards);
      await withSystem(config, 'demo', async (s) => {
        const cards = await loadDemo(s.service);
        console.log(`Demo cards:\n${formatDemo(cards)}`);
        if (n > 0) {
          const started = performance.now();
          const shown = progress('demo', n, 'synthetic cards');
          const r = await insertSyntheticCards(
            s.db,
            n,
            stockholmDate(s.clock.now()),
            s.clock.now(),
            undefined,
            (done) => shown.update(done),
          );
          shown.end();
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          console.log(
            `${r.created} synthetic cards loaded in ${seconds} s; for example ${s.service.lookupUrl(r.sampleCodes[0] ?? '')}`,
          );
        }
      });
      return 0;
    }
    case 'jobs': {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { out: { type: 'string' } },
      });
      const [verb, job = 'reminders', ...extra] = positionals;
      const usage = 'usage: lmakort jobs run [reminders|letters|retention] [--out DIR]';
      if (verb !== 'run' || extra.length > 0) throw new UsageError(usage);
      if (job === 'reminders') {
        if (values.out)
          throw new UsageError('--out is for the letter job: lmakort jobs run letters --out DIR');
        const r = await withSystem(config, 'jobs run', (s) => runReminderSweep(s.db, s.clock));
        console.log(`reminders: ${r.created} made for cards ending ${r.today} to ${r.horizon}`);
        return 0;
      }
      if (job === 'letters') {
        const out = values.out ?? config.letterDir ?? resolve('letters');
        await exportLetters(config, out, 'jobs run letters');
        return 0;
      }
      if (job === 'retention') {
        if (values.out)
          throw new UsageError('--out is for the letter job: lmakort jobs run letters --out DIR');
        await retentionRun(config, 'jobs run retention');
        return 0;
      }
      throw new UsageError(`unknown job "${job}"; jobs: reminders, letters, retention`);
    }
    case 'retention': {
      if (rest.length !== 1 || rest[0] !== 'run') throw new UsageError('usage: lmakort retention run');
      await retentionRun(config, 'retention run');
      return 0;
    }
    case 'cards': {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { out: { type: 'string' } },
      });
      const [verb, ...args] = positionals;
      if (verb === 'print-batch') {
        if (!values.out || args.length > 0)
          throw new UsageError('usage: lmakort cards print-batch --out DIR');
        const out = resolve(values.out);
        await withSystem(config, 'cards print-batch', async (s) => {
          const reply = await s.service.createPrintBatch(CLI_ACTOR);
          const batch = reply.body as { id: string; cards: { id: string; number: string }[] };
          const count = batch.cards.length;
          mkdirSync(out, { recursive: true });
          const file = join(out, `batch-${batch.id}.pdf`);
          // Written as it is made, a page of cards at a time: memory stays flat whatever the batch.
          const pool = new RenderPool({ threads: 1 });
          const made = progress('print batch', count, 'cards rendered');
          try {
            const pages = (await s.service.printBatchPages(batch.id)) as AsyncGenerator<CardArtwork[]>;
            const counted = async function* () {
              let done = 0;
              for await (const page of pages) {
                yield page;
                done += page.length;
                made.update(done);
              }
            };
            await pipeline(
              pool.streamBatch(`LMA print batch ${batch.id}`, counted()),
              createWriteStream(file),
            );
          } finally {
            made.end();
            await pool.destroy();
          }
          console.log(`print batch ${batch.id}: ${count} cards, ${count * 2} pages → ${file}`);
          console.log(`when printed: lmakort cards mark-printed ${batch.id}`);
          for (const c of (reply.body.leftOut ?? []) as { number: string; problem: string }[]) {
            console.log(`left in the queue: card ${c.number} (${c.problem}); take the photo again`);
          }
        });
        return 0;
      }
      if (verb === 'mark-printed') {
        const [id, ...more] = args;
        if (!id || more.length > 0 || values.out)
          throw new UsageError('usage: lmakort cards mark-printed BATCH_ID');
        if (!UUID.test(id)) throw new UsageError(`BATCH_ID must be a batch id (a UUID), got "${id}"`);
        await withSystem(config, 'cards mark-printed', async (s) => {
          const reply = await s.service.markBatchPrinted(CLI_ACTOR, id);
          const batch = reply.body as { cards: { state: string }[] };
          const produced = batch.cards.filter((c) => c.state !== 'ordered' && c.state !== 'cancelled').length;
          console.log(
            `print batch ${id} printed: ${produced} of ${batch.cards.length} cards produced; card-ready letters queued`,
          );
        });
        return 0;
      }
      throw new UsageError(
        'usage: lmakort cards print-batch --out DIR | lmakort cards mark-printed BATCH_ID',
      );
    }
    case 'letters': {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { out: { type: 'string' } },
      });
      if (positionals[0] !== 'export' || positionals.length !== 1 || !values.out) {
        throw new UsageError('usage: lmakort letters export --out DIR');
      }
      await exportLetters(config, resolve(values.out), 'letters export');
      return 0;
    }
    case 'keys': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const [verb, ...args] = positionals;
      const usage = 'usage: lmakort keys list | keys rotate | keys revoke KID';
      const wellFormed =
        ((verb === 'list' || verb === 'rotate') && args.length === 0) ||
        (verb === 'revoke' && args.length === 1);
      if (!wellFormed) throw new UsageError(usage);
      await withSystem(config, `keys ${verb}`, async (s) => {
        if (verb === 'rotate') {
          const r = await s.keys.rotate();
          console.log(
            `new signing key ${r.kid}; retired (still published): ${r.retired.join(', ') || 'none'}`,
          );
          console.log('running servers sign with it within a minute');
        } else if (verb === 'revoke') {
          const kid = args[0] as string;
          if (!(await s.keys.revoke(kid)))
            throw new CliRefusal(`no unrevoked key "${kid}"; see \`lmakort keys list\``);
          console.log(`key ${kid} revoked: withdrawn from the JWKS; receipts it signed no longer verify`);
        }
        for (const k of s.keys.list()) console.log(`${k.kid}  ${k.state.padEnd(7)}  created ${k.createdAt}`);
      });
      return 0;
    }
    case 'receipt': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { jwks: { type: 'string' } },
      });
      if (positionals[0] !== 'verify' || positionals.length !== 2)
        throw new UsageError('usage: lmakort receipt verify FILE [--jwks FILE|URL]');
      const jws = readReceiptFile(positionals[1] as string);
      const lines = values.jwks
        ? await verifyReceiptText(jws, await readJwks(values.jwks), new Set(), `keys from ${values.jwks}`)
        : await withSystem(config, 'receipt verify', (s) =>
            verifyReceiptText(jws, s.keys.jwks(), revokedKids(s.keys), "this installation's keys"),
          );
      console.log(lines.join('\n'));
      return 0;
    }
    case 'backup': {
      const { values } = parseArgs({
        args: rest,
        options: { out: { type: 'string' }, server: { type: 'string' }, token: { type: 'string' } },
      });
      if (!values.out) throw new UsageError('usage: lmakort backup --out FILE [--server URL --token TOKEN]');
      const started = performance.now();
      const out = await backup(config, {
        out: values.out,
        ...(values.server ? { server: values.server } : {}),
        ...(values.token ? { token: values.token } : {}),
      });
      const ms = Math.round(performance.now() - started);
      console.log(`backup written to ${out} (${statSync(out).size} bytes, ${ms} ms)`);
      return 0;
    }
    case 'restore': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { force: { type: 'boolean' } },
      });
      if (positionals.length !== 1) throw new UsageError('usage: lmakort restore FILE [--force]');
      const r = await restore(config, positionals[0] as string, { force: values.force ?? false });
      console.log(`restored into ${config.dataDir}: ${r.applicants} applicants, ${r.cards} cards`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if (
      error instanceof UsageError ||
      String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`lmakort: ${(error as Error).message}`);
      process.exitCode = 2;
    } else if (
      error instanceof ConfigError ||
      error instanceof RulebookError ||
      error instanceof DataDirLockedError ||
      error instanceof CliRefusal ||
      error instanceof RestoreRefusedError ||
      error instanceof AppError
    ) {
      console.error(`lmakort: ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof DatabaseUnavailableError) {
      console.error(`lmakort: cannot reach the PostgreSQL server in DATABASE_URL (${error.reason})`);
      process.exitCode = 1;
    } else {
      // R12: a database error's statement and values are not printed, only what describes it.
      console.error(`lmakort: ${safeErrorText(error)}`);
      process.exitCode = 1;
    }
  }
}
