// R15 on the embedded database: after a purge, none of the purged values is left in any file of the
// data directory — not in the tables' files, their free space, the write-ahead log or anything else.

import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RETENTION_JOB_ACTOR } from '../../src/jobs/retention.ts';
import { Retention } from '../../src/services/retention.ts';
import { type Db, openEmbedded } from '../../src/store/db.ts';
import { aWholeStory, personalValues, type Story } from '../support/retention.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

/** Where in the data directory each value's bytes are (UTF-8; the photo as raw bytes). */
async function whereInFiles(dir: string, values: readonly (string | Buffer)[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    for (const v of values) {
      const needle = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
      if (bytes.includes(needle))
        found.push(`${file.slice(dir.length + 1)}: ${typeof v === 'string' ? v : 'photo'}`);
    }
  }
  return found;
}

describe('retention on the embedded database: the data directory', { timeout: 120_000 }, () => {
  let dir: string;
  let db: Db;
  let s: TestSystem;
  let story: Story;
  let values: (string | Buffer)[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lma-retention-dir-'));
    db = await openEmbedded(dir, 'test');
    s = await makeSystem(db, '2026-03-01T09:00:00+01:00');
    story = await aWholeStory(s.service, '2026-03-01');
    values = [...personalValues(story).slice(0, -1), story.photo.subarray(40, 72)];
  });
  after(async () => {
    s.statusLists.stop();
    await db.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  it('R15: the values are on disk before, and nowhere in the data directory after the purge', async () => {
    await db.query('CHECKPOINT');
    assert.ok((await whereInFiles(dir, values)).length > 0, 'the grep finds them before');
    s.clock.set('2028-03-01T05:00:00+01:00');
    const r = await new Retention({ db, readModel: s.readModel, clock: s.clock, months: 24 }).run(
      RETENTION_JOB_ACTOR,
    );
    assert.equal(r.purged, 1);
    await db.close();
    assert.deepEqual(await whereInFiles(dir, values), []);
  });
});
