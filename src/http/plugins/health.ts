// /healthz: the process answers. /readyz: it can answer truthfully — the database answers `SELECT 1`
// within a second, the lookup read model is loaded, and no migration is pending. 503 names what failed.

import type { FastifyInstance } from 'fastify';
import type { ChangeFollower } from '../../store/change-follower.ts';
import type { Db } from '../../store/db.ts';
import { pendingMigrations } from '../../store/migrate.ts';
import { pingDatabase } from '../../store/ops-store.ts';
import type { ReadModel } from '../../store/read-model.ts';

export const DATABASE_PING_TIMEOUT_MS = 1000;

const readySchema = {
  type: 'object',
  required: ['status', 'checks', 'failed', 'cards'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: {
      type: 'object',
      properties: {
        database: { type: 'string' },
        readModel: { type: 'string' },
        migrations: { type: 'string' },
        changes: { type: 'string' },
      },
    },
    failed: { type: 'array', items: { type: 'string' } },
    cards: { type: 'integer' },
  },
} as const;

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Db; readModel: ReadModel; follower?: ChangeFollower | null },
): void {
  const { db, readModel } = deps;
  const follower = deps.follower ?? null;
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'The process is up',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Database reachable, read model loaded, migrations current',
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      const database = await pingDatabase(db, DATABASE_PING_TIMEOUT_MS).then(
        () => null,
        (error: Error) => error,
      );
      checks.database = database ? `failed: ${database.message}` : 'ok';
      checks.readModel = !readModel.isLoaded
        ? 'failed: not loaded'
        : readModel.isCurrent
          ? 'ok'
          : 'failed: not known to be current';
      if (database) checks.migrations = 'unknown: database unreachable';
      else {
        const pending = await pendingMigrations(db).catch((error: Error) => error);
        checks.migrations =
          pending instanceof Error
            ? `failed: ${pending.message}`
            : pending.length > 0
              ? `failed: pending ${pending.join(', ')}`
              : 'ok';
      }
      // With several instances: not ready while this one cannot hear or has not yet read other
      // instances' changes (after its listening connection was cut); lookups still answer meanwhile.
      if (follower) {
        const state = follower.currentState;
        checks.changes =
          state === 'following'
            ? 'ok'
            : state === 'reconnecting'
              ? 'failed: listening connection lost, reconnecting'
              : `failed: ${state.replace('_', ' ')}`;
      }
      const failed = Object.keys(checks).filter((k) => checks[k] !== 'ok');
      return reply
        .code(failed.length ? 503 : 200)
        .send({ status: failed.length ? 'not_ready' : 'ready', checks, failed, cards: readModel.cardCount });
    },
  );
}
