// `lmakort cards`: see the usage text in ../main.ts.

import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import type { CardArtwork } from '../../documents/card-artwork.ts';
import { RenderPool } from '../../services/render-pool.ts';
import { CLI_ACTOR, UsageError, UUID, withSystem } from '../command-kit.ts';
import { progress } from '../progress.ts';

export async function cardsCommand(config: Config, rest: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  const [verb, ...args] = positionals;
  if (verb === 'print-batch') {
    if (!values.out || args.length > 0) throw new UsageError('usage: lmakort cards print-batch --out DIR');
    const out = resolve(values.out);
    await withSystem(config, 'cards print-batch', async (s) => {
      const batch = await s.service.createPrintBatch(CLI_ACTOR);
      const count = batch.cards.length;
      mkdirSync(out, { recursive: true });
      const file = join(out, `batch-${batch.id}.pdf`);
      // Written as it is made, a page of cards at a time: memory stays flat whatever the batch.
      const pool = new RenderPool({ threads: 1, priority: config.backgroundPriority });
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
        await pipeline(pool.streamBatch(`LMA print batch ${batch.id}`, counted()), createWriteStream(file));
      } finally {
        made.end();
        await pool.destroy();
      }
      console.log(`print batch ${batch.id}: ${count} cards, ${count * 2} pages → ${file}`);
      console.log(`when printed: lmakort cards mark-printed ${batch.id}`);
      for (const c of batch.leftOut) {
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
      const batch = await s.service.markBatchPrinted(CLI_ACTOR, id);
      const produced = batch.cards.filter((c) => c.state !== 'ordered' && c.state !== 'cancelled').length;
      console.log(
        `print batch ${id} printed: ${produced} of ${batch.cards.length} cards produced; card-ready letters queued`,
      );
    });
    return 0;
  }
  throw new UsageError('usage: lmakort cards print-batch --out DIR | lmakort cards mark-printed BATCH_ID');
}
