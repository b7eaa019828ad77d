// R15 on every backend: the daily purge removes the personal data of whoever is past the retention
// period, once, however often and however concurrently it runs; nothing personal remains in any
// table (outbox and idempotency store included); the cards answer `unknown`; the statistics keep
// their totals; the purge itself is recorded.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { letterFileName, runLetterJob } from '../../src/jobs/letters.ts';
import { letterFileRemover, RETENTION_JOB_ACTOR } from '../../src/jobs/retention.ts';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { dossierHash, Retention } from '../../src/services/retention.ts';
import { buildStatistics } from '../../src/services/statistics.ts';
import type { Db } from '../../src/store/db.ts';
import type { LetterKind } from '../../src/store/record-store.ts';
import { backends } from '../support/backends.ts';
import { aPerson, aWholeStory, personalValues, type Story, whereFound } from '../support/retention.ts';
import {
  anApplicant,
  anApplicantWithOrderedCard,
  makeSystem,
  OFFICER,
  type TestSystem,
} from '../support/system.ts';

const STATS = { from: '2026-01-01', to: '2028-12-31', by: 'month' as const };

for (const backend of backends) {
  describe(`retention job on ${backend.name}`, { timeout: 120_000 }, () => {
    let db: Db;
    let s: TestSystem;
    let letterDir: string;
    let due: Story;
    let dueLater: Story;
    let covered: Story;
    let allCancelled: Story;
    let specimenId: string;
    let letterFilesOfDue: string[];
    let statsBefore: Awaited<ReturnType<typeof buildStatistics>>;
    let historyActionsBefore: string[];
    let entriesBefore: number;
    const retention = () =>
      new Retention({
        db,
        readModel: s.readModel,
        clock: s.clock,
        months: 24,
        removeLetterFiles: letterFileRemover(letterDir),
      });

    before(async () => {
      db = await backend.open();
      s = await makeSystem(db, '2026-03-01T09:00:00+01:00');
      letterDir = await mkdtemp(join(tmpdir(), 'lma-retention-'));
      // The letter job runs before each card is handed over, so every card-ready letter is printed.
      const letterJob = () => runLetterJob(s.service, letterDir);
      due = await aWholeStory(s.service, '2026-03-01', {}, 'rejected', letterJob);
      dueLater = await aWholeStory(s.service, '2026-03-02', {}, 'rejected', letterJob);
      covered = await aWholeStory(s.service, '2031-01-01', {}, 'rejected', letterJob);
      allCancelled = await aWholeStory(s.service, '2031-01-01', {}, 'rejected', letterJob);
      // A last card cancelled with none after it (no command does that yet; a coming one will): the
      // retention period runs from that cancellation even though no decision ended coverage.
      await db.query(
        `UPDATE cards SET state = 'cancelled', cancelled_at = '2026-02-20T10:00:00Z',
                cancel_reason = coalesce(cancel_reason, 'lost')
          WHERE applicant_id = $1`,
        [allCancelled.applicantId],
      );
      await db.query('UPDATE decisions SET revoked_at = now(), revoked_by = $2 WHERE applicant_id = $1', [
        allCancelled.applicantId,
        'test',
      ]);
      const specimen = await s.service.registerApplicant(OFFICER, anApplicant({ specimen: true }));
      specimenId = specimen.id;
      await s.service.registerDecision(OFFICER, specimenId, {
        type: 'rejected',
        effectiveDate: '2026-03-01',
      });
      // A console notice naming the applicant (by name only) waits for the officer's next page.
      const accounts = new OfficerAccounts(db, s.clock);
      await accounts.createOfficer('test', {
        username: 'olle',
        role: 'officer',
        password: 'a-long-enough-password',
      });
      const signedIn = await accounts.signIn('olle', 'a-long-enough-password');
      assert.ok(signedIn.ok);
      await accounts.setFlash(signedIn.session, {
        kind: 'ok',
        text: `${due.person.givenName} ${due.person.familyName} har besökt kontoret.`,
      });
      await runLetterJob(s.service, letterDir);
      const printed = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM letters WHERE kind = 'card_ready' AND state = 'printed'",
      );
      assert.ok((printed.rows[0]?.n ?? 0) >= 8, 'every story has two card-ready letters');
      const letters = await db.query<{ id: string; kind: LetterKind; forwarding: boolean }>(
        'SELECT id, kind, forwarding FROM letters WHERE applicant_id = $1',
        [due.applicantId],
      );
      letterFilesOfDue = letters.rows.map((l) =>
        join(letterDir, letterFileName({ ...l, dossierNumber: due.dossierNumber })),
      );
      assert.equal(letterFilesOfDue.length, 3, 'two card-ready letters and one card-cancelled letter');
      for (const f of letterFilesOfDue) assert.ok(existsSync(f), `${f} was written`);
      statsBefore = await buildStatistics(db, STATS, 150);
      historyActionsBefore = (
        await db.query<{ action: string }>('SELECT action FROM history WHERE applicant_id = $1 ORDER BY id', [
          due.applicantId,
        ])
      ).rows.map((r) => r.action);
      entriesBefore = await countEntries(db, due.applicantId);
    });
    after(async () => {
      s.statusLists.stop();
      await db.close();
      await rm(letterDir, { recursive: true, force: true });
    });

    it('the grep finds every personal value before the purge (so it can fail)', async () => {
      const values = personalValues(due);
      const found = await whereFound(db, values);
      for (const v of values)
        assert.ok(
          found.some((f) => f.endsWith(`: ${v}`)),
          `${v} is stored somewhere`,
        );
      assert.ok(
        found.some((f) => f.startsWith('idempotency_keys: ')),
        'a stored reply names the dossier',
      );
      assert.ok(
        found.some((f) => f.startsWith('officer_sessions: ')),
        'a console notice names them',
      );
      for (const code of due.codes) assert.equal(s.readModel.lookup(code, '2026-03-01').result, 'not_valid');
    });

    it('R15: a day before its period has run out nobody is purged but the one whose period has', async () => {
      s.clock.set('2028-02-29T05:00:00+01:00');
      const r = await retention().run(RETENTION_JOB_ACTOR);
      assert.deepEqual(r, { today: '2028-02-29', cutoff: '2026-02-28', purged: 1 });
      assert.equal(s.readModel.lookup(due.codes[1] as string, '2028-02-29').result, 'not_valid');
      assert.equal(s.readModel.lookup(allCancelled.codes[1] as string, '2028-02-29').result, 'unknown');
    });

    it('R15: run three times at once, then again: each due applicant is purged exactly once', async () => {
      s.clock.set('2028-03-01T05:00:00+01:00');
      const runs = await Promise.all(
        [retention(), retention(), retention()].map((r) => r.run(RETENTION_JOB_ACTOR)),
      );
      assert.equal(
        runs.reduce((n, r) => n + r.purged, 0),
        1,
        'the one due on 2028-03-01 (the one due from the last cancellation went the day before)',
      );
      assert.equal((await retention().run(RETENTION_JOB_ACTOR)).purged, 0);
      const purged = await db.query<{
        applicant_id: string;
        purged_by: string;
        ended_on: string;
        dossier_hash: string;
      }>('SELECT applicant_id, purged_by, ended_on, dossier_hash FROM purges ORDER BY ended_on');
      assert.deepEqual(purged.rows, [
        {
          applicant_id: allCancelled.applicantId,
          purged_by: 'job:retention',
          ended_on: '2026-02-20',
          dossier_hash: dossierHash(allCancelled.dossierNumber),
        },
        {
          applicant_id: due.applicantId,
          purged_by: 'job:retention',
          ended_on: '2026-03-01',
          dossier_hash: dossierHash(due.dossierNumber),
        },
      ]);
      const recorded = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM history WHERE action = 'applicant.purged' AND applicant_id = $1",
        [due.applicantId],
      );
      assert.equal(recorded.rows[0]?.n, 1, 'one history entry for the purge (P4)');
    });

    it('R15: no table holds any personal value of the purged (outbox and idempotency store included)', async () => {
      assert.deepEqual(await whereFound(db, personalValues(due)), []);
      assert.deepEqual(await whereFound(db, personalValues(allCancelled)), []);
      const kept = await whereFound(db, personalValues(dueLater));
      assert.ok(
        kept.some((f) => f.startsWith('applicants: ')),
        'the one due tomorrow is kept whole',
      );
      assert.ok(kept.some((f) => f.startsWith('photos: ')));
      assert.ok(kept.some((f) => f.startsWith('idempotency_keys: ')));
      assert.ok((await whereFound(db, personalValues(covered))).length > 0);
      for (const f of letterFilesOfDue) assert.equal(existsSync(f), false, `${f} is removed from the outbox`);
    });

    it('R15, P4: the history keeps who did what and when, without the free text, and stays append-only', async () => {
      const rows = await db.query<{ action: string; actor: string; details: Record<string, unknown> }>(
        'SELECT action, actor, details FROM history WHERE applicant_id = $1 ORDER BY id',
        [due.applicantId],
      );
      assert.deepEqual(
        rows.rows.map((r) => r.action),
        [...historyActionsBefore, 'applicant.purged'],
      );
      for (const r of rows.rows.slice(0, -1)) assert.deepEqual(r.details, {}, r.action);
      assert.deepEqual(rows.rows.at(-1), {
        action: 'applicant.purged',
        actor: 'job:retention',
        details: { endedOn: '2026-03-01', retentionMonths: 24 },
      });
      await assert.rejects(
        db.query("UPDATE history SET details = '{}'::jsonb WHERE applicant_id = $1", [dueLater.applicantId]),
        /append-only/,
        'free text is emptied only once the applicant is purged',
      );
      await assert.rejects(
        db.query("UPDATE history SET actor = 'someone' WHERE applicant_id = $1", [due.applicantId]),
        /append-only/,
      );
      await assert.rejects(
        db.query('DELETE FROM history WHERE applicant_id = $1', [due.applicantId]),
        /append-only/,
      );
    });

    it('R15: the cards answer unknown and leave the status lists; their entries are never reused', async () => {
      const today = s.service.today();
      for (const code of [...due.codes, ...allCancelled.codes]) {
        assert.equal(s.readModel.lookup(code, today).result, 'unknown', code);
        assert.equal(s.readModel.statusEntryOf(code), undefined);
      }
      assert.equal(s.readModel.lookup(dueLater.codes[1] as string, today).result, 'not_valid');
      assert.equal(await countEntries(db, due.applicantId), entriesBefore, 'the entries stay the cards’');
      // A restarted instance loads the same: the purged cards are not there.
      const { ReadModel } = await import('../../src/store/read-model.ts');
      const fresh = new ReadModel();
      await fresh.load(db);
      for (const code of due.codes) assert.equal(fresh.lookup(code, today).result, 'unknown');
      assert.equal(fresh.lookup(covered.codes[1] as string, today).result, 'not_valid');
    });

    it('R15: the officer finds nothing to act on; the tombstone answers by dossier number', async () => {
      assert.equal(await s.service.applicantView(due.applicantId), null);
      assert.equal(await s.service.findApplicantId(due.dossierNumber), null);
      await assert.rejects(s.service.registerVisit(OFFICER, due.applicantId, {}), /applicant/);
      const tomb = await retention().tombstoneOf(due.dossierNumber);
      assert.equal(tomb?.applicantId, due.applicantId);
      assert.equal(tomb?.endedOn, '2026-03-01');
      assert.equal(await retention().tombstoneOf(dueLater.dossierNumber), null);
      assert.notEqual(await s.service.applicantView(specimenId), null, 'a specimen is nobody: never purged');
    });

    it('R15: the statistics keep their totals', async () => {
      const after = await buildStatistics(db, STATS, 150);
      assert.deepEqual(after.totals, statsBefore.totals);
      assert.ok(after.totals.cardsOrdered >= 8);
      assert.deepEqual(after.periods, statsBefore.periods);
    });

    it('R15: a print batch holding a purged card still shows, prints and is marked printed without it', async () => {
      const waiting = await anApplicantWithOrderedCard(s.service, aPerson());
      await s.service.registerDecision(OFFICER, waiting.applicantId, {
        type: 'rejected',
        effectiveDate: '2026-02-01',
      });
      const made = await s.service.createPrintBatch(OFFICER);
      const batchId = made.id;
      assert.equal((await retention().run(RETENTION_JOB_ACTOR)).purged, 1);
      const view = await s.service.printBatch(batchId);
      assert.ok(view);
      assert.deepEqual(view.cards.at(-1), { id: waiting.cardId, state: 'purged' });
      assert.deepEqual(await s.service.printBatchArtwork(batchId), []);
      const printed = await s.service.markBatchPrinted(OFFICER, batchId);
      assert.equal(printed.printed, true);
      const state = await db.query<{ state: string }>('SELECT state FROM cards WHERE id = $1', [
        waiting.cardId,
      ]);
      assert.equal(state.rows[0]?.state, 'ordered', 'never produced for nobody');
      assert.equal(s.readModel.lookup(waiting.code, s.service.today()).result, 'unknown');
    });
  });
}

async function countEntries(db: Db, applicantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM status_list_entries e JOIN cards c ON c.id = e.card_id
      WHERE c.applicant_id = $1`,
    [applicantId],
  );
  return rows[0]?.n ?? 0;
}
