// `lmakort keys`: see the usage text in ../main.ts.

import type { Config } from '../../config.ts';
import { CliRefusal } from '../backup.ts';
import { UsageError, withSystem } from '../command-kit.ts';

export async function keysCommand(config: Config, rest: string[]): Promise<number> {
  // No options here, so every word is a positional: a key id is a JWK thumbprint in base64url and
  // may begin with "-", which an option parser would take for an option. A "--" is allowed too.
  const [verb, ...args] = rest.filter((word) => word !== '--');
  const usage = 'usage: lmakort keys list | keys rotate | keys revoke KID';
  const wellFormed =
    ((verb === 'list' || verb === 'rotate') && args.length === 0) || (verb === 'revoke' && args.length === 1);
  if (!wellFormed) throw new UsageError(usage);
  await withSystem(config, `keys ${verb}`, async (s) => {
    if (verb === 'rotate') {
      const r = await s.keys.rotate();
      console.log(`new signing key ${r.kid}; retired (still published): ${r.retired.join(', ') || 'none'}`);
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
