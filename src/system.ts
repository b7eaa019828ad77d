// Opening the parts in order: database → migrations → read model → service. Shared by the server,
// the CLI and tests, so all of them run the same system.

import { randomInt } from 'node:crypto';
import { type Clock, pinnedClock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { Reception } from './domain/reception.ts';
import { KeyRing } from './services/key-ring.ts';
import { LmaService } from './services/lma-service.ts';
import { StatusLists } from './services/status-lists.ts';
import { ChangeFollower, type FollowerOptions } from './store/change-follower.ts';
import { type Db, openEmbedded, openPostgres } from './store/db.ts';
import { migrate } from './store/migrate.ts';
import { ReadModel } from './store/read-model.ts';
import { assignMissingStatusEntries } from './store/status-list-store.ts';

export function clockFor(config: Pick<Config, 'pinnedClock'>): Clock {
  return config.pinnedClock ? pinnedClock(config.pinnedClock) : systemClock;
}

/** The embedded database in LMA_DATA_DIR, or the PostgreSQL server at DATABASE_URL. */
export function openDatabase(
  config: Pick<
    Config,
    | 'databaseUrl'
    | 'dataDir'
    | 'dbConnectTimeoutMs'
    | 'dbStatementTimeoutMs'
    | 'dbIdleInTransactionTimeoutMs'
    | 'backgroundPriority'
  >,
  command: string,
): Promise<Db> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, {
        connectTimeoutMs: config.dbConnectTimeoutMs,
        statementTimeoutMs: config.dbStatementTimeoutMs,
        idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
      })
    : openEmbedded(config.dataDir, command, { backgroundPriority: config.backgroundPriority });
}

export interface System {
  db: Db;
  readModel: ReadModel;
  service: LmaService;
  clock: Clock;
  /** C9: the keys that sign receipts and status lists. */
  keys: KeyRing;
  /** The signed status lists; started with the read model (serve.ts starts it after loading). */
  statusLists: StatusLists;
}

/** Migrates, opens the signing keys, wires the service and (unless told not to) loads the lookups, on an open database. */
export async function assembleSystem(
  db: Db,
  options: {
    clock: Clock;
    publicBaseUrl: string;
    loadReadModel?: boolean;
    statusListTtlSeconds?: number;
    /** The reception office the letters name; the default when not given. */
    reception?: Reception;
  },
): Promise<System> {
  await migrate(db);
  const readModel = new ReadModel();
  const keys = await KeyRing.open(db, options.clock);
  const statusLists = new StatusLists({
    db,
    readModel,
    keys,
    clock: options.clock,
    publicBaseUrl: options.publicBaseUrl,
    ttlSeconds: options.statusListTtlSeconds,
  });
  const service = new LmaService({
    db,
    readModel,
    clock: options.clock,
    publicBaseUrl: options.publicBaseUrl,
    ...(options.reception ? { reception: options.reception } : {}),
  });
  const system = { db, readModel, service, clock: options.clock, keys, statusLists };
  if (options.loadReadModel !== false) {
    await loadLookups(system);
    await statusLists.refresh();
  }
  return system;
}

/**
 * What lookups need, as `lmakort serve` loads it before listening: the read model (every card with
 * its status-list entry); when some card has none (made before status lists), entries for them and
 * the read model's cards again to pick them up; then the status lists' following of the read model.
 * The lists themselves are built by statusLists.refresh().
 */
export async function loadLookups(system: Pick<System, 'db' | 'readModel' | 'statusLists'>): Promise<void> {
  await system.readModel.load(system.db);
  if (system.readModel.cardsWithoutEntry > 0) {
    await assignMissingStatusEntries(system.db, randomInt);
    await system.readModel.load(system.db);
  }
  await system.statusLists.load();
}

/**
 * With PostgreSQL, a follower that keeps the read model in step with other instances' changes
 * (LISTEN/NOTIFY plus catch-up by seq); null on the embedded database, which one process owns.
 * Not started: call start() once the read model is loaded.
 */
export function changeFollowerFor(system: System, options: FollowerOptions = {}): ChangeFollower | null {
  return system.db.listen ? new ChangeFollower(system.db, system.readModel, options) : null;
}
