// The letter job on every backend: queued letters rendered to PDFs in post/ and forwarding/ (R13),
// each marked printed exactly once — run twice, two runs at once, and after a crash midway.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderLetterPdf } from '../../src/documents/letter.ts';
import { runLetterJob } from '../../src/jobs/letters.ts';
import { runReminderSweep } from '../../src/jobs/reminder-sweep.ts';
import { backends } from '../support/backends.ts';
import { needsPoppler, pdfText } from '../support/documents.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithProducedCard,
  OFFICER,
  systemOn,
} from '../support/system.ts';

for (const backend of backends) {
  describe(`letter job on ${backend.name}`, () => {
    const f = systemOn(backend, '2026-03-01T09:00:00+01:00');
    let out: string;

    before(async () => {
      out = mkdtempSync(join(tmpdir(), 'lmakort-letters-'));
    });
    after(async () => {
      rmSync(out, { recursive: true, force: true });
    });

    const queued = async () =>
      (await f.s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM letters WHERE state = 'queued'"))
        .rows[0]?.n;
    const files = (dir: string) =>
      existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pdf')) : [];

    it('renders every queued letter once, protected addresses into forwarding/ named by dossier number (R13)', async () => {
      const open = await anApplicantWithActiveCard(f.s.service, { language: 'ti' }, '2025-12-10');
      const hidden = await anApplicantWithActiveCard(
        f.s.service,
        { language: 'fa', protectedAddress: true },
        '2025-12-10',
      );
      // Card-ready letters go out before the card is handed over (handing over withdraws a queued one).
      await anApplicantWithProducedCard(f.s.service, { language: 'ti' }, '2026-02-27');
      await anApplicantWithProducedCard(
        f.s.service,
        { language: 'fa', protectedAddress: true },
        '2026-02-27',
      );
      await runReminderSweep(f.s.db, f.s.clock);
      const dir = join(out, 'a');
      const first = await runLetterJob(f.s.service, dir);
      assert.equal(first.printed, 4, 'two card-ready letters and two reminders');
      assert.equal(first.forwarding, 2);
      assert.equal(await queued(), 0);
      const forwarded = files(join(dir, 'forwarding'));
      assert.equal(forwarded.length, 2);
      assert.equal(forwarded.filter((f) => f.startsWith(`${hidden.dossierNumber}_reminder_`)).length, 1);
      assert.ok(!files(join(dir, 'post')).some((f) => f.includes(hidden.dossierNumber)));
      assert.equal(files(join(dir, 'post')).length, 2);
      assert.ok(open.dossierNumber);

      const second = await runLetterJob(f.s.service, dir);
      assert.equal(second.printed, 0, 'a second run makes nothing more');
      assert.equal(files(join(dir, 'post')).length + files(join(dir, 'forwarding')).length, 4);
    });

    it('two runs at once mark each letter printed once between them', async () => {
      for (let i = 0; i < 5; i++) await anApplicantWithProducedCard(f.s.service, {}, '2026-01-20');
      const [a, b] = await Promise.all([
        runLetterJob(f.s.service, join(out, 'b')),
        runLetterJob(f.s.service, join(out, 'b')),
      ]);
      assert.equal(a.printed + b.printed, 5);
      assert.equal(await queued(), 0);
      const history = await f.s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM history WHERE action = 'letter.printed'",
      );
      assert.equal(history.rows[0]?.n, 9, 'P4: one entry per letter printed, across both tests');
    });

    it('a run that dies midway leaves the rest queued; the next run finishes them, none twice', async () => {
      for (let i = 0; i < 3; i++) await anApplicantWithProducedCard(f.s.service, {}, '2026-01-21');
      const dir = join(out, 'c');
      // A crash after the first file: the job's own exception stops it where it is.
      let calls = 0;
      const crashing = Object.create(f.s.service) as typeof f.s.service;
      crashing.advanceLetter = async (...args) => {
        calls += 1;
        if (calls === 2) throw new Error('killed');
        return f.s.service.advanceLetter(...args);
      };
      await assert.rejects(runLetterJob(crashing, dir), /killed/);
      assert.equal(await queued(), 2);
      const rest = await runLetterJob(f.s.service, dir);
      assert.equal(rest.printed, 2);
      assert.equal(
        files(join(dir, 'post')).length,
        3,
        'the rerun rewrote the unmarked letter under the same name',
      );
    });

    it("a rendered letter reads in the holder's language and Swedish", { skip: needsPoppler() }, async () => {
      const dir = join(out, 'a', 'post');
      const texts = files(dir).map((f) => pdfText(readFileSync(join(dir, f))));
      assert.ok(
        texts.some((t) => t.includes('LMA') && t.includes('ካርድ')),
        "Tigrinya in Ge'ez script",
      );
      assert.ok(
        texts.every((t) => t.includes('Ditt LMA-kort')),
        'Swedish alongside',
      );
    });

    it('R5, R11: the letters say a visit makes the card hold three months from the visit; a reminder tells an AT-UND holder what the check shows once the card lapses', {
      skip: needsPoppler(),
    }, async () => {
      const holder = await anApplicantWithActiveCard(
        f.s.service,
        { language: 'en', birthDate: '1980-01-01' },
        '2025-12-12',
      );
      await f.s.service.setAtUnd(OFFICER, holder.applicantId, { granted: true, effectiveDate: '2025-12-12' });
      const plain = await anApplicantWithActiveCard(f.s.service, { language: 'en' }, '2025-12-12');
      const revoked = await anApplicantWithActiveCard(
        f.s.service,
        { language: 'en', birthDate: '1980-01-01' },
        '2025-12-12',
      );
      await f.s.service.setAtUnd(OFFICER, revoked.applicantId, {
        granted: true,
        effectiveDate: '2025-12-12',
      });
      await f.s.service.setAtUnd(OFFICER, revoked.applicantId, {
        granted: false,
        effectiveDate: '2026-03-10',
      });
      await runReminderSweep(f.s.db, f.s.clock);
      const letterText = async (applicantId: string, kind: string) => {
        const { rows } = await f.s.db.query<{ id: string }>(
          'SELECT id FROM letters WHERE applicant_id = $1 AND kind = $2',
          [applicantId, kind],
        );
        assert.equal(rows.length, 1, `one ${kind} letter`);
        const doc = await f.s.service.letterDocument(rows[0]?.id as string);
        return pdfText(await renderLetterPdf(doc as NonNullable<typeof doc>)).replace(/\s+/g, ' ');
      };
      const ready = await letterText(plain.applicantId, 'card_ready');
      assert.match(
        ready,
        /After every visit to the Migration Agency it is valid for three months from the day of the visit/,
      );
      assert.match(ready, /Efter varje besök hos Migrationsverket gäller det i tre månader från besöksdagen/);
      const withAtUnd = await letterText(holder.applicantId, 'reminder');
      assert.match(withAtUnd, /the card is valid for three months from the day of the visit/);
      assert.match(
        withAtUnd,
        /a check shows “not valid” and does not show AT-UND either, until you have visited us again/,
      );
      assert.match(
        withAtUnd,
        /visar kontrollen ”EJ giltigt” och inte heller AT-UND, ända tills du har besökt oss igen/,
      );
      for (const other of [plain, revoked]) {
        assert.doesNotMatch(
          await letterText(other.applicantId, 'reminder'),
          /AT-UND/,
          'no AT-UND, nothing about it',
        );
      }
    });
  });
}
