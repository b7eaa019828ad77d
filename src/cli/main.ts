// `lmakort` — one executable (C8): serve, migrate, token create, demo, jobs run, cards, letters, backup.
// Problems are printed as one clear line naming what is wrong; exit 2 for usage, 1 for failures.

import { type Config, ConfigError, parseConfig } from '../config.ts';
import { RulebookError } from '../http/verify/rulebooks.ts';
import { safeErrorText } from '../log-safety.ts';
import { AppError } from '../services/app-error.ts';
import { RestoreRefusedError } from '../store/backup.ts';
import { DatabaseUnavailableError, DataDirLockedError } from '../store/db.ts';
import { CliRefusal } from './backup.ts';
import { UsageError } from './command-kit.ts';
import { backupCommand } from './commands/backup.ts';
import { cardsCommand } from './commands/cards.ts';
import { demoCommand } from './commands/demo.ts';
import { jobsCommand } from './commands/jobs.ts';
import { keysCommand } from './commands/keys.ts';
import { lettersCommand } from './commands/letters.ts';
import { migrateCommand } from './commands/migrate.ts';
import { officerCommand } from './commands/officer.ts';
import { receiptCommand } from './commands/receipt.ts';
import { restoreCommand } from './commands/restore.ts';
import { retentionCommand } from './commands/retention.ts';
import { serveCommand } from './commands/serve.ts';
import { tokenCommand } from './commands/token.ts';
import { formatFindings, runDoctor } from './doctor.ts';

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

const COMMANDS: Record<string, (config: Config, rest: string[]) => Promise<number>> = {
  serve: serveCommand,
  migrate: migrateCommand,
  token: tokenCommand,
  officer: officerCommand,
  demo: demoCommand,
  jobs: jobsCommand,
  retention: retentionCommand,
  cards: cardsCommand,
  letters: lettersCommand,
  keys: keysCommand,
  receipt: receiptCommand,
  backup: backupCommand,
  restore: restoreCommand,
};

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
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  return run(config, rest);
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
