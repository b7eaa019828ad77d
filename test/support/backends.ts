// One suite, several real databases (no mocks): embedded PGlite always, a PostgreSQL server when
// LMA_TEST_DATABASE_URL is set — each test file gets a database of its own there.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openMemory, openPostgres } from '../../src/store/db.ts';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
}

const PG_URL = process.env.LMA_TEST_DATABASE_URL;

/** A new, empty database on the LMA_TEST_DATABASE_URL server: its URL, and how to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(PG_URL as string);
  const name = `lma_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: PG_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

async function openFreshPostgres(): Promise<Db> {
  const fresh = await createPostgresDatabase();
  const db = await openPostgres(fresh.url, { max: 5 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await fresh.drop();
    },
  };
}

export const backends: Backend[] = [
  { name: 'pglite', open: openMemory },
  ...(PG_URL ? [{ name: 'postgres' as const, open: openFreshPostgres }] : []),
];

export const postgresUrl = PG_URL;

/** Options for a describe block that needs a PostgreSQL server (several instances on one database). */
export const ON_POSTGRES = {
  skip: PG_URL ? false : 'LMA_TEST_DATABASE_URL is not set: this needs a PostgreSQL server',
  timeout: 60_000,
} as const;
