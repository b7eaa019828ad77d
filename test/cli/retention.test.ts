// R15 from the command line: `lmakort retention run` purges whoever is past the period, once, and
// says how many (never whom); production refuses to run without LMA_RETENTION_MONTHS.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, tempDataDir } from '../support/cli.ts';

const PUBLIC_BASE_URL = 'https://lma.example.se';

describe('lmakort retention run', () => {
  it('R15: purges the demo applicants whose coverage ended, once; a second run purges nobody', async () => {
    const dataDir = tempDataDir();
    const demo = { LMA_DATA_DIR: dataDir, PUBLIC_BASE_URL, LMA_CLOCK: '2026-06-02T10:00:00+02:00' };
    assert.equal((await runCli(['demo'], demo)).code, 0);
    // Four years on, a one-month period: everyone whose coverage a decision ended is due.
    const later = { ...demo, LMA_CLOCK: '2030-06-02T10:00:00+02:00', LMA_RETENTION_MONTHS: '1' };
    const first = await runCli(['retention', 'run'], later);
    assert.equal(first.code, 0, first.stderr);
    const m =
      /^retention: (\d+) applicants purged \(retention 1 months: ended on or before 2030-05-02\)$/m.exec(
        first.stdout,
      );
    assert.ok(m, first.stdout);
    assert.ok(Number(m[1]) >= 2, 'the rejection and the permit in the demo at least');
    const again = await runCli(['jobs', 'run', 'retention'], later);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^retention: 0 applicants purged/m);
    // Nobody's name is printed.
    assert.doesNotMatch(first.stdout + first.stderr, /Amina|Yonas|Farid|Samir|Olena/);
  });

  it('refuses a usage it does not know (exit 2), and production without LMA_RETENTION_MONTHS (exit 1)', async () => {
    const usage = await runCli(['retention', 'now']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: lmakort retention run/);
    const production = await runCli(['retention', 'run'], {
      NODE_ENV: 'production',
      PUBLIC_BASE_URL,
      LMA_DATA_DIR: tempDataDir(),
      LMA_RETENTION_MONTHS: '',
    });
    assert.equal(production.code, 1);
    assert.match(production.stderr, /LMA_RETENTION_MONTHS is required in production/);
  });
});
