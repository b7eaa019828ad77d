// The statistics page (admins and auditors): month by month what happened to cards, letters and
// lookups, from the same figures as GET /api/v1/statistics (buildStatistics), as a chart we draw
// (statistics.svg, an image: no script) and as tables of the same numbers; and how the saving from
// extending cards instead of making new ones is computed, with its assumptions.

import { LOOKUP_RESULTS } from '../../../services/lookup-tally.ts';
import type { PeriodStatistics, Statistics } from '../../../services/statistics.ts';
import { type Html, html } from './html.ts';
import { errorSummary, field, layout, type PageContext } from './layout.ts';
import { fill, type Words } from './texts.ts';

/**
 * The saving the Migration Agency reported for 2022 from extending LMA cards instead of replacing
 * them: the page shows what that figure means in extensions at our card cost, beside our own figure.
 */
export const AGENCY_REPORTED_SAVING_2022_SEK = 6_500_000;

/**
 * The saving, as the page explains it. Assumptions (also on the page):
 * - every extension (a visit that moved the card's expiry later, R5) kept the card in use where a
 *   plastic card without digital extension would have been replaced by a new one;
 * - one card costs `cardCostSek` (LMA_CARD_COST_SEK: material, printing, handling, posting);
 * - cards made anyway (new applicants, replacements for lost or damaged cards) are no saving;
 * - officers' time, visits and letters are not counted, so the amount is a low estimate.
 * The figure itself is `savedSek` from buildStatistics (extensions × card cost).
 */
export function savingExplained(stats: Statistics): {
  extensions: number;
  savedSek: number;
  months: number;
  averagePerMonth: number;
  /** How many extensions a year the agency's figure stands for at our card cost; null at cost 0. */
  agencyExtensionsPerYear: number | null;
} {
  const months = stats.periods.length;
  return {
    extensions: stats.totals.extensions,
    savedSek: stats.totals.savedSek,
    months,
    averagePerMonth: months === 0 ? 0 : Math.round((stats.totals.extensions * 10) / months) / 10,
    agencyExtensionsPerYear:
      stats.cardCostSek > 0 ? Math.round(AGENCY_REPORTED_SAVING_2022_SEK / stats.cardCostSek) : null,
  };
}

export type MonthRange = { from: string; to: string };

/** Numbers as the officer reads them: 43 333 and 0,1 in Swedish, 43,333 and 0.1 in English. */
const numbers = (ctx: PageContext) => new Intl.NumberFormat(ctx.lang === 'sv' ? 'sv-SE' : 'en-GB');

type Column = [label: string, value: (p: Omit<PeriodStatistics, 'period'>) => number];

function figuresTable(
  ctx: PageContext,
  id: string,
  title: string,
  stats: Statistics,
  columns: readonly Column[],
): Html {
  const n = numbers(ctx);
  const cells = (p: Omit<PeriodStatistics, 'period'>) =>
    columns.map(([, value]) => html`<td class="num">${n.format(value(p))}</td>`);
  return html`<section><h2 id="h-${id}">${title}</h2><div class="scroll" tabindex="0" role="region" aria-labelledby="h-${id}"><table data-testid="stats-${id}"><thead><tr><th scope="col">${ctx.t.statsMonth}</th>${columns.map(
    ([label]) => html`<th scope="col" class="num">${label}</th>`,
  )}</tr></thead><tbody>${stats.periods.map(
    (p) => html`<tr><th scope="row">${p.period}</th>${cells(p)}</tr>`,
  )}</tbody><tfoot><tr><th scope="row">${ctx.t.statsTotal}</th>${cells(stats.totals)}</tr></tfoot></table></div></section>`;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const realLookups = (p: Omit<PeriodStatistics, 'period'>) => sum(p.lookups) - (p.lookups.specimen ?? 0);

function savingSection(ctx: PageContext, stats: Statistics): Html {
  const { t } = ctx;
  const n = numbers(ctx);
  const s = savingExplained(stats);
  const cost = n.format(stats.cardCostSek);
  return html`<section aria-labelledby="h-saving" class="panel" data-testid="saving"><h2 id="h-saving">${t.statsSavingTitle}</h2><p class="big" data-testid="saving-sum">${fill(
    t.statsSavingSum,
    { extensions: n.format(s.extensions), cost, saved: n.format(s.savedSek) },
  )}</p><h3>${t.statsAssumptions}</h3><ul><li>${t.statsAssumeExtension}</li><li>${fill(t.statsAssumeCost, { cost })}</li><li>${fill(
    t.statsAssumeMadeAnyway,
    { produced: n.format(stats.totals.cardsProduced) },
  )}</li><li>${t.statsAssumeNotCounted}</li></ul>${
    s.agencyExtensionsPerYear === null
      ? ''
      : html`<p data-testid="saving-compare">${fill(t.statsCompare, {
          reported: n.format(AGENCY_REPORTED_SAVING_2022_SEK),
          cost,
          cards: n.format(s.agencyExtensionsPerYear),
          perMonth: n.format(Math.round(s.agencyExtensionsPerYear / 12)),
          extensions: n.format(s.extensions),
          months: n.format(s.months),
          average: n.format(s.averagePerMonth),
        })}</p>`
  }</section>`;
}

function periodForm(t: Words, range: MonthRange, errors: Record<string, string>): Html {
  return html`${errorSummary(t, errors, { from: t.statsFrom, to: t.statsTo })}<form method="get" action="/officer/statistics" class="card-box" aria-label="${t.statsPeriod}"><div class="columns">${field(
    {
      name: 'from',
      label: t.statsFrom,
      hint: t.statsMonthHint,
      value: range.from,
      error: errors.from,
      maxlength: 7,
      inputmode: 'numeric',
      autocomplete: 'off',
    },
  )}${field({
    name: 'to',
    label: t.statsTo,
    hint: t.statsMonthHint,
    value: range.to,
    error: errors.to,
    maxlength: 7,
    inputmode: 'numeric',
    autocomplete: 'off',
  })}</div><div class="actions"><button type="submit" class="primary">${t.statsShow}</button></div></form>`;
}

export function statisticsPage(
  ctx: PageContext,
  o: { range: MonthRange; errors?: Record<string, string>; stats?: Statistics },
): string {
  const { t } = ctx;
  const stats = o.stats;
  if (!stats) return layout(ctx, t.statsTitle, periodForm(t, o.range, o.errors ?? {}));
  const n = numbers(ctx);
  const query = `from=${encodeURIComponent(o.range.from)}&to=${encodeURIComponent(o.range.to)}`;
  const cancelled = (p: Omit<PeriodStatistics, 'period'>) => sum(p.cardsCancelled);
  const body = html`${periodForm(t, o.range, {})}<p data-testid="stats-summary">${fill(t.statsSummary, {
    from: o.range.from,
    to: o.range.to,
    handedOver: n.format(stats.totals.cardsHandedOver),
    extensions: n.format(stats.totals.extensions),
    lookups: n.format(realLookups(stats.totals)),
  })}</p><figure class="chart"><img src="/officer/statistics.svg?${query}" alt="${fill(t.statsChartAlt, o.range)}" data-testid="stats-chart"><figcaption>${t.statsChart}</figcaption></figure>${figuresTable(
    ctx,
    'cards',
    t.statsCards,
    stats,
    [
      [t.statsOrdered, (p) => p.cardsOrdered],
      [t.statsProduced, (p) => p.cardsProduced],
      [t.statsHandedOver, (p) => p.cardsHandedOver],
      [t.statsCancelled, cancelled],
      [t.statsExtensions, (p) => p.extensions],
      [t.statsSaved, (p) => p.savedSek],
    ],
  )}${savingSection(ctx, stats)}${figuresTable(ctx, 'letters', t.statsLetters, stats, [
    [t.letter_card_ready, (p) => p.letters.card_ready ?? 0],
    [t.letter_reminder, (p) => p.letters.reminder ?? 0],
    [t.letter_card_cancelled, (p) => p.letters.card_cancelled ?? 0],
  ])}${figuresTable(
    ctx,
    'lookups',
    t.statsLookups,
    stats,
    LOOKUP_RESULTS.map((r): Column => [t[`lookup_${r}`], (p) => p.lookups[r] ?? 0]),
  )}`;
  return layout(ctx, t.statsTitle, body);
}
