// C5 with several instances on one PostgreSQL database: an instance that cannot know its read model
// is current (its listening connection is lost, or it has not caught up since) answers "could not
// check" (503) on the status API, the lookup page and the status lists, and signs nothing; once the
// connection is back and it has caught up, it answers the truth again.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase, ON_POSTGRES } from '../support/backends.ts';
import { until } from '../support/events.ts';
import { status } from '../support/http.ts';
import { type Instance, startInstance } from '../support/instances.ts';
import { anApplicantWithActiveCard, OFFICER } from '../support/system.ts';
import { type TcpProxy, tcpProxy } from '../support/tcp.ts';

describe('an instance that has lost its database', ON_POSTGRES, () => {
  let database: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let a: Instance;
  let b: Instance;

  before(async () => {
    database = await createPostgresDatabase();
    const url = new URL(database.url);
    proxy = await tcpProxy(url.hostname, Number(url.port || 5432));
    b = await startInstance(database.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    // Instance A reaches the database only through the proxy: its pool and its listening connection.
    a = await startInstance(url.toString(), {
      connectTimeoutMs: 1_000,
      follower: { reconnectMinMs: 50, reconnectMaxMs: 200 },
    });
  });
  after(async () => {
    proxy.restore();
    await a?.stop().catch(() => {});
    await b?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 while cut off (no receipt, no list), and the truth once caught up', async () => {
    const { follower, web } = a;
    const card = await anApplicantWithActiveCard(b.s.service);
    await until(
      follower,
      'applied',
      () => a.s.readModel.lookup(card.code, a.s.service.today()).result === 'valid',
    );
    assert.equal((await status(web, card.code)).body.result, 'valid');
    assert.equal((await fetch(`${web.url}/status-lists/1`)).status, 200);

    const lost = new Promise((resolve) => follower.once('lost', resolve));
    proxy.cut();
    await lost;
    // The card is reported stolen on B while A cannot hear it.
    await b.s.service.cancelCard(OFFICER, card.cardId, { reason: 'stolen' });

    const api = await status(web, card.code, {});
    assert.equal(api.status, 503);
    assert.match(api.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.notEqual(api.body.result, 'valid');
    const withReceipt = await fetch(`${web.url}/api/v1/status/${card.code}?receipt=1`);
    assert.equal(withReceipt.status, 503);
    assert.ok(!('receipt' in ((await withReceipt.json()) as object)), 'no receipt is signed');
    assert.equal((await fetch(`${web.url}/k/${card.code}`)).status, 503);
    assert.equal((await fetch(`${web.url}/status-lists/1`)).status, 503);
    assert.equal((await fetch(`${web.url}/readyz`)).status, 503);

    const back = new Promise<void>((resolve) => follower.once('reconnected', () => resolve()));
    proxy.restore();
    await back;
    const after = await status(web, card.code);
    assert.equal(after.status, 200);
    assert.equal(after.body.result, 'not_valid');
    assert.equal((await fetch(`${web.url}/status-lists/1`)).status, 200);
  });
});
