// Several instances on one PostgreSQL database (architecture.md, "Scale-out"): every change committed
// by one instance reaches every other instance's read model through the outbox (LISTEN/NOTIFY and
// catch-up by seq) — after a cut connection, after a restart, and when transactions commit out of
// seq order. PostgreSQL only: the embedded database is one process, with nobody to follow.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { lockApplicant } from '../../src/store/applicant-store.ts';
import type { ChangeFollower } from '../../src/store/change-follower.ts';
import { recordChange } from '../../src/store/change-store.ts';
import { openPostgres } from '../../src/store/db.ts';
import { insertAtUndChange } from '../../src/store/record-store.ts';
import { ON_POSTGRES } from '../support/backends.ts';
import { until as untilEvent } from '../support/events.ts';
import { type Instance, startInstance, twoInstances } from '../support/instances.ts';
import { anApplicantWithActiveCard, OFFICER } from '../support/system.ts';

/** Resolves when cond() holds: checked now and after every catch-up of the follower (no sleeping). */
const until = (follower: ChangeFollower, cond: () => boolean) => untilEvent(follower, 'applied', cond);

const once = <T>(follower: ChangeFollower, event: 'lost' | 'reconnected') =>
  new Promise<T>((resolve) => follower.once(event, (...args: unknown[]) => resolve(args[0] as T)));

describe('several instances on one PostgreSQL database', ON_POSTGRES, () => {
  const instances = twoInstances({}, { follower: { reconnectMinMs: 1_500 } });
  const lookupOn = (i: Instance, code: string) => i.s.readModel.lookup(code, i.s.service.today());

  it('a card handed over on A answers valid on B, and a decision on A makes it not valid on B (R11)', async () => {
    const { a, b } = instances;
    const card = await anApplicantWithActiveCard(a.s.service);
    assert.equal(lookupOn(a, card.code).result, 'valid');
    await until(b.follower, () => lookupOn(b, card.code).result === 'valid');
    // The card's status-list entry comes with it, so B's status answer carries the same one.
    const entry = a.s.readModel.statusEntryOf(card.code);
    assert.ok(entry);
    assert.deepEqual(b.s.readModel.statusEntryOf(card.code), entry);

    await a.s.service.registerDecision(OFFICER, card.applicantId, { type: 'rejected' });
    assert.equal(lookupOn(a, card.code).result, 'not_valid');
    await until(b.follower, () => lookupOn(b, card.code).result === 'not_valid');
    assert.equal(b.follower.lagSeconds(), 0);
    // A follows its own changes too (and skips them: it applied them on commit); both end at one seq.
    await until(a.follower, () => a.follower.lastSeq === b.follower.lastSeq);
  });

  it('every connection runs without JIT (compiling took longer than the catch-up itself)', async () => {
    const { a, b } = instances;
    for (const i of [a, b]) {
      const { rows } = await i.db.query<{ jit: string }>('SHOW jit');
      assert.equal(rows[0]?.jit, 'off');
    }
  });

  it('B misses nothing while its listening connection is cut and restored', async () => {
    const { a, b } = instances;
    const card = await anApplicantWithActiveCard(a.s.service);
    await until(b.follower, () => lookupOn(b, card.code).result === 'valid');
    const pid = b.follower.listenerPid;
    assert.ok(pid);

    const readiness = async () => {
      const r = await fetch(`${b.web.url}/readyz`);
      return { status: r.status, body: (await r.json()) as { checks: { changes: string } } };
    };
    assert.equal((await readiness()).body.checks.changes, 'ok');

    const lost = once(b.follower, 'lost');
    await a.db.query('SELECT pg_terminate_backend($1)', [pid]);
    await lost;
    assert.equal(b.follower.currentState, 'reconnecting');
    const down = await readiness();
    assert.equal(down.status, 503, 'not ready while it cannot hear other instances');
    assert.match(down.body.checks.changes, /reconnecting/);

    // Written while B cannot hear: no notification will ever reach B for these.
    const reconnected = once(b.follower, 'reconnected');
    await a.s.service.setAtUnd(OFFICER, card.applicantId, { granted: true });
    await a.s.service.cancelCard(OFFICER, card.cardId, { reason: 'lost' });
    assert.equal(b.follower.currentState, 'reconnecting', 'the writes finished before B reconnected');
    assert.equal(lookupOn(b, card.code).result, 'valid', 'B has not heard yet');

    await reconnected;
    assert.equal(b.follower.currentState, 'following');
    assert.equal(b.follower.reconnects, 1);
    assert.notEqual(b.follower.listenerPid, pid);
    // Caught up on reconnect: the cancelled card is not valid and reveals no AT-UND (R11).
    assert.deepEqual(lookupOn(b, card.code), { result: 'not_valid', atUnd: false });
    assert.equal(b.follower.lagSeconds(), 0);
    assert.equal((await readiness()).status, 200);

    // And it hears again.
    const next = await anApplicantWithActiveCard(a.s.service);
    await until(b.follower, () => lookupOn(b, next.code).result === 'valid');
  });

  it('B restarted misses nothing written while it was down', async () => {
    const { a } = instances;
    const card = await anApplicantWithActiveCard(a.s.service);
    await until(instances.b.follower, () => lookupOn(instances.b, card.code).result === 'valid');
    await instances.b.stop();

    await a.s.service.setAtUnd(OFFICER, card.applicantId, { granted: true });
    const later = await anApplicantWithActiveCard(a.s.service);

    const b = await startInstance(instances.url, { follower: { reconnectMinMs: 1_500 } });
    instances.b = b;
    assert.deepEqual(lookupOn(b, card.code), { result: 'valid', atUnd: true });
    assert.equal(lookupOn(b, later.code).result, 'valid');
    // …and follows from there.
    await a.s.service.registerDecision(OFFICER, later.applicantId, { type: 'withdrawn' });
    await until(b.follower, () => lookupOn(b, later.code).result === 'not_valid');
  });

  it('a change whose transaction commits after a later seq is still applied (sequence gap)', async () => {
    const { a, b } = instances;
    const slow = await anApplicantWithActiveCard(a.s.service);
    const fast = await anApplicantWithActiveCard(a.s.service);
    await until(b.follower, () => lookupOn(b, fast.code).result === 'valid');

    // A third writer takes a seq, then holds its transaction open.
    const c = await openPostgres(instances.url, { max: 1 });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let slowSeq = 0;
    let seqTaken: () => void = () => {};
    const taken = new Promise<void>((resolve) => {
      seqTaken = resolve;
    });
    const slowCommit = c.transaction(async (tx) => {
      const version = (await lockApplicant(tx, slow.applicantId)) as number;
      const now = a.s.clock.now();
      await insertAtUndChange(tx, {
        id: randomUUID(),
        applicantId: slow.applicantId,
        granted: true,
        effectiveDate: a.s.service.today(),
        at: now,
        by: OFFICER.name,
      });
      slowSeq = await recordChange(tx, slow.applicantId, version, now);
      seqTaken();
      await gate;
    });
    await taken;

    // A later seq commits first; B reads past the held one.
    await a.s.service.setAtUnd(OFFICER, fast.applicantId, { granted: true });
    await until(b.follower, () => lookupOn(b, fast.code).atUnd);
    assert.ok(b.s.readModel.lastSeq > slowSeq, 'B is past the held seq');
    assert.equal(b.follower.hasApplied(slowSeq), false);
    assert.ok(b.follower.pendingGaps >= 1);
    assert.equal(lookupOn(b, slow.code).atUnd, false);

    release();
    await slowCommit;
    await c.close();
    await until(b.follower, () => lookupOn(b, slow.code).atUnd);
    assert.equal(b.follower.hasApplied(slowSeq), true);
    assert.equal(lookupOn(b, slow.code).result, 'valid');
  });
});
