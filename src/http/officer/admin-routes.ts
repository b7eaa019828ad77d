// Admin-only operations on the officer scope (bearer auth, role admin): statistics as JSON and as an
// SVG chart, and a consistent backup of the embedded database while the server holds it.

import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../clock.ts';
import { daysBetween, isCalendarDate } from '../../domain/calendar.ts';
import { AppError } from '../../services/app-error.ts';
import type { RenderPool } from '../../services/render-pool.ts';
import { buildStatistics } from '../../services/statistics.ts';
import type { Db } from '../../store/db.ts';
import type { Granularity } from '../../store/ops-store.ts';
import { operation } from './api-docs.ts';

export interface AdminDeps {
  db: Db;
  clock: Clock;
  cardCostSek: number;
  /** Makes in-memory counts (lookups per day) durable before statistics read them. */
  flushCounts: () => Promise<void>;
  /** The chart is drawn on a worker thread. */
  renderPool: RenderPool;
}

const dateParam = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const statisticsQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: dateParam, to: dateParam, by: { type: 'string', enum: ['day', 'month'] } },
} as const;

const counts = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const periodProperties = {
  cardsOrdered: { type: 'integer' },
  cardsProduced: { type: 'integer' },
  cardsHandedOver: { type: 'integer' },
  cardsCancelled: counts,
  extensions: { type: 'integer' },
  reminders: { type: 'integer' },
  letters: counts,
  lookups: counts,
  savedSek: { type: 'integer' },
} as const;
const statisticsResponse = {
  type: 'object',
  required: ['from', 'to', 'by', 'cardCostSek', 'periods', 'totals'],
  properties: {
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    by: { type: 'string', enum: ['day', 'month'] },
    cardCostSek: { type: 'integer' },
    periods: {
      type: 'array',
      items: {
        type: 'object',
        required: ['period', ...Object.keys(periodProperties)],
        properties: { period: { type: 'string' }, ...periodProperties },
      },
    },
    totals: { type: 'object', required: Object.keys(periodProperties), properties: periodProperties },
  },
} as const;

const MAX_DAYS = 400;
const MAX_MONTHS = 120;

type Query = { from: string; to: string; by?: Granularity };

function checkRange(q: Query): { from: string; to: string; by: Granularity } {
  for (const field of ['from', 'to'] as const) {
    if (!isCalendarDate(q[field])) {
      throw new AppError('validation', `${field} must be a calendar date (YYYY-MM-DD)`, field);
    }
  }
  if (q.to < q.from) throw new AppError('validation', 'to must not be before from', 'to');
  const by = q.by ?? 'day';
  const days = daysBetween(q.from, q.to) + 1;
  if (by === 'day' && days > MAX_DAYS) {
    throw new AppError('validation', `at most ${MAX_DAYS} days per request; use by=month`, 'to');
  }
  if (by === 'month' && days > MAX_MONTHS * 31) {
    throw new AppError('validation', `at most ${MAX_MONTHS} months per request`, 'to');
  }
  return { from: q.from, to: q.to, by };
}

export function adminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { db, clock, cardCostSek, flushCounts } = deps;
  const statistics = async (q: Query) => {
    const query = checkRange(q);
    await flushCounts();
    return buildStatistics(db, query, cardCostSek);
  };

  app.get<{ Querystring: Query }>(
    '/statistics',
    {
      config: { role: 'admin' },
      schema: {
        querystring: statisticsQuery,
        ...operation({
          tag: 'admin',
          summary: 'Cards, extensions, letters, lookups and savings per Swedish day or month',
          answers: { 200: { description: 'the figures', schema: statisticsResponse } },
          refusals: [400, 403],
        }),
      },
    },
    async (request) => statistics(request.query),
  );

  app.get<{ Querystring: Query }>(
    '/statistics.svg',
    {
      config: { role: 'admin' },
      schema: {
        querystring: statisticsQuery,
        ...operation({
          tag: 'admin',
          summary: 'Bar chart (SVG, no script) of lookups and extensions per period',
          answers: { 200: { description: 'the chart', type: 'image/svg+xml' } },
          refusals: [400, 403, 429, 503],
        }),
      },
    },
    async (request, reply) => {
      const svg = await deps.renderPool.statisticsSvg(await statistics(request.query));
      return reply.type('image/svg+xml; charset=utf-8').send(svg);
    },
  );

  app.get(
    '/admin/backup',
    {
      config: { role: 'admin' },
      schema: operation({
        tag: 'admin',
        summary: 'A consistent gzipped tarball of the embedded database (restore with `lmakort restore`)',
        answers: { 200: { description: 'the backup', type: 'application/gzip' } },
        refusals: [403, 409],
      }),
    },
    async (request, reply) => {
      if (!db.backupTo) {
        throw new AppError(
          'not_embedded',
          'this server runs on PostgreSQL (DATABASE_URL): back it up with pg_dump',
        );
      }
      // Written to a temporary file by a worker thread of its own (the copy's buffers never load this
      // thread's heap, and no query runs meanwhile), then sent from the file: the database waits only
      // for the copy, never for a slow client, and memory stays flat whatever the size.
      const file = join(tmpdir(), `lmakort-backup-${randomUUID()}.tar.gz`);
      // Nothing is sent while the copy is made (with a million cards, longer than the server's 30 s of
      // socket inactivity), so this connection's inactivity timeout is off until the answer is sent.
      request.raw.socket.setTimeout(0);
      try {
        await db.backupTo(file);
      } catch (error) {
        await rm(file, { force: true });
        throw error;
      }
      const { size } = await stat(file);
      request.log.info({ bytes: size }, 'backup made');
      const name = `lmakort-backup-${clock.now().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
      const body = createReadStream(file);
      body.once('close', () => void rm(file, { force: true }));
      return reply
        .type('application/gzip')
        .header('content-length', String(size))
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    },
  );
}
