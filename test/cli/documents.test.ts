// C8 for documents with the real executable: a print batch written as one PDF for the card printer,
// marking it printed (R3), the letter export with protected addresses in their own folder (R13), the
// letter job, and usage errors that name the problem.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, type ServerProcess, startServer, tempDataDir } from '../support/cli.ts';
import { needsPoppler, pageCount } from '../support/documents.ts';

const ENV = { LMA_CLOCK: '2026-06-02T10:00:00+02:00', PUBLIC_BASE_URL: 'https://lma.example.se' };

describe('lmakort cards and letters', { skip: needsPoppler() }, () => {
  it('print-batch → mark-printed → letters export, each once; a second run finds nothing to do', async () => {
    const dataDir = tempDataDir();
    const env = { ...ENV, LMA_DATA_DIR: dataDir };
    assert.equal((await runCli(['demo'], env)).code, 0);
    const out = join(dataDir, '..', 'out');

    const batch = await runCli(['cards', 'print-batch', '--out', out], env);
    assert.equal(batch.code, 0, batch.stderr);
    const m = /print batch ([0-9a-f-]{36}): (\d+) cards, (\d+) pages → (\S+)/.exec(batch.stdout);
    assert.ok(m, batch.stdout);
    const [, id, cards, pages, file] = m as unknown as [string, string, string, string, string];
    assert.ok(Number(cards) >= 1);
    assert.equal(pageCount(readFileSync(file)), Number(pages));
    assert.equal(Number(pages), 2 * Number(cards));

    const again = await runCli(['cards', 'print-batch', '--out', out], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no ordered card is waiting for a print batch/);

    const printed = await runCli(['cards', 'mark-printed', id], env);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, new RegExp(`${cards} of ${cards} cards produced`));

    const letters = join(out, 'letters');
    const exported = await runCli(['letters', 'export', '--out', letters], env);
    assert.equal(exported.code, 0, exported.stderr);
    const n = Number(/letters: (\d+) rendered/.exec(exported.stdout)?.[1]);
    assert.ok(n >= Number(cards), exported.stdout);
    assert.equal(
      readdirSync(join(letters, 'post')).length + readdirSync(join(letters, 'forwarding')).length,
      n,
    );

    const job = await runCli(['jobs', 'run', 'letters', '--out', letters], env);
    assert.equal(job.code, 0);
    assert.match(job.stdout, /letters: 0 rendered/);
  });

  it('usage errors name the problem (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['cards', 'print-batch'], /usage: lmakort cards print-batch --out DIR/],
      [['cards', 'mark-printed'], /usage: lmakort cards mark-printed BATCH_ID/],
      [['cards', 'mark-printed', 'batch-7'], /BATCH_ID must be a batch id/],
      [['letters', 'export'], /usage: lmakort letters export --out DIR/],
      [['jobs', 'run', 'postcards'], /unknown job "postcards"; jobs: reminders, letters/],
      [['jobs', 'run', 'reminders', '--out', 'x'], /--out is for the letter job/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { ...ENV, LMA_DATA_DIR: tempDataDir() });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});

/** Resolves when the server's output matches `pattern` (read as it arrives; no sleeping). */
function waitForOutput(server: ServerProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(server.output());
      if (m) {
        server.child.stdout?.off('data', check);
        resolve(m[0]);
      }
    };
    server.child.stdout?.on('data', check);
    void server.exited.then(() => reject(new Error(`server exited before ${pattern}:\n${server.output()}`)));
    check();
  });
}

describe('lmakort serve runs the daily jobs', { skip: needsPoppler() }, () => {
  it('R7, R3: at start-up it catches up the reminder sweep and, with LMA_LETTER_DIR, renders the queued letters once', async () => {
    const dataDir = tempDataDir();
    const letters = join(dataDir, '..', 'outbox');
    const server = await startServer(['--demo'], { ...ENV, LMA_DATA_DIR: dataDir, LMA_LETTER_DIR: letters });
    try {
      await waitForOutput(server, /reminder sweep done/);
      const line = await waitForOutput(server, /\{[^\n]*"job":"letters"[^\n]*\}/);
      const printed = Number(/"printed":(\d+)/.exec(line)?.[1]);
      assert.ok(printed >= 1, line);
      const files =
        readdirSync(join(letters, 'post')).length + readdirSync(join(letters, 'forwarding')).length;
      assert.equal(files, printed);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
