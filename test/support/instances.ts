// Several instances on one PostgreSQL database, as in production: each its own pool, system (read
// model, service, status lists), follower of the others' changes and app.

import { after, before } from 'node:test';
import { ChangeFollower, type FollowerOptions } from '../../src/store/change-follower.ts';
import { type Db, openPostgres } from '../../src/store/db.ts';
import { createPostgresDatabase } from './backends.ts';
import { type RunningApp, startApp } from './http.ts';
import { makeSystem, type TestSystem } from './system.ts';

export interface Instance {
  db: Db;
  s: TestSystem;
  follower: ChangeFollower;
  web: RunningApp;
  stop(): Promise<void>;
}

export interface InstanceOptions {
  /** The instance's clock at start (`makeSystem`'s default otherwise). */
  start?: string;
  follower?: FollowerOptions;
  connectTimeoutMs?: number;
}

/** An instance on the database at `url`, its follower started and its app listening. */
export async function startInstance(url: string, options: InstanceOptions = {}): Promise<Instance> {
  const db = await openPostgres(url, {
    max: 4,
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
  });
  const s = await makeSystem(db, options.start);
  // A safety poll far beyond any test, so what a test sees is LISTEN/NOTIFY and the catch-ups.
  const follower = new ChangeFollower(db, s.readModel, { pollMs: 600_000, ...options.follower });
  await follower.start();
  const web = await startApp(s, { follower });
  return {
    db,
    s,
    follower,
    web,
    stop: async () => {
      await web.close();
      await follower.stop();
      s.statusLists.stop();
      await db.close();
    },
  };
}

/**
 * For a describe block: a fresh database with instances A and B on it (B with `bOptions`), started
 * before the block's tests, stopped and the database dropped after them. Read `.a`, `.b` and `.url`
 * inside the tests; a test may replace `.b` (a restart), and the new one is stopped after.
 */
export function twoInstances(
  options: InstanceOptions = {},
  bOptions: InstanceOptions = options,
): { a: Instance; b: Instance; readonly url: string } {
  let database: { url: string; drop(): Promise<void> } | undefined;
  const fixture = {
    get url() {
      if (!database) throw new Error('the database is made before the tests');
      return database.url;
    },
  } as { a: Instance; b: Instance; readonly url: string };
  before(async () => {
    database = await createPostgresDatabase();
    fixture.a = await startInstance(database.url, options);
    fixture.b = await startInstance(database.url, bOptions);
  });
  after(async () => {
    await fixture.a?.stop();
    await fixture.b?.stop();
    await database?.drop();
  });
  return fixture;
}
