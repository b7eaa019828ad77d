// SQL for operations: the readiness ping, per-day lookup counts (P3), letter counts for metrics and
// the admin statistics. Days are Swedish calendar days (R6): instants are bucketed AT TIME ZONE
// 'Europe/Stockholm'; columns that are already calendar dates are used as they are.

import type { Queryable } from './db.ts';

/** `SELECT 1`, failing when it takes longer than timeoutMs. */
export async function pingDatabase(db: Queryable, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.query('SELECT 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface LookupCountRow {
  day: string;
  result: string;
  count: number;
}

/** Adds counts (never replaces them), so several instances can flush into one table. */
export async function addLookupCounts(db: Queryable, rows: readonly LookupCountRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO lookup_counts (day, result, count)
     SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[])
     ON CONFLICT (day, result) DO UPDATE SET count = lookup_counts.count + EXCLUDED.count`,
    [rows.map((r) => r.day), rows.map((r) => r.result), rows.map((r) => r.count)],
  );
}

export async function countLettersByKindAndState(
  db: Queryable,
): Promise<{ kind: string; state: string; count: number }[]> {
  const { rows } = await db.query<{ kind: string; state: string; count: number }>(
    'SELECT kind, state, count(*)::int AS count FROM letters GROUP BY kind, state ORDER BY kind, state',
  );
  return rows;
}

/** Specimen (training) applicants' cards, visits and letters are not real ones: left out. */
const REAL = 'applicant_id NOT IN (SELECT id FROM applicants WHERE specimen)';

export type Granularity = 'day' | 'month';

/** One row per period and measure: `measure` names what is counted, `detail` splits it further. */
export interface StatisticsRow {
  period: string;
  measure: 'ordered' | 'produced' | 'handed_over' | 'cancelled' | 'extensions' | 'letters' | 'lookups';
  detail: string;
  count: number;
}

/** Everything the statistics need, from the existing tables, for Swedish days from..to inclusive. */
export async function queryStatistics(
  db: Queryable,
  from: string,
  to: string,
  by: Granularity,
): Promise<StatisticsRow[]> {
  const fmt = by === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
  const local = (col: string) => `(${col} AT TIME ZONE 'Europe/Stockholm')::date`;
  const part = (measure: string, detail: string, day: string, table: string, where = 'true') =>
    `SELECT to_char(${day}, '${fmt}') AS period, '${measure}' AS measure, ${detail} AS detail, count(*)::int AS count
       FROM ${table} WHERE ${day} BETWEEN $1::date AND $2::date AND ${where} AND ${REAL} GROUP BY 1, 3`;
  const sql = [
    part('ordered', "''", local('ordered_at'), 'cards'),
    part('produced', "''", local('produced_at'), 'cards', 'produced_at IS NOT NULL'),
    part('handed_over', "''", 'handed_over_on', 'cards', 'handed_over_on IS NOT NULL'),
    part('cancelled', 'cancel_reason', local('cancelled_at'), 'cards', 'cancelled_at IS NOT NULL'),
    // R5: a visit that moved the card's expiry later is an extension; the same card carries on.
    part('extensions', "''", 'visit_date', 'visits', 'valid_until_after > valid_until_before'),
    part('letters', 'kind', local('created_at'), 'letters'),
    `SELECT to_char(day, '${fmt}') AS period, 'lookups' AS measure, result AS detail, sum(count)::bigint AS count
       FROM lookup_counts WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 3`,
  ].join('\nUNION ALL\n');
  const { rows } = await db.query<StatisticsRow>(sql, [from, to]);
  return rows;
}
