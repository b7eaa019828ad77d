// R16 on several instances on one PostgreSQL database: a card reported lost through instance A answers
// "not valid" on instance B's lookup within a second (the outbox and LISTEN/NOTIFY, as every change);
// an instance started afterwards loads it stopped; lifting the report on B makes it valid on A again.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HolderService } from '../../src/services/holder.ts';
import { ON_POSTGRES } from '../support/backends.ts';
import { until as untilEvent } from '../support/events.ts';
import { aHolder, holderPost } from '../support/holder.ts';
import { status } from '../support/http.ts';
import { startInstance, twoInstances } from '../support/instances.ts';
import { OFFICER } from '../support/system.ts';

/** The propagation target: every lookup on every instance answers "not valid" within a second. */
const TARGET_MS = 1_000;

describe('a holder report on two instances', ON_POSTGRES, () => {
  const instances = twoInstances();

  it('reported on A, "not valid" on B within a second; a new instance loads it stopped; lifted on B, valid on A', async (t) => {
    const { a, b } = instances;
    const h = await aHolder(a.s.service, a.db);
    await untilEvent(
      b.follower,
      'applied',
      () => b.s.readModel.lookup(h.code, b.s.service.today()).result === 'valid',
    );
    assert.equal((await status(b.web, h.code)).body.result, 'valid');

    const started = performance.now();
    const res = await holderPost(a.web, '/api/v1/holder/report', {
      code: h.code,
      personalCode: h.personalCode,
      reason: 'stolen',
    });
    assert.equal(res.status, 200);
    assert.equal(
      (await status(a.web, h.code)).body.result,
      'not_valid',
      'at once on the instance that took it',
    );
    await untilEvent(
      b.follower,
      'applied',
      () => b.s.readModel.lookup(h.code, b.s.service.today()).result === 'not_valid',
    );
    const elapsed = performance.now() - started;
    assert.equal((await status(b.web, h.code)).body.result, 'not_valid');
    assert.ok(elapsed < TARGET_MS, `reached B in ${elapsed.toFixed(0)} ms`);
    t.diagnostic(`report on A to "not valid" on B: ${elapsed.toFixed(0)} ms`);

    const c = await startInstance(instances.url);
    try {
      assert.equal(
        (await status(c.web, h.code)).body.result,
        'not_valid',
        'loaded stopped from the database',
      );
    } finally {
      await c.stop();
    }

    await new HolderService(b.db, b.s.service, b.s.clock).liftReport(OFFICER, h.cardId);
    await untilEvent(
      a.follower,
      'applied',
      () => a.s.readModel.lookup(h.code, a.s.service.today()).result === 'valid',
    );
    assert.equal((await status(a.web, h.code)).body.result, 'valid');
  });
});
