// `lmakort serve` on first run: while no administrator exists it prints a one-time setup link (and
// how to make one with `lmakort officer create`); once one exists, neither.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, type ServerProcess, startServer, tempDataDir } from '../support/cli.ts';

/** The start-up lines up to the status lists' (the last of them), waited for as they are printed. */
const startUpLines = (server: ServerProcess): Promise<string> =>
  new Promise((resolve) => {
    const check = () => {
      if (/Status lists/.test(server.output())) {
        server.child.stdout?.off('data', check);
        resolve(server.output());
      }
    };
    server.child.stdout?.on('data', check);
    check();
  });

const stop = async (server: ServerProcess) => {
  server.child.kill('SIGTERM');
  await server.exited;
};

describe('lmakort serve on first run', () => {
  it('prints the setup link and the officer-create hint only while no administrator exists', async () => {
    const env = { LMA_DATA_DIR: tempDataDir(), PUBLIC_BASE_URL: 'http://127.0.0.1:1' };
    const first = await startServer([], env);
    let output: string;
    try {
      output = await startUpLines(first);
      const link =
        /No administrator yet\. .*: http:\/\/127\.0\.0\.1:1(\/officer\/setup\/[A-Za-z0-9_-]{43})$/m.exec(
          output,
        )?.[1];
      assert.ok(link, `a setup link in:\n${output}`);
      assert.match(output, /lmakort officer create --username NAME --role admin/);
      const page = await fetch(`${first.url}${link}`);
      assert.equal(page.status, 200, 'the printed link opens the setup form');
    } finally {
      await stop(first);
    }

    const made = await runCli(
      ['officer', 'create', '--username', 'ada', '--role', 'admin'],
      env,
      'a-long-enough-password\n',
    );
    assert.equal(made.code, 0, made.stderr);
    const second = await startServer([], env);
    try {
      output = await startUpLines(second);
      assert.match(output, /Officer console: /);
      assert.doesNotMatch(output, /No administrator yet|\/officer\/setup\//);
      assert.doesNotMatch(output, /officer create/);
    } finally {
      await stop(second);
    }
  });
});
