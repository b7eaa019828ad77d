// R7 on every backend: one reminder per card and expiry, however often, however concurrently, and
// after a crash midway; an extension moves the expiry so a later reminder can come.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runReminderSweep } from '../../src/jobs/reminder-sweep.ts';
import type { Queryable } from '../../src/store/db.ts';
import { backends } from '../support/backends.ts';
import { anApplicantWithActiveCard, OFFICER, systemOn } from '../support/system.ts';

for (const backend of backends) {
  describe(`reminder sweep on ${backend.name}`, () => {
    const f = systemOn(backend, '2026-03-01T09:00:00+01:00');

    const reminders = async (applicantId: string) =>
      (
        await f.s.db.query<{ expiry: string; language: string; forwarding: boolean }>(
          "SELECT expiry, language, forwarding FROM letters WHERE applicant_id = $1 AND kind = 'reminder' ORDER BY expiry",
          [applicantId],
        )
      ).rows;

    it('R7: a card ending in 14 days gets one reminder; one ending in 15 days gets none yet', async () => {
      const due = await anApplicantWithActiveCard(f.s.service, { language: 'uk' }, '2025-12-15'); // ends 2026-03-15
      const notYet = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-16'); // ends 2026-03-16
      await runReminderSweep(f.s.db, f.s.clock);
      assert.deepEqual(await reminders(due.applicantId), [
        { expiry: '2026-03-15', language: 'uk', forwarding: false },
      ]);
      assert.deepEqual(await reminders(notYet.applicantId), []);
    });

    it('R7, R14: no reminder to renew a card a decision ends first; a decision after the expiry, or revoked, leaves it', async () => {
      const ended = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-10'); // ends 2026-03-10
      await f.s.service.registerDecision(OFFICER, ended.applicantId, { type: 'rejected' });
      const endsFirst = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-10');
      await f.s.service.registerDecision(OFFICER, endsFirst.applicantId, {
        type: 'permit_granted',
        effectiveDate: '2026-03-05',
      });
      const later = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-10');
      await f.s.service.registerDecision(OFFICER, later.applicantId, {
        type: 'withdrawn',
        effectiveDate: '2026-03-11',
      });
      const appealed = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-10');
      const d = await f.s.service.registerDecision(OFFICER, appealed.applicantId, { type: 'rejected' });
      await f.s.service.revokeDecision(OFFICER, d.id);
      await runReminderSweep(f.s.db, f.s.clock);
      assert.deepEqual(await reminders(ended.applicantId), [], 'coverage already ended');
      assert.deepEqual(await reminders(endsFirst.applicantId), [], 'coverage ends before the card would');
      assert.equal(
        (await reminders(later.applicantId)).length,
        1,
        'the card lapses first: a visit renews it',
      );
      assert.equal((await reminders(appealed.applicantId)).length, 1, 'a revoked decision no longer counts');
    });

    it('R7: a card ending today gets its reminder in the same run as one ending on the horizon', async () => {
      const today = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-01'); // ends 2026-03-01
      const last = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-15'); // ends 2026-03-15
      await runReminderSweep(f.s.db, f.s.clock);
      assert.deepEqual(
        (await reminders(today.applicantId)).map((r) => r.expiry),
        ['2026-03-01'],
      );
      assert.deepEqual(
        (await reminders(last.applicantId)).map((r) => r.expiry),
        ['2026-03-15'],
      );
    });

    it('R7: the run goes one expiry day at a time, letting other work in between (lookups on the embedded database)', async () => {
      const days: string[] = [];
      let otherWorkRan = 0;
      const counting: Queryable = {
        query: async (sql, params) => {
          days.push(`${params?.[0]}..${params?.[1]} after ${otherWorkRan} turns`);
          setImmediate(() => otherWorkRan++);
          return f.s.db.query(sql, params);
        },
      };
      await runReminderSweep(counting, f.s.clock);
      assert.equal(days.length, 15, 'today and the 14 days after it');
      assert.equal(days[0], '2026-03-01..2026-03-01 after 0 turns');
      assert.equal(days[14], '2026-03-15..2026-03-15 after 14 turns');
    });

    it('R7: running the job twice makes nothing more', async () => {
      const a = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-10');
      const first = await runReminderSweep(f.s.db, f.s.clock);
      const second = await runReminderSweep(f.s.db, f.s.clock);
      assert.ok(first.created >= 1);
      assert.equal(second.created, 0);
      assert.equal((await reminders(a.applicantId)).length, 1);
    });

    it('R7: two runs at once (two connections on a server) make each reminder once', async () => {
      const cards = [];
      for (let i = 0; i < 6; i++) cards.push(await anApplicantWithActiveCard(f.s.service, {}, '2025-12-12'));
      const results = await Promise.all([
        runReminderSweep(f.s.db, f.s.clock),
        runReminderSweep(f.s.db, f.s.clock),
      ]);
      assert.equal(results[0].created + results[1].created, 6);
      for (const c of cards) assert.equal((await reminders(c.applicantId)).length, 1);
    });

    it('R7: a run that crashes midway leaves nothing half-done; the next run makes every reminder once', async () => {
      const cards = [];
      for (let i = 0; i < 4; i++) cards.push(await anApplicantWithActiveCard(f.s.service, {}, '2025-12-13'));
      await assert.rejects(
        f.s.db.transaction(async (tx) => {
          await runReminderSweep(tx, f.s.clock);
          throw new Error('crash after the letters were written, before commit');
        }),
        /crash/,
      );
      for (const c of cards) assert.equal((await reminders(c.applicantId)).length, 0, 'rolled back');
      const r = await runReminderSweep(f.s.db, f.s.clock);
      assert.equal(r.created, 4);
      for (const c of cards) assert.equal((await reminders(c.applicantId)).length, 1);
    });

    it('R7, R13: an extension moves the expiry, so a later reminder comes; a protected address is forwarded', async () => {
      const a = await anApplicantWithActiveCard(
        f.s.service,
        { protectedAddress: true, language: 'fa' },
        '2025-12-14',
      );
      await runReminderSweep(f.s.db, f.s.clock);
      await f.s.service.registerVisit(OFFICER, a.applicantId, {}); // ends 2026-06-01
      f.s.clock.set('2026-05-18T09:00:00+02:00');
      await runReminderSweep(f.s.db, f.s.clock);
      await runReminderSweep(f.s.db, f.s.clock);
      assert.deepEqual(await reminders(a.applicantId), [
        { expiry: '2026-03-14', language: 'fa', forwarding: true },
        { expiry: '2026-06-01', language: 'fa', forwarding: true },
      ]);
      f.s.clock.set('2026-03-01T09:00:00+01:00');
    });

    it('R7: an expired, cancelled or not yet handed-over card gets no reminder', async () => {
      const expired = await anApplicantWithActiveCard(f.s.service, {}, '2025-11-01'); // ended 2026-02-01
      const cancelled = await anApplicantWithActiveCard(f.s.service, {}, '2025-12-11');
      await f.s.service.cancelCard(OFFICER, cancelled.cardId, { reason: 'damaged' });
      await runReminderSweep(f.s.db, f.s.clock);
      assert.deepEqual(await reminders(expired.applicantId), []);
      assert.deepEqual(await reminders(cancelled.applicantId), []);
    });
  });
}
