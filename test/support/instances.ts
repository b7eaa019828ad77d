// Several instances on one PostgreSQL database, as in production: each its own pool, system (read
// model, service, status lists), follower of the others' changes and app.

import { ChangeFollower, type FollowerOptions } from '../../src/store/change-follower.ts';
import { type Db, openPostgres } from '../../src/store/db.ts';
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
