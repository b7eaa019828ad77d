// A plain server-side SVG bar chart of lookups and extensions per period: no script, no external
// fonts or styles, so it opens anywhere (the API's statistics.svg, and the console's statistics page
// in the officer's language).

import type { Statistics } from '../services/statistics.ts';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The chart's words; the API's chart is in English. */
export interface ChartLabels {
  /** The line above the bars. */
  heading: string;
  /** The nouns in each bar's tooltip ("2026-05: 12 lookups"). */
  lookups: string;
  extensions: string;
}

export function englishChartLabels(stats: Statistics): ChartLabels {
  return {
    heading: `Lookups (dark) and extensions (light) per ${stats.by}, ${stats.from} – ${stats.to}`,
    lookups: 'lookups',
    extensions: 'extensions',
  };
}

export function renderStatisticsSvg(
  stats: Statistics,
  labels: ChartLabels = englishChartLabels(stats),
): string {
  const rows = stats.periods.map((p) => ({
    period: p.period,
    // Lookups of specimen (training) cards are not real lookups.
    lookups: Object.entries(p.lookups).reduce((a, [result, n]) => (result === 'specimen' ? a : a + n), 0),
    extensions: p.extensions,
  }));
  const max = Math.max(1, ...rows.flatMap((r) => [r.lookups, r.extensions]));
  const left = 56;
  const top = 40;
  const height = 220;
  const group = Math.max(14, Math.min(48, Math.floor(900 / Math.max(1, rows.length))));
  const bar = Math.max(4, Math.floor((group - 4) / 2));
  const width = left + rows.length * group + 20;
  const y = (v: number) => top + height - Math.round((v / max) * height);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + 70}" viewBox="0 0 ${width} ${top + height + 70}" font-family="sans-serif" font-size="11">`,
    `<title>lmakort: ${esc(labels.heading)}</title>`,
    `<text x="${left}" y="16" font-size="13">${esc(labels.heading)}</text>`,
    `<line x1="${left}" y1="${top + height}" x2="${width - 10}" y2="${top + height}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" stroke="#333"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${left - 6}" y="${top + height}" text-anchor="end">0</text>`,
  );
  rows.forEach((r, i) => {
    const x = left + i * group + 2;
    parts.push(
      `<rect x="${x}" y="${y(r.lookups)}" width="${bar}" height="${top + height - y(r.lookups)}" fill="#1f4e79"><title>${esc(r.period)}: ${r.lookups} ${esc(labels.lookups)}</title></rect>`,
      `<rect x="${x + bar}" y="${y(r.extensions)}" width="${bar}" height="${top + height - y(r.extensions)}" fill="#8fb8de"><title>${esc(r.period)}: ${r.extensions} ${esc(labels.extensions)}</title></rect>`,
      `<text transform="translate(${x + bar},${top + height + 8}) rotate(60)">${esc(r.period)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
