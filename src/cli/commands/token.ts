import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { parseExpiry } from '../../domain/calendar.ts';
import { hasControlCharacter } from '../../domain/control-characters.ts';
import { TokenService } from '../../services/tokens.ts';
import { clockFor } from '../../system.ts';
import { CliRefusal } from '../backup.ts';
import { UsageError, UUID, withSystem } from '../command-kit.ts';

export async function tokenCommand(config: Config, rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
  });
  if (positionals[0] === 'revoke' && positionals.length === 2) {
    const id = positionals[1] as string;
    if (!UUID.test(id))
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
  console.log(`token "${created.name}" (${created.role}), id ${created.id}${until}; it is shown only now:`);
  console.log(created.token);
  return 0;
}
