// C5 with several instances on one PostgreSQL database: an instance that cannot know its read model
// is current (its listening connection is lost, or it has not caught up since) answers "could not
// check" (503) on the status API, the lookup page and the status lists, and signs nothing; once the
// connection is back and it has caught up, it answers the truth again.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChangeFollower } from '../../src/store/change-follower.ts';
import { type Db, openPostgres } from '../../src/store/db.ts';
import { createPostgresDatabase, ON_POSTGRES } from '../support/backends.ts';
import { until } from '../support/events.ts';
import { type RunningApp, startApp, status } from '../support/http.ts';
import { anApplicantWithActiveCard, makeSystem, OFFICER, type TestSystem } from '../support/system.ts';
import { type TcpProxy, tcpProxy } from '../support/tcp.ts';

describe('an instance that has lost its database', ON_POSTGRES, () => {
  let database: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let aDb: Db;
  let bDb: Db;
  let a: TestSystem;
  let b: TestSystem;
  let follower: ChangeFollower;
  let web: RunningApp;

  before(async () => {
    database = await createPostgresDatabase();
    const url = new URL(database.url);
    proxy = await tcpProxy(url.hostname, Number(url.port || 5432));
    bDb = await openPostgres(database.url, { max: 3 });
    b = await makeSystem(bDb);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    // Instance A reaches the database only through the proxy: its pool and its listening connection.
    aDb = await openPostgres(url.toString(), { max: 3, connectTimeoutMs: 1_000 });
    a = await makeSystem(aDb);
    follower = new ChangeFollower(aDb, a.readModel, {
      pollMs: 600_000,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
    });
    await follower.start();
    web = await startApp(a, { follower });
  });
  after(async () => {
    proxy.restore();
    await web?.close();
    await follower?.stop();
    await aDb?.close().catch(() => {});
    await bDb?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 while cut off (no receipt, no list), and the truth once caught up', async () => {
    const card = await anApplicantWithActiveCard(b.service);
    await until(
      follower,
      'applied',
      () => a.readModel.lookup(card.code, a.service.today()).result === 'valid',
    );
    assert.equal((await status(web, card.code)).body.result, 'valid');
    assert.equal((await fetch(`${web.url}/status-lists/1`)).status, 200);

    const lost = new Promise((resolve) => follower.once('lost', resolve));
    proxy.cut();
    await lost;
    // The card is reported stolen on B while A cannot hear it.
    await b.service.cancelCard(OFFICER, card.cardId, { reason: 'stolen' });

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
