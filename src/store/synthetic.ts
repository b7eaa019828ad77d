// Synthetic cards in bulk, for benchmarks and load tests (`lmakort demo --cards N`). Applicants are
// marked by their names ("Syntetisk") and dossier numbers in the 9x range; nothing personal is real.

import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { addDays, type CalendarDate } from '../domain/calendar.ts';
import { cardCodeFromRandom } from '../domain/card-code.ts';
import type { Queryable } from './db.ts';
import { assignStatusEntries } from './status-list-store.ts';

export interface SyntheticResult {
  created: number;
  sampleCodes: string[];
}

/**
 * Inserts n applicants with one card each: most active with expiries spread over the next three
 * months, some expired, some ordered. Batched with unnest() so 100k take seconds, not minutes.
 */
export async function insertSyntheticCards(
  db: Queryable & { transaction?: unknown },
  n: number,
  today: CalendarDate,
  at: Date,
  batchSize = 5_000,
  /** Told after each batch how many are in. */
  onProgress?: (done: number) => void,
): Promise<SyntheticResult> {
  const { rows } = await db.query<{ max: string | null }>(
    "SELECT max(dossier_number) AS max FROM applicants WHERE dossier_number >= '90-000000'",
  );
  let next = rows[0]?.max ? Number(rows[0].max.replace('-', '')) + 1 : 90_000_000;
  if (next + n > 100_000_000) throw new Error(`no room for ${n} more synthetic dossier numbers`);
  const sampleCodes: string[] = [];
  const iso = at.toISOString();
  const usedSlots = new Map<number, Uint8Array>();
  for (let done = 0; done < n; ) {
    const size = Math.min(batchSize, n - done);
    const ids: string[] = [];
    const dossiers: string[] = [];
    const cardIds: string[] = [];
    const codes: string[] = [];
    const states: string[] = [];
    const validUntil: (string | null)[] = [];
    const random = randomBytes(8 * size);
    for (let i = 0; i < size; i++) {
      const k = done + i;
      ids.push(randomUUID());
      const d = String(next++).padStart(8, '0');
      dossiers.push(`${d.slice(0, 2)}-${d.slice(2)}`);
      cardIds.push(randomUUID());
      const code = cardCodeFromRandom(random.subarray(i * 8, i * 8 + 8));
      codes.push(code);
      const kind = k % 20;
      states.push(kind === 19 ? 'ordered' : 'active');
      validUntil.push(kind === 19 ? null : addDays(today, kind === 18 ? -((k % 60) + 1) : k % 92));
      if (sampleCodes.length < 5) sampleCodes.push(code);
    }
    await db.query(
      `INSERT INTO applicants (id, dossier_number, given_name, family_name, birth_date, nationality, language,
                               protected_address, version, created_at)
       SELECT id, dossier, 'Syntetisk', 'Testperson', '1990-01-01', 'XXA', 'sv', false, 1, $3
         FROM unnest($1::uuid[], $2::text[]) AS t(id, dossier)`,
      [ids, dossiers, iso],
    );
    const cards = await db.query<{ id: string }>(
      `INSERT INTO cards (id, applicant_id, serial, code, state, ordered_at, produced_at, handed_over_on, valid_until)
       SELECT card_id, applicant_id, 1, code, state, $6,
              CASE WHEN state = 'active' THEN $6::timestamptz END,
              CASE WHEN state = 'active' THEN valid_until - interval '3 months' END,
              valid_until
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[])
              AS t(card_id, applicant_id, code, state, valid_until)
       ON CONFLICT (code) DO NOTHING
       RETURNING id`,
      [cardIds, ids, codes, states, validUntil, iso],
    );
    // Each card its status-list entry, as the service gives one to every card it orders.
    await assignStatusEntries(
      db,
      cards.rows.map((r) => r.id),
      randomInt,
      undefined,
      usedSlots,
    );
    done += size;
    onProgress?.(done);
  }
  return { created: n, sampleCodes };
}
