// R16, P1 against the real `lmakort serve` on its own data directory, logging at debug: after a holder
// has used the page and the API with their card's code and personal code (and reported the card),
// the personal code is nowhere in the logs or the data directory, and the card code is in no log line
// and in nothing new in the data directory (the card's own row holds it, as before the holder came).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePersonalCode } from '../../src/domain/personal-code.ts';
import { openEmbedded } from '../../src/store/db.ts';
import { officerApi, runCli, startServer, tempDataDir } from '../support/cli.ts';
import { needsPoppler, pdfText } from '../support/documents.ts';

const CLOCK = '2026-06-02T10:00:00+02:00';

/** How many times `needle` occurs in the files under `dir` (without `skip`, a folder's name). */
function occurrences(dir: string, needle: string, skip?: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || (skip && entry.parentPath.split('/').includes(skip))) continue;
    const bytes = readFileSync(join(entry.parentPath, entry.name));
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) n++;
  }
  return n;
}

describe('the holder leaves no trace', { skip: needsPoppler(), timeout: 120_000 }, () => {
  it('no personal code in logs or data; the card code in no log and in nothing new on disk', async () => {
    const dataDir = tempDataDir();
    const env = { LMA_DATA_DIR: dataDir, LMA_CLOCK: CLOCK, LMA_LOG_LEVEL: 'debug' };
    const made = await runCli(['token', 'create', '--role', 'officer'], env);
    const token = made.stdout.trim().split('\n').at(-1) as string;
    // First the officer's part: a card handed over and its letter printed. Then the server stops
    // (a clean shutdown writes everything down), and what the disk holds of the card code is counted.
    let server = await startServer([], env);
    const api = officerApi(() => server.url, token);
    const reg = (await (
      await api('POST', '/applicants', {
        givenName: 'Hanna',
        familyName: 'Holder',
        birthDate: '1990-01-01',
        nationality: 'ERI',
        language: 'ti',
      })
    ).json()) as { id: string };
    await api('POST', `/applicants/${reg.id}/fingerprints`, {});
    const photo = await fetch(`${server.url}/api/v1/applicants/${reg.id}/photo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: readFileSync(new URL('../../docs/samples/photo.png', import.meta.url)),
    });
    const card = ((await photo.json()) as { cardOrdered: { id: string; code: string } }).cardOrdered;
    const produced = (await (await api('POST', `/cards/${card.id}/produced`)).json()) as {
      letter: { id: string };
    };
    assert.equal((await api('POST', `/cards/${card.id}/handover`, {})).status, 200);
    const pdf = Buffer.from(await (await api('GET', `/letters/${produced.letter.id}.pdf`)).arrayBuffer());
    const printed = /[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}/.exec(pdfText(pdf))?.[0];
    assert.ok(printed, 'the letter prints a personal code');
    const personal = parsePersonalCode(printed) as string;
    server.child.kill('SIGTERM');
    await server.exited;
    // The write-ahead log is left out of this count: the first change to a page after a checkpoint logs
    // the whole page again (full-page writes), so any write near the card's row repeats its bytes there.
    const cardCodeOnDisk = occurrences(dataDir, card.code, 'pg_wal');

    // Then the holder's part, on a server started again.
    server = await startServer([], env);
    let stopped = false;
    try {
      const form = (path: string, fields: Record<string, string>) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        });
      const codes = { lang: 'ti', code: card.code, personalCode: printed };
      assert.equal((await form('/mitt-kort', codes)).status, 200);
      assert.equal((await form('/mitt-kort', { ...codes, personalCode: 'ZZZZZ-ZZZZZ' })).status, 401);
      assert.equal((await form('/mitt-kort/kalender.ics', codes)).status, 200);
      const status = await fetch(`${server.url}/api/v1/holder/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: card.code, personalCode: personal.toLowerCase() }),
      });
      assert.equal(status.status, 200);
      assert.equal(
        (await form('/mitt-kort/anmal', { ...codes, reason: 'lost', confirmed: 'yes' })).status,
        200,
      );
      const lookup = (await (await fetch(`${server.url}/api/v1/status/${card.code}`)).json()) as {
        result: string;
      };
      assert.equal(lookup.result, 'not_valid');

      server.child.kill('SIGTERM');
      await server.exited;
      stopped = true;

      const logs = server.output();
      assert.ok(logs.length > 0, 'the server logged');
      for (const secret of [printed, personal, personal.toLowerCase(), card.code])
        assert.ok(!logs.includes(secret), 'a code is in the logs');
      assert.equal(occurrences(dataDir, printed), 0, 'the personal code (as printed) is not on disk');
      assert.equal(occurrences(dataDir, personal), 0, 'the personal code is not on disk');
      assert.ok(
        occurrences(dataDir, card.code, 'pg_wal') <= cardCodeOnDisk,
        'nothing new on disk holds the card code the holder used',
      );
      // Row by row: the card's code is in the cards table and nowhere else.
      const db = await openEmbedded(dataDir, 'test');
      try {
        const { rows: tables } = await db.query<{ name: string }>(
          "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        const holding: string[] = [];
        for (const { name } of tables) {
          const { rows } = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${name} t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0`,
            [card.code, personal],
          );
          if ((rows[0]?.n ?? 0) > 0) holding.push(name);
        }
        assert.deepEqual(holding, ['cards']);
      } finally {
        await db.close();
      }
    } finally {
      if (!stopped) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }
  });
});
