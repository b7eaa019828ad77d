// A PostgreSQL server that accepts connections but never answers hangs nothing: opening fails with
// "unavailable" within the connect timeout (so `lmakort serve` ends with a message instead of
// waiting for ever), and an officer write on a server that stops answering is a 503 problem+json.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DatabaseUnavailableError, openPostgres } from '../../src/store/db.ts';
import { createPostgresDatabase, postgresUrl } from '../support/backends.ts';
import { runCli } from '../support/cli.ts';
import { officerClient, type RunningApp, startApp } from '../support/http.ts';
import { makeSystem, type TestSystem } from '../support/system.ts';
import { silentServer, type TcpProxy, tcpProxy } from '../support/tcp.ts';

describe('PostgreSQL that never answers', () => {
  it('opening it fails as unavailable, within the connect timeout', { timeout: 60_000 }, async () => {
    const silent = await silentServer();
    try {
      await assert.rejects(
        openPostgres(`postgres://lmakort@127.0.0.1:${silent.port}/lmakort`, { connectTimeoutMs: 300 }),
        DatabaseUnavailableError,
      );
    } finally {
      await silent.close();
    }
  });

  it('lmakort serve ends with a message instead of hanging', { timeout: 120_000 }, async () => {
    const silent = await silentServer();
    try {
      const r = await runCli(['serve'], {
        PORT: '0',
        DATABASE_URL: `postgres://lmakort@127.0.0.1:${silent.port}/lmakort`,
        LMA_DB_CONNECT_TIMEOUT_MS: '500',
      });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /cannot reach the PostgreSQL server in DATABASE_URL/);
    } finally {
      await silent.close();
    }
  });
});

describe('officer writes when PostgreSQL stops answering', { skip: !postgresUrl }, () => {
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  let s: TestSystem;
  let web: RunningApp;

  before(async () => {
    const fresh = await createPostgresDatabase();
    drop = fresh.drop;
    const url = new URL(fresh.url);
    proxy = await tcpProxy(url.hostname, Number(url.port || 5432));
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const db = await openPostgres(url.toString(), {
      max: 3,
      connectTimeoutMs: 500,
      statementTimeoutMs: 500,
    });
    s = await makeSystem(db);
    web = await startApp(s);
  });
  after(async () => {
    proxy.thaw();
    await web.close();
    await s.db.close().catch(() => {});
    await proxy.close();
    await drop();
  });

  it('a write answers 503 problem+json, and works again once the server answers', {
    timeout: 60_000,
  }, async () => {
    const api = officerClient(web);
    const applicant = {
      givenName: 'Meron',
      familyName: 'Tesfay',
      birthDate: '1996-08-14',
      nationality: 'ERI',
      language: 'ti',
    };
    assert.equal((await api.post('/applicants', applicant)).status, 201);
    proxy.freeze();
    const r = await api.post('/applicants', applicant, { 'idempotency-key': 'while-frozen' });
    assert.equal(r.status, 503);
    assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(r.body.code, 'unavailable');
    proxy.thaw();
    const again = await api.post('/applicants', applicant, { 'idempotency-key': 'after-thaw' });
    assert.equal(again.status, 201);
  });
});
