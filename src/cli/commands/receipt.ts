import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { revokedKids } from '../../services/receipt.ts';
import { UsageError, withSystem } from '../command-kit.ts';
import { readJwks, readReceiptFile, verifyReceiptText } from '../receipt.ts';

export async function receiptCommand(config: Config, rest: string[]): Promise<number> {
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
