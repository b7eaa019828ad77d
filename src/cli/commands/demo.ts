// `lmakort demo`: see the usage text in ../main.ts.

import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { stockholmDate } from '../../domain/calendar.ts';
import { insertSyntheticCards } from '../../store/synthetic.ts';
import { cardsOption, withSystem } from '../command-kit.ts';
import { formatDemo, loadDemo } from '../demo.ts';
import { progress } from '../progress.ts';

export async function demoCommand(config: Config, rest: string[]): Promise<number> {
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
