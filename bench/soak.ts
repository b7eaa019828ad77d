// `npm run soak [-- --minutes N]`: a bounded mixed load against two `lmakort serve` instances on one
// PostgreSQL database, with a checker that compares every lookup answer with the truth at that moment.
//
//   lookups   readers ask either instance for the status of a tracked card (~400/s in all)
//   writes    writers change tracked applicants through either instance (~20/s): visits (R5, answer
//             unchanged), AT-UND granted/revoked (R9), a rejection and its revocation (R8)
//   reminders `lmakort jobs run reminders` every 30 s over 20 000 synthetic cards (R7: exactly once)
//
// Writes to one applicant are never concurrent, so its truth is a timeline: the value before a write,
// and after its acknowledgement. A lookup answer is
//   fresh      equal to the truth when the lookup started, or to a value written while it ran;
//   stale (within bound)  an older value, superseded on the *other* instance at most BOUND_MS before
//              the lookup started (the propagation target, system.md);
//   stale beyond bound    any other older value, or an older value from the instance that wrote it
//              (that instance applies its own writes before acknowledging them) — target 0;
//   wrong      never the truth at all, or an error / unexpected status — target 0.
// Memory: the instances' RSS, sampled every 15 s. Exit code 1 if a target is missed.

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  type Card,
  type Cluster,
  makeActiveCards,
  officer,
  postgresAnswers,
  postgresServerUrl,
  startCluster,
} from './pg-cluster.ts';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '3' }, cards: { type: 'string', default: '200' } },
});
const MINUTES = Number(values.minutes);
const CARDS = Number(values.cards);
if (!(MINUTES > 0 && MINUTES <= 120)) throw new Error('--minutes must be a number from 0 to 120');
if (!(Number.isInteger(CARDS) && CARDS >= 10 && CARDS <= 5_000))
  throw new Error('--cards must be 10 to 5000');

const BOUND_MS = 100;
const READERS = 8;
const READER_PAUSE_MS = 20; // 8 readers × (1 request + 20 ms) ≈ 400 lookups/s
const WRITERS = 4;
const WRITER_PAUSE_MS = 200; // 4 writers ≈ 20 writes/s
const REMINDER_EVERY_MS = 30_000;
const MEMORY_EVERY_MS = 15_000;

type Answer = `${'valid' | 'not_valid'}/${boolean}`;
interface Step {
  started: number;
  acknowledged: number; // Infinity while in flight
  value: Answer;
  instance: number;
}
interface Tracked extends Card {
  initial: Answer;
  steps: Step[];
  busy: boolean;
  atUnd: boolean;
  decisionId: string | null;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const now = () => performance.now();

function truthAt(card: Tracked, t: number): Answer {
  let value = card.initial;
  for (const s of card.steps) if (s.acknowledged <= t) value = s.value;
  return value;
}

const tally = {
  lookups: 0,
  fresh: 0,
  staleWithinBound: 0,
  staleBeyondBound: 0,
  wrong: 0,
  maxStaleMs: 0,
  writes: {} as Record<string, number>,
  writeErrors: 0,
  reminderRuns: 0,
  remindersMade: 0,
  reminderErrors: 0,
  examples: [] as string[],
};

function judge(card: Tracked, answer: Answer, instance: number, t0: number, t1: number): void {
  tally.lookups++;
  const acceptable = new Set<Answer>([truthAt(card, t0)]);
  for (const s of card.steps) if (s.started <= t1 && s.acknowledged > t0) acceptable.add(s.value);
  if (acceptable.has(answer)) {
    tally.fresh++;
    return;
  }
  // An older value: which write superseded it last before the lookup started?
  let previous = card.initial;
  let supersededBy: Step | null = null;
  for (const s of card.steps) {
    if (s.acknowledged > t0) break;
    if (previous === answer) supersededBy = s;
    previous = s.value;
  }
  if (!supersededBy) {
    tally.wrong++;
    if (tally.examples.length < 10) tally.examples.push(`${card.code}: answered ${answer}, never the truth`);
    return;
  }
  const lag = t0 - supersededBy.acknowledged;
  tally.maxStaleMs = Math.max(tally.maxStaleMs, lag);
  if (supersededBy.instance !== instance && lag <= BOUND_MS) tally.staleWithinBound++;
  else {
    tally.staleBeyondBound++;
    if (tally.examples.length < 10)
      tally.examples.push(
        `${card.code}: instance ${instance} answered ${answer} ${lag.toFixed(1)} ms after instance ${supersededBy.instance} acknowledged ${supersededBy.value}`,
      );
  }
}

async function reader(cluster: Cluster, cards: Tracked[], until: number): Promise<void> {
  while (now() < until) {
    const card = pick(cards);
    const instance = Math.floor(Math.random() * cluster.instances.length);
    const t0 = now();
    try {
      const response = await fetch(`${cluster.instances[instance]?.url}/api/v1/status/${card.code}`);
      const body = (await response.json()) as { result: 'valid' | 'not_valid'; atUnd: boolean };
      const t1 = now();
      if (response.status !== 200) {
        tally.lookups++;
        tally.wrong++;
        if (tally.examples.length < 10) tally.examples.push(`${card.code}: status ${response.status}`);
      } else judge(card, `${body.result}/${body.atUnd}`, instance, t0, t1);
    } catch (error) {
      tally.lookups++;
      tally.wrong++;
      if (tally.examples.length < 10) tally.examples.push(`${card.code}: ${(error as Error).message}`);
    }
    await delay(READER_PAUSE_MS);
  }
}

async function writer(cluster: Cluster, cards: Tracked[], until: number): Promise<void> {
  while (now() < until) {
    const card = pick(cards.filter((c) => !c.busy));
    card.busy = true;
    const instance = Math.floor(Math.random() * cluster.instances.length);
    const call = officer(cluster.instances[instance]?.url as string, cluster.token);
    const before = truthAt(card, Number.POSITIVE_INFINITY);
    const [result] = before.split('/') as ['valid' | 'not_valid'];
    const kind = pick(['visit', 'at-und', 'decision'] as const);
    let value: Answer = before;
    if (kind === 'at-und') value = `${result}/${!card.atUnd}`;
    if (kind === 'decision') value = `${card.decisionId ? 'valid' : 'not_valid'}/${card.atUnd}`;
    const step: Step = { started: now(), acknowledged: Number.POSITIVE_INFINITY, value, instance };
    card.steps.push(step);
    try {
      if (kind === 'visit') await call('POST', `/api/v1/applicants/${card.applicantId}/visits`, {});
      else if (kind === 'at-und') {
        await call('PUT', `/api/v1/applicants/${card.applicantId}/at-und`, { granted: !card.atUnd });
        card.atUnd = !card.atUnd;
      } else if (card.decisionId) {
        await call('DELETE', `/api/v1/decisions/${card.decisionId}`);
        card.decisionId = null;
      } else {
        const d = await call('POST', `/api/v1/applicants/${card.applicantId}/decisions`, {
          type: 'rejected',
        });
        card.decisionId = d.id as string;
      }
      step.acknowledged = now();
      tally.writes[kind] = (tally.writes[kind] ?? 0) + 1;
    } catch (error) {
      // Unknown whether it committed: the truth is unknowable, so this card is no longer judged.
      tally.writeErrors++;
      cards.splice(cards.indexOf(card), 1);
      if (tally.examples.length < 10) tally.examples.push(`write ${kind}: ${(error as Error).message}`);
    }
    card.busy = false;
    await delay(WRITER_PAUSE_MS);
  }
}

async function reminders(cluster: Cluster, until: number): Promise<void> {
  while (now() < until) {
    const r = await cluster.cli(['jobs', 'run', 'reminders']);
    tally.reminderRuns++;
    const made = /reminders: (\d+) made/.exec(r.stdout);
    if (r.code !== 0 || !made) tally.reminderErrors++;
    else tally.remindersMade += Number(made[1]);
    await delay(Math.min(REMINDER_EVERY_MS, Math.max(0, until - now())));
  }
}

const mib = (bytes: number | null) => (bytes === null ? '?' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

async function main(): Promise<void> {
  const serverUrl = postgresServerUrl();
  if (!(await postgresAnswers(serverUrl))) {
    console.error(`soak: no PostgreSQL answers at ${serverUrl} (set BENCH_DATABASE_URL)`);
    process.exit(1);
  }
  console.log(
    `soak: ${MINUTES} min against two lmakort serve instances on PostgreSQL; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`,
  );
  console.log(
    `abuse limits: ${process.env.LMA_REDIS_URL ? `shared through Redis at ${process.env.LMA_REDIS_URL}` : 'in memory per instance'}`,
  );
  const cluster = await startCluster(serverUrl, {
    instances: 2,
    before: [['demo', '--cards', '20000']],
  });
  try {
    console.log(`instances: ${cluster.instances.map((i) => i.url).join(', ')}; making ${CARDS} cards …`);
    const made = await makeActiveCards(cluster.instances[0]?.url as string, cluster.token, CARDS);
    const cards: Tracked[] = made.map((c) => ({
      ...c,
      initial: 'valid/false',
      steps: [],
      busy: false,
      atUnd: false,
      decisionId: null,
    }));
    const memory = cluster.instances.map((i) => ({
      start: i.rss(),
      max: i.rss() ?? 0,
      end: null as number | null,
    }));
    const until = now() + MINUTES * 60_000;
    const sampler = setInterval(() => {
      cluster.instances.forEach((i, n) => {
        const m = memory[n];
        if (m) m.max = Math.max(m.max, i.rss() ?? 0);
      });
      process.stdout.write(
        `  ${Math.round((until - now()) / 1000)} s left: ${tally.lookups} lookups, ${Object.values(tally.writes).reduce((a, b) => a + b, 0)} writes, ` +
          `${tally.staleBeyondBound} stale beyond bound, ${tally.wrong} wrong\n`,
      );
    }, MEMORY_EVERY_MS);
    await Promise.all([
      ...Array.from({ length: READERS }, () => reader(cluster, cards, until)),
      ...Array.from({ length: WRITERS }, () => writer(cluster, cards, until)),
      reminders(cluster, until),
    ]);
    clearInterval(sampler);
    cluster.instances.forEach((i, n) => {
      const m = memory[n];
      if (m) m.end = i.rss();
    });
    const readiness = await Promise.all(
      cluster.instances.map(async (i) => {
        const text = await (await fetch(`${i.url}/readyz`)).text();
        return text;
      }),
    );

    console.log(
      `\nsoak results (${MINUTES} min; load average now ${loadavg()
        .map((n) => n.toFixed(2))
        .join(', ')})`,
    );
    console.log(
      `  lookups ${tally.lookups}: fresh ${tally.fresh}, stale within ${BOUND_MS} ms ${tally.staleWithinBound}, ` +
        `stale beyond bound ${tally.staleBeyondBound}, wrong or failed ${tally.wrong}; oldest stale answer ${tally.maxStaleMs.toFixed(1)} ms`,
    );
    console.log(
      `  writes ${JSON.stringify(tally.writes)}, failed ${tally.writeErrors}; reminder job runs ${tally.reminderRuns}, ` +
        `reminders made by those runs ${tally.remindersMade} (the instances' own schedule makes the due ones at start; R7: ` +
        'a later run makes none again), failed runs ' +
        `${tally.reminderErrors}`,
    );
    for (const [n, m] of memory.entries()) {
      const growth = m.start !== null && m.end !== null ? m.end - m.start : null;
      console.log(
        `  instance ${n} RSS: start ${mib(m.start)}, max ${mib(m.max)}, end ${mib(m.end)}, growth ${mib(growth)}`,
      );
    }
    for (const [n, m] of readiness.entries()) console.log(`  instance ${n} /readyz: ${m}`);
    for (const e of tally.examples) console.log(`  example: ${e}`);
    const pass =
      tally.wrong === 0 &&
      tally.staleBeyondBound === 0 &&
      tally.writeErrors === 0 &&
      tally.reminderErrors === 0;
    console.log(pass ? '\nsoak PASS (0 errors, 0 stale beyond bound)' : '\nsoak FAIL');
    process.exitCode = pass ? 0 : 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`soak failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
