// A fresh database on a PostgreSQL server for one bench run, dropped afterwards.

import pg from 'pg';
import { type Db, openPostgres } from '../src/store/db.ts';

/** One statement on the server's maintenance connection. */
async function onServer(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Creates database `name` on the server; its URL, and how to drop it. */
export async function createDatabase(
  serverUrl: string,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function freshPostgres(
  serverUrl: string,
  prefix: string,
): Promise<{ db: Db; drop: () => Promise<void> }> {
  const database = await createDatabase(serverUrl, `${prefix}_${Date.now()}`);
  const db = await openPostgres(database.url);
  return {
    db,
    drop: async () => {
      await db.close();
      await database.drop();
    },
  };
}
