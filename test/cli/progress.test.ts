// Progress of long CLI work goes to standard error: redrawn on a terminal, a line per tenth with
// LMA_PROGRESS=1 (a journal), and nothing at all otherwise — pipes and tests stay quiet.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progress, step } from '../../src/cli/progress.ts';
import { runCli, tempDataDir } from '../support/cli.ts';

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (t: string) => written.push(t) }, written };
}

describe('CLI progress', () => {
  it('not a terminal and not asked for: nothing is written', () => {
    const { stream, written } = sink(false);
    const p = progress('demo', 1_000_000, 'cards', { stream, env: {} });
    for (let done = 5_000; done <= 1_000_000; done += 5_000) p.update(done);
    p.end();
    step('backup', 'reading…', { stream, env: {} });
    assert.deepEqual(written, []);
  });

  it('LMA_PROGRESS=1 off a terminal: a line at each tenth and one at the end', () => {
    const { stream, written } = sink(false);
    let t = 0;
    const p = progress('demo', 1_000_000, 'cards', {
      stream,
      env: { LMA_PROGRESS: '1' },
      now: () => (t += 10),
    });
    for (let done = 5_000; done <= 1_000_000; done += 5_000) p.update(done);
    p.end();
    assert.equal(written.length, 11);
    assert.match(written[0] as string, /^demo: 5 000 of 1 000 000 cards \(0 %, [\d.]+ s\)\n$/);
    assert.match(written[5] as string, /^demo: 500 000 of 1 000 000 cards \(50 %/);
    assert.match(written[10] as string, /^demo: 1 000 000 of 1 000 000 cards \(100 %/);
  });

  it('on a terminal: one line redrawn (at most ten times a second), finished with a newline', () => {
    const { stream, written } = sink(true);
    let t = 0;
    // A clock that moves 1 ms each time it is read: 3 000 updates span a few seconds.
    const p = progress('print batch', 3_000, 'cards read', { stream, env: {}, now: () => (t += 1) });
    for (let done = 1; done <= 3_000; done++) p.update(done);
    p.end();
    assert.ok(written.length > 10 && written.length < 100, `${written.length} redraws`);
    assert.ok(written.every((w) => w.startsWith('\r')));
    // Carriage return, the finished line, erase to the end of the line, newline.
    assert.equal(
      written.at(-1)?.replace(/[\d.]+ s\)/, 'T s)'),
      '\rprint batch: 3 000 of 3 000 cards read (100 %, T s)\u001b[K\n',
    );
    assert.equal(written.filter((w) => w.endsWith('\n')).length, 1);
  });

  it('LMA_PROGRESS=0 silences it even on a terminal', () => {
    const { stream, written } = sink(true);
    const p = progress('demo', 10, 'cards', { stream, env: { LMA_PROGRESS: '0' } });
    p.update(5);
    p.end();
    assert.deepEqual(written, []);
  });

  it('lmakort demo --cards: progress on standard error, standard output as before', async () => {
    const r = await runCli(['demo', '--cards', '12000'], {
      LMA_DATA_DIR: tempDataDir(),
      LMA_PROGRESS: '1',
      DATABASE_URL: undefined,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^demo: 5 000 of 12 000 synthetic cards \(41 %/m);
    assert.match(r.stderr, /^demo: 12 000 of 12 000 synthetic cards \(100 %/m);
    assert.doesNotMatch(r.stdout, /of 12 000 synthetic cards/);
    assert.match(r.stdout, /12000 synthetic cards loaded in/);
  });
});
