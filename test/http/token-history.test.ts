// An API token made or revoked through any door — the API, the console, the CLI — is in the history
// under whoever did it (P4), and its secret is not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openEmbedded } from '../../src/store/db.ts';
import { backends } from '../support/backends.ts';
import { runCli, tempDataDir } from '../support/cli.ts';
import { consoleOn, signInAs } from '../support/console.ts';
import { officerClient } from '../support/http.ts';
import type { TestSystem } from '../support/system.ts';

interface HistoryRow {
  actor: string;
  action: string;
  details: { tokenId?: string; name?: string };
}

const tokenHistory = async (db: { query: TestSystem['db']['query'] }, tokenId: string) =>
  (
    await db.query<HistoryRow & { details: string | HistoryRow['details'] }>(
      "SELECT actor, action, details FROM history WHERE action LIKE 'token.%' ORDER BY id",
    )
  ).rows
    .map((r) => ({ ...r, details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details }))
    .filter((r) => r.details.tokenId === tokenId)
    .map((r) => `${r.actor} ${r.action} ${r.details.name}`);

for (const backend of backends) {
  describe(`tokens through the API and the console are in the history, on ${backend.name}`, () => {
    const f = consoleOn(backend, { astrid: 'admin' });

    it('the API: made and revoked under the admin token’s name; a second revoke is 404 and adds nothing', async () => {
      const { s, web } = f;
      const admin = officerClient(web, web.adminToken);
      const made = await admin.post('/tokens', { name: 'region-system', role: 'officer' });
      assert.equal(made.status, 201);
      const id = made.body.id as string;
      assert.equal((await admin.call('DELETE', `/tokens/${id}`)).status, 204);
      assert.equal((await admin.call('DELETE', `/tokens/${id}`)).status, 404);
      const adminName = `token:admin-${new URL(web.url).port}`;
      assert.deepEqual(await tokenHistory(s.db, id), [
        `${adminName} token.created region-system`,
        `${adminName} token.revoked region-system`,
      ]);
      const { rows } = await s.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM history WHERE details::text LIKE $1',
        [`%${made.body.token}%`],
      );
      assert.equal(rows[0]?.n, 0, 'the secret is in no history row');
    });

    it('the console: made and revoked under the signed-in admin', async () => {
      const { s, web } = f;
      const c = await signInAs(web, 'astrid');
      await c.get('/officer/admin/tokens');
      assert.equal(
        (await c.post('/officer/admin/tokens', { name: 'till-app', role: 'officer' })).status,
        201,
      );
      const listed = await officerClient(web, web.adminToken).get('/tokens');
      const id = listed.body.tokens.find((t: { name: string }) => t.name === 'till-app').id as string;
      assert.equal(
        (await c.post(`/officer/admin/tokens/${id}/revoke`, { confirm: 'yes' })).status,
        303,
        'revoked, back to the list',
      );
      assert.deepEqual(await tokenHistory(s.db, id), [
        'officer:astrid token.created till-app',
        'officer:astrid token.revoked till-app',
      ]);
    });
  });
}

describe('tokens through the CLI are in the history', () => {
  it('token create and token revoke, recorded as the CLI; an unknown id is refused', async () => {
    const env = { LMA_DATA_DIR: tempDataDir() };
    const made = await runCli(['token', 'create', '--role', 'officer', '--name', 'ops-script'], env);
    assert.equal(made.code, 0, made.stderr);
    const id = /id ([0-9a-f-]{36})/.exec(made.stdout)?.[1] as string;
    assert.ok(id, made.stdout);
    const revoked = await runCli(['token', 'revoke', id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /token "ops-script" revoked/);
    const again = await runCli(['token', 'revoke', id], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`no active token has the id ${id}`));
    const bad = await runCli(['token', 'revoke', 'not-an-id'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /the token id is a UUID/);

    const db = await openEmbedded(env.LMA_DATA_DIR, 'test');
    try {
      assert.deepEqual(await tokenHistory(db, id), [
        'cli token.created ops-script',
        'cli token.revoked ops-script',
      ]);
    } finally {
      await db.close();
    }
  });
});
