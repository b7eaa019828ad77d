// `lmakort serve`: see the usage text in ../main.ts.

import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { cardsOption } from '../command-kit.ts';
import { serve } from '../serve.ts';

export async function serveCommand(config: Config, rest: string[]): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    options: { demo: { type: 'boolean' }, cards: { type: 'string' } },
  });
  await serve(config, { demo: values.demo ?? false, cards: cardsOption(values.cards) });
  return 0;
}
