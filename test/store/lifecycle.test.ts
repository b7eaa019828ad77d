// The card lifecycle through the service on every backend: each committed write is visible to the
// very next lookup (0 stale reads), and a read model rebuilt from the database agrees with it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CardView } from '../../src/services/lma-service.ts';
import { readChangesWithProjections } from '../../src/store/change-store.ts';
import { type ApplicantProjection, loadProjections } from '../../src/store/projection-store.ts';
import { ReadModel } from '../../src/store/read-model.ts';
import { backends } from '../support/backends.ts';
import {
  anApplicant,
  anApplicantWithActiveCard,
  anApplicantWithOrderedCard,
  OFFICER,
  PHOTO,
  systemOn,
} from '../support/system.ts';

for (const backend of backends) {
  describe(`card lifecycle on ${backend.name}`, () => {
    const f = systemOn(backend);
    const today = () => f.s.service.today();
    const lookup = (code: string) => f.s.readModel.lookup(code, today());

    it('R1: assigns a dossier number NN-NNNNNN when none is given, and keeps a given one', async () => {
      const a = await f.s.service.registerApplicant(OFFICER, anApplicant());
      assert.match(a.dossierNumber, /^\d{2}-\d{6}$/);
      const b = await f.s.service.registerApplicant(OFFICER, anApplicant({ dossierNumber: '12-345678' }));
      assert.equal(b.dossierNumber, '12-345678');
      await assert.rejects(
        f.s.service.registerApplicant(OFFICER, anApplicant({ dossierNumber: '12-345678' })),
        {
          code: 'dossier_number_taken',
        },
      );
    });

    it('R2: a card is ordered only when both photo and fingerprints are in, and only once', async () => {
      const reg = await f.s.service.registerApplicant(OFFICER, anApplicant());
      const id = reg.id;
      const afterPhoto = await f.s.service.recordPhoto(OFFICER, id, {
        contentType: 'image/png',
        bytes: PHOTO,
      });
      assert.equal(afterPhoto.cardOrdered, null);
      const afterPrints = await f.s.service.recordFingerprints(OFFICER, id);
      const card = afterPrints.cardOrdered as CardView;
      assert.equal(card.state, 'ordered');
      assert.equal(card.serial, 1);
      assert.equal(card.number, `${reg.dossierNumber}/1`);
      const again = await f.s.service.recordPhoto(OFFICER, id, { contentType: 'image/png', bytes: PHOTO });
      assert.equal(again.cardOrdered, null, 'a new photo does not order a second card');
      assert.equal(lookup(card.code).result, 'not_valid', 'an ordered card is known but not valid');
    });

    it('R3, R4: producing makes the card-ready letter; handover makes the card valid to handover + 3 months', async () => {
      const a = await anApplicantWithOrderedCard(f.s.service, { language: 'ti', protectedAddress: true });
      const produced = await f.s.service.markCardProduced(OFFICER, a.cardId);
      assert.equal(produced.card.state, 'produced');
      assert.equal(lookup(a.code).result, 'not_valid');
      await assert.rejects(f.s.service.markCardProduced(OFFICER, a.cardId), {
        code: 'card_not_ordered',
      });

      const handed = await f.s.service.handOverCard(OFFICER, a.cardId, {});
      assert.equal(handed.card.validUntil, '2026-09-02');
      assert.deepEqual(lookup(a.code), { result: 'valid', atUnd: false });

      const view = (await f.s.service.applicantView(a.applicantId)) as {
        letters: { kind: string; language: string; forwarding: boolean }[];
      };
      assert.deepEqual(
        view.letters.map((l) => [l.kind, l.language, l.forwarding]),
        [['card_ready', 'ti', true]],
        'one card-ready letter in the holder language, routed to forwarding for a protected address (R13)',
      );
    });

    it('R4: a handover cannot be dated in the future or before production, and changes nothing when refused', async () => {
      const a = await anApplicantWithOrderedCard(f.s.service);
      await f.s.service.markCardProduced(OFFICER, a.cardId);
      await assert.rejects(f.s.service.handOverCard(OFFICER, a.cardId, { date: '2026-06-03' }), {
        code: 'handover_in_future',
        field: 'date',
      });
      await assert.rejects(f.s.service.handOverCard(OFFICER, a.cardId, { date: '2026-06-01' }), {
        code: 'handover_before_production',
        field: 'date',
      });
      assert.equal(lookup(a.code).result, 'not_valid');
    });

    it('R5: a visit extends to visit + 3 months, never shortens, and cannot be in the future', async () => {
      const a = await anApplicantWithActiveCard(f.s.service, {}, '2026-05-31');
      const v1 = await f.s.service.registerVisit(OFFICER, a.applicantId, { date: '2026-06-01' });
      assert.equal(v1.validUntil, '2026-09-01');
      assert.equal(v1.previousValidUntil, '2026-08-31');
      const older = await f.s.service.registerVisit(OFFICER, a.applicantId, { date: '2026-05-01' });
      assert.equal(older.validUntil, '2026-09-01', 'a back-dated visit never shortens');
      assert.equal(older.extended, false);
      await assert.rejects(f.s.service.registerVisit(OFFICER, a.applicantId, { date: '2026-06-03' }), {
        code: 'visit_in_future',
      });
    });

    it('R5: a child’s card is extended only by the child’s own visit', async () => {
      const child = await anApplicantWithActiveCard(f.s.service, { birthDate: '2019-02-01' }, '2026-04-01');
      const parent = await anApplicantWithActiveCard(
        f.s.service,
        { guardianOf: [child.applicantId] },
        '2026-04-01',
      );
      await f.s.service.registerVisit(OFFICER, parent.applicantId, {});
      const childView = (await f.s.service.applicantView(child.applicantId)) as {
        cards: { validUntil: string }[];
        guardians: string[];
      };
      assert.equal(childView.cards[0]?.validUntil, '2026-07-01');
      assert.deepEqual(childView.guardians, [parent.applicantId]);
      await f.s.service.registerVisit(OFFICER, child.applicantId, {});
      const after = (await f.s.service.applicantView(child.applicantId)) as {
        cards: { validUntil: string }[];
      };
      assert.equal(after.cards[0]?.validUntil, '2026-09-02');
    });

    it('R6, R11: expiry is read in Swedish time, from the same read model as every lookup', async () => {
      const a = await anApplicantWithActiveCard(f.s.service, {}, '2026-03-02');
      assert.equal(lookup(a.code).result, 'valid');
      f.s.clock.set('2026-06-02T23:59:00+02:00');
      assert.equal(lookup(a.code).result, 'valid', 'valid through the end of 2 June');
      f.s.clock.set('2026-06-03T00:01:00+02:00');
      assert.equal(lookup(a.code).result, 'not_valid', 'not valid one minute into 3 June');
      f.s.clock.set('2026-06-02T12:00:00+02:00');
    });

    it('R8: a future-dated decision ends coverage on its date; revoking it resumes coverage at once', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const d = await f.s.service.registerDecision(OFFICER, a.applicantId, {
        type: 'rejected',
        effectiveDate: '2026-06-10',
      });
      assert.equal(lookup(a.code).result, 'valid', 'still valid before the effective date');
      f.s.clock.set('2026-06-10T00:00:00+02:00');
      assert.equal(lookup(a.code).result, 'not_valid', 'not valid from the effective date');
      await f.s.service.revokeDecision(OFFICER, d.id);
      assert.equal(lookup(a.code).result, 'valid', 'revoked on appeal: valid again at the next lookup');
      await assert.rejects(f.s.service.revokeDecision(OFFICER, d.id), {
        code: 'decision_already_revoked',
      });
      f.s.clock.set('2026-06-02T12:00:00+02:00');
    });

    it('R8: a decision with no date takes effect today', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const d = await f.s.service.registerDecision(OFFICER, a.applicantId, { type: 'permit_granted' });
      assert.equal(d.effectiveDate, '2026-06-02');
      assert.equal(lookup(a.code).result, 'not_valid');
    });

    it('R9, R11: AT-UND shows with not_valid after a change of grounds, and can be revoked', async () => {
      const a = await anApplicantWithActiveCard(f.s.service, { birthDate: '2000-01-01' });
      await f.s.service.setAtUnd(OFFICER, a.applicantId, { granted: true });
      assert.deepEqual(lookup(a.code), { result: 'valid', atUnd: true });
      await f.s.service.registerDecision(OFFICER, a.applicantId, { type: 'grounds_changed' });
      assert.deepEqual(lookup(a.code), { result: 'not_valid', atUnd: true });
      await f.s.service.setAtUnd(OFFICER, a.applicantId, { granted: false, effectiveDate: '2026-06-05' });
      assert.deepEqual(lookup(a.code), { result: 'not_valid', atUnd: true }, 'revocation is future-dated');
      f.s.clock.set('2026-06-05T08:00:00+02:00');
      assert.deepEqual(lookup(a.code), { result: 'not_valid', atUnd: false });
      f.s.clock.set('2026-06-02T12:00:00+02:00');
    });

    it('R9: AT-UND cannot be granted to someone under 16', async () => {
      const a = await anApplicantWithActiveCard(f.s.service, { birthDate: '2012-01-01' });
      await assert.rejects(f.s.service.setAtUnd(OFFICER, a.applicantId, { granted: true }), {
        code: 'at_und_under_16',
        field: 'effectiveDate',
      });
      assert.equal(lookup(a.code).atUnd, false);
    });

    it('R10, R11: a cancelled card re-orders the next serial and never becomes valid again or reveals AT-UND', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      await f.s.service.setAtUnd(OFFICER, a.applicantId, { granted: true });
      const c = await f.s.service.cancelCard(OFFICER, a.cardId, { reason: 'stolen' });
      const next = c.reordered;
      assert.equal(next.serial, 2);
      assert.equal(next.state, 'ordered');
      assert.notEqual(next.code, a.code);
      assert.deepEqual(lookup(a.code), { result: 'not_valid', atUnd: false });
      await assert.rejects(f.s.service.cancelCard(OFFICER, a.cardId, { reason: 'lost' }), {
        code: 'card_already_cancelled',
      });
      await f.s.service.markCardProduced(OFFICER, next.id);
      await f.s.service.handOverCard(OFFICER, next.id, {});
      await f.s.service.registerVisit(OFFICER, a.applicantId, {});
      assert.deepEqual(lookup(next.code), { result: 'valid', atUnd: true });
      assert.deepEqual(lookup(a.code), { result: 'not_valid', atUnd: false }, 'the old card stays cancelled');
    });

    it('R3: the database refuses a second usable card for one applicant', async () => {
      const a = await anApplicantWithOrderedCard(f.s.service);
      await assert.rejects(
        f.s.db.query(
          `INSERT INTO cards (id, applicant_id, serial, code, state, ordered_at)
           VALUES (gen_random_uuid(), $1, 9, '0000000000000', 'ordered', now())`,
          [a.applicantId],
        ),
        /cards_one_usable_per_applicant|duplicate key/,
      );
    });

    it('P4: the history records who did what, and refuses to be rewritten', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const view = (await f.s.service.applicantView(a.applicantId)) as {
        history: { actor: string; action: string }[];
      };
      assert.deepEqual(
        view.history.map((h) => h.action),
        [
          'applicant.registered',
          'photo.recorded',
          'fingerprints.recorded',
          'card.ordered',
          'card.produced',
          'card.handed_over',
          // Handed over before its card-ready letter was printed: the letter is not sent.
          'letter.withdrawn',
        ],
      );
      assert.ok(view.history.every((h) => h.actor === OFFICER.name));
      await assert.rejects(f.s.db.query('UPDATE history SET actor = $1', ['someone-else']), /append-only/);
      await assert.rejects(f.s.db.query('DELETE FROM history'), /append-only/);
    });

    it('C7: a retried write with the same key returns the first answer and changes nothing', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const idem = { principal: 'p1', key: `visit-${a.applicantId}`, requestHash: 'h1' };
      const first = await f.s.service.registerVisit(OFFICER, a.applicantId, {}, idem);
      const second = await f.s.service.registerVisit(OFFICER, a.applicantId, {}, idem);
      assert.deepEqual(second, first);
      const view = (await f.s.service.applicantView(a.applicantId)) as { visits: unknown[] };
      assert.equal(view.visits.length, 1);
      await assert.rejects(
        f.s.service.registerVisit(
          OFFICER,
          a.applicantId,
          { office: 'Malmö' },
          { ...idem, requestHash: 'h2' },
        ),
        { code: 'idempotency_key_reused' },
      );
    });

    it('C7: a refused write stores nothing under its key, so a corrected retry can succeed', async () => {
      const a = await anApplicantWithActiveCard(f.s.service);
      const idem = { principal: 'p1', key: `future-${a.applicantId}`, requestHash: 'h' };
      await assert.rejects(f.s.service.registerVisit(OFFICER, a.applicantId, { date: '2030-01-01' }, idem));
      const ok = await f.s.service.registerVisit(OFFICER, a.applicantId, {}, idem);
      assert.ok(ok.visitId, 'the corrected retry is registered');
    });

    if (backend.name === 'postgres') {
      it('C7: two concurrent requests with one key on PostgreSQL run the write once', async () => {
        const a = await anApplicantWithActiveCard(f.s.service);
        const idem = { principal: 'p1', key: `race-${a.applicantId}`, requestHash: 'h' };
        const replies = await Promise.all(
          Array.from({ length: 5 }, () =>
            f.s.service.registerVisit(OFFICER, a.applicantId, { office: 'Gävle' }, idem),
          ),
        );
        assert.ok(replies.every((r) => r.visitId === replies[0]?.visitId));
        const view = (await f.s.service.applicantView(a.applicantId)) as { visits: unknown[] };
        assert.equal(view.visits.length, 1);
      });
    }

    it('a read model rebuilt from the database answers exactly like the live one', async () => {
      const codes = (await f.s.db.query<{ code: string }>('SELECT code FROM cards')).rows.map((r) => r.code);
      const rebuilt = new ReadModel();
      await rebuilt.load(f.s.db);
      for (const day of ['2026-06-02', '2026-06-10', '2026-09-03']) {
        for (const code of codes) {
          assert.deepEqual(rebuilt.lookup(code, day), f.s.readModel.lookup(code, day), `${code} on ${day}`);
        }
      }
      assert.equal(rebuilt.cardCount, codes.length);
    });

    it("the follower's one-statement catch-up reads the same projections as the writing transaction", async () => {
      const { changes, projections } = await readChangesWithProjections(f.s.db, 0, []);
      assert.ok(changes.length > 0);
      const ids = [...new Set(changes.map((c) => c.applicantId))];
      assert.equal(projections.length, ids.length);
      const expected = await loadProjections(f.s.db, ids);
      const byId = (list: ApplicantProjection[]) =>
        Object.fromEntries(
          list.map((p) => [
            p.applicantId,
            { ...p, cards: [...p.cards].sort((x, y) => x.code.localeCompare(y.code)) },
          ]),
        );
      assert.deepEqual(byId(projections), byId(expected));
    });
  });
}
