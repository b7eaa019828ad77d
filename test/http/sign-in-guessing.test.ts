// Guessing passwords in the console: whatever the concurrency, at most the configured number of
// guesses per lock window are checked against an account's password; and the answer does not tell
// an unknown username from a locked account.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { backends } from '../support/backends.ts';
import { ConsoleClient, PASSWORD, pageText } from '../support/console.ts';
import { appOn } from '../support/http.ts';

const MAX_FAILURES = 5;

for (const backend of backends) {
  describe(`sign-in guessing on ${backend.name}`, () => {
    const f = appOn(backend);
    const accounts = () => new OfficerAccounts(f.s.db, f.s.clock);

    /** A sign-in as a browser does it, the form fetched first (for its sign-in token). */
    const attempt = async (username: string, password: string) => {
      const c = new ConsoleClient(f.web);
      await c.get('/officer/sign-in');
      return () => c.post('/officer/sign-in', { username, password });
    };

    const passwordChecks = async (username: string) =>
      (
        await f.s.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM history
            WHERE actor = $1 AND details->>'reason' = 'wrong_password'`,
          [`officer:${username}`],
        )
      ).rows[0]?.n;

    it('a burst of 60 sign-ins (59 wrong, the last right) checks at most 5 guesses and ends locked', async () => {
      await accounts().createOfficer('test', { username: 'burst', role: 'officer', password: PASSWORD });
      const prepared = await Promise.all(
        Array.from({ length: 60 }, (_, i) => attempt('burst', i === 59 ? PASSWORD : `wrong-guess-${i}`)),
      );
      const answers = await Promise.all(prepared.map((send) => send()));
      assert.ok(
        ((await passwordChecks('burst')) ?? 0) <= MAX_FAILURES,
        'at most 5 wrong guesses were checked',
      );
      assert.notEqual(answers[59]?.status, 303, 'the right password, sent last, is refused');
      assert.equal(answers.filter((a) => a.status === 303).length, 0, 'nobody signed in');
      const officer = (await accounts().listOfficers()).find((o) => o.username === 'burst');
      assert.ok(
        officer?.lockedUntil && new Date(officer.lockedUntil) > f.s.clock.now(),
        'the account is locked',
      );
      assert.notEqual((await (await attempt('burst', PASSWORD))()).status, 303, 'still locked');
    });

    it('an unknown username and a locked account get the same answer', async () => {
      await accounts().createOfficer('test', { username: 'locked', role: 'officer', password: PASSWORD });
      await accounts().createOfficer('test', { username: 'plain', role: 'officer', password: PASSWORD });
      for (let i = 0; i < MAX_FAILURES; i++) await (await attempt('locked', `wrong-${i}`))();
      const locked = await (await attempt('locked', 'another-guess'))();
      const unknown = await (await attempt('nobody-here', 'another-guess'))();
      const wrongPassword = await (await attempt('plain', 'another-guess'))();
      assert.equal(locked.status, unknown.status);
      assert.equal(locked.status, wrongPassword.status);
      const notice = (body: string) =>
        pageText(body)
          .replace(/locked|nobody-here|plain/g, 'NAME')
          .match(/Fel användarnamn[^.]*\./)?.[0];
      assert.ok(notice(unknown.body), 'a notice is shown');
      assert.equal(notice(locked.body), notice(unknown.body), 'the same words');
      assert.doesNotMatch(pageText(locked.body), /låst till|Kontot är låst/);
    });
  });
}
