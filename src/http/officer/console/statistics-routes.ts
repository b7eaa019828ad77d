// The statistics page and its chart, for admins and auditors (access 'audit'): the same figures as
// GET /api/v1/statistics (buildStatistics, lookups flushed first), by month over a chosen range.

import type { FastifyInstance } from 'fastify';
import { addDays, addMonths, type CalendarDate } from '../../../domain/calendar.ts';
import { buildStatistics, type Statistics } from '../../../services/statistics.ts';
import { type ConsoleKit, ctxOf, html, type Req } from './kit.ts';
import type { PageContext } from './layout.ts';
import { type MonthRange, statisticsPage } from './statistics-view.ts';
import { fill } from './texts.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** As the API: at most ten years by month in one request. */
const MAX_MONTHS = 120;

const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;

/** The months asked for (the last twelve up to this one when none are), or what is wrong with them. */
export function readMonths(
  ctx: PageContext,
  query: Record<string, string>,
  today: CalendarDate,
): { range: MonthRange; errors: Record<string, string> } {
  const thisMonth = today.slice(0, 7);
  const range = {
    from: (query.from ?? addMonths(`${thisMonth}-01`, -11).slice(0, 7)).trim(),
    to: (query.to ?? thisMonth).trim(),
  };
  const errors: Record<string, string> = {};
  if (!MONTH.test(range.from)) errors.from = ctx.t.vMonth;
  if (!MONTH.test(range.to)) errors.to = ctx.t.vMonth;
  else if (!errors.from && range.to < range.from) errors.to = ctx.t.vMonthOrder;
  else if (!errors.from && monthsBetween(range.from, range.to) > MAX_MONTHS)
    errors.to = fill(ctx.t.vMonthRange, { max: MAX_MONTHS });
  return { range, errors };
}

export function registerStatisticsRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { db, service, renderPool, cardCostSek, flushCounts } = kit.deps;

  const figures = async (range: MonthRange): Promise<Statistics> => {
    await flushCounts();
    const to = addDays(addMonths(`${range.to}-01`, 1), -1);
    return buildStatistics(db, { from: `${range.from}-01`, to, by: 'month' }, cardCostSek);
  };

  app.get('/statistics', { config: { access: 'audit' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const { range, errors } = readMonths(ctx, request.query ?? {}, service.today());
    if (Object.keys(errors).length > 0) return html(reply, 400, statisticsPage(ctx, { range, errors }));
    return html(reply, 200, statisticsPage(ctx, { range, stats: await figures(range) }));
  });

  app.get('/statistics.svg', { config: { access: 'audit' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const { range, errors } = readMonths(ctx, request.query ?? {}, service.today());
    if (Object.keys(errors).length > 0) return html(reply, 400, statisticsPage(ctx, { range, errors }));
    const svg = await renderPool.statisticsSvg(await figures(range), {
      heading: fill(ctx.t.statsChartHeading, range),
      lookups: ctx.t.statsChartLookups,
      extensions: ctx.t.statsChartExtensions,
    });
    return reply.type('image/svg+xml; charset=utf-8').send(svg);
  });
}
