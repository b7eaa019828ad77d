import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { AppError } from '../../services/app-error.ts';
import { OfficerAccounts, USERNAME } from '../../services/officer-accounts.ts';
import { passwordProblem } from '../../services/passwords.ts';
import { OFFICER_ROLES, type OfficerRole } from '../../store/officer-store.ts';
import { CliRefusal } from '../backup.ts';
import { readPasswordFromStdin, UsageError, withSystem } from '../command-kit.ts';

export async function officerCommand(config: Config, rest: string[]): Promise<number> {
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
