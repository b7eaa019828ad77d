// First run through real HTTP on PGlite and PostgreSQL: the one-time setup link lets the first
// administrator choose a username and password; it works once, expires, is refused once an
// administrator exists, keeps only its token's hash, and is recorded in the history (P4).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { FirstAdmin } from '../../src/services/first-admin.ts';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { backends } from '../support/backends.ts';
import { ConsoleClient, pageText } from '../support/console.ts';
import { appOn } from '../support/http.ts';

const PASSWORD = 'a-long-enough-password';

for (const backend of backends) {
  describe(`console first-run setup link over HTTP on ${backend.name}`, () => {
    const fx = appOn(backend);
    const firstAdmin = () => new FirstAdmin(fx.s.db, fx.s.clock);
    const history = async () =>
      (
        await fx.s.db.query<{ actor: string; action: string; details: Record<string, unknown> }>(
          "SELECT actor, action, details FROM history WHERE action LIKE 'setup.%' OR action = 'officer.created' ORDER BY id",
        )
      ).rows.map((r) => `${r.actor} ${r.action}${r.details.username ? ` ${r.details.username}` : ''}`);

    it('an expired link is refused with a page saying so, and makes nobody', async () => {
      const link = await firstAdmin().issueLink();
      assert.ok(link, 'no administrator yet: a link');
      const c = new ConsoleClient(fx.web);
      assert.equal((await c.get(`/officer/setup/${link.token}`)).status, 200);
      fx.s.clock.advance(30 * 60_000);
      const late = await c.get(`/officer/setup/${link.token}`);
      assert.equal(late.status, 410);
      assert.match(
        pageText(late.body),
        /Länken fungerar inte Den här länken har gått ut\. Starta om servern/,
      );
      const tried = await c.post(`/officer/setup/${link.token}`, { username: 'astrid', password: PASSWORD });
      assert.equal(tried.status, 410);
      assert.equal((await new OfficerAccounts(fx.s.db, fx.s.clock).listOfficers()).length, 0);
    });

    it('a link works once: the first administrator chooses a name and password, then signs in', async () => {
      const link = await firstAdmin().issueLink();
      assert.ok(link);
      assert.match(link.token, /^[A-Za-z0-9_-]{43}$/, '256 random bits');
      const stored = await fx.s.db.query<{ token_hash: string }>('SELECT token_hash FROM setup_links');
      assert.ok(
        stored.rows.some((r) => r.token_hash === createHash('sha256').update(link.token).digest('hex')),
      );
      assert.ok(!stored.rows.some((r) => r.token_hash === link.token), 'only the hash is kept');

      const c = new ConsoleClient(fx.web);
      const form = await c.get(`/officer/setup/${link.token}`);
      assert.equal(form.status, 200);
      assert.match(
        pageText(form.body),
        /Välj den första administratören .* fungerar en gång och i högst 30 minuter/,
      );
      const short = await c.post(`/officer/setup/${link.token}`, { username: 'Astrid', password: 'short' });
      assert.equal(short.status, 400, 'a short password names the field and uses nothing up');
      assert.match(pageText(short.body), /Lösenord: /);
      assert.match(
        short.body,
        /name="username" type="text" value="astrid"|name="username" type="text" value="Astrid"/,
      );
      const forged = await c.post(
        `/officer/setup/${link.token}`,
        { username: 'astrid', password: PASSWORD },
        { csrf: 'forged' },
      );
      assert.equal(forged.status, 403, 'the form carries its CSRF token');

      const made = await c.post(`/officer/setup/${link.token}`, { username: 'Astrid', password: PASSWORD });
      assert.equal(made.status, 201);
      assert.match(pageText(made.body), /Administratören astrid är skapad\. Länken fungerar inte längre\./);
      const again = await new ConsoleClient(fx.web).get(`/officer/setup/${link.token}`);
      assert.equal(again.status, 410);
      assert.match(pageText(again.body), /Den här länken har redan använts\./);

      const signIn = await new ConsoleClient(fx.web).signIn('astrid', PASSWORD);
      assert.equal(signIn.status, 303, 'the new administrator signs in');
      assert.deepEqual(await history(), [
        'setup-link setup.link_issued',
        'setup-link setup.link_issued',
        'setup-link officer.created astrid',
        'setup-link setup.link_used astrid',
      ]);
    });

    it('once an administrator exists no link is issued, and an unused one is refused', async () => {
      assert.equal(await firstAdmin().issueLink(), null);
      assert.equal(await firstAdmin().hasAdmin(), true);
      // A link issued before the administrator was made some other way (e.g. the CLI).
      await fx.s.db.query("UPDATE officers SET disabled_at = now() WHERE role = 'admin'");
      const early = await firstAdmin().issueLink();
      assert.ok(early, 'with every administrator disabled a link is issued again');
      await fx.s.db.query("UPDATE officers SET disabled_at = NULL WHERE role = 'admin'");
      const c = new ConsoleClient(fx.web);
      const refused = await c.get(`/officer/setup/${early.token}`);
      assert.equal(refused.status, 410);
      assert.match(pageText(refused.body), /Det finns redan en administratör, så länken behövs inte\./);
      assert.equal((await c.get('/officer/setup/not-a-link')).status, 410);
    });
  });
}
