// Prometheus metrics, one Registry per app (tests build many apps). P1, P3: no label ever carries a
// code, an address, a user agent or anything personal — lookups are counted by result only, officer
// writes by route pattern. Protection (config): a bearer token, or a separate listener on 127.0.0.1,
// or — with neither — open in development and absent (404) in production.

import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Counter, Gauge, type Metric, Registry } from 'prom-client';
import type { Config } from '../../config.ts';
import { LOOKUP_RESULT_INDEX, LOOKUP_RESULTS, type LookupResultLabel } from '../../services/lookup-tally.ts';
import type { ChangeFollower } from '../../store/change-follower.ts';
import type { Queryable } from '../../store/db.ts';
import { countLettersByKindAndState } from '../../store/ops-store.ts';
import type { ReadModel } from '../../store/read-model.ts';
import { problem } from '../problem.ts';

export interface AppMetrics {
  registry: Registry;
  /** The public lookups: counted and timed on the hot path, read by /metrics. */
  lookups: LookupMeter;
  officerWrites: Counter<'kind'>;
  remindersMade: Counter;
}

export function createMetrics(
  db: Queryable,
  readModel: ReadModel,
  follower: ChangeFollower | null = null,
): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  const lookups = new LookupMeter();
  new Counter({
    name: 'lmakort_lookups_total',
    help: 'Public lookups by result (P3: counts only, never codes)',
    labelNames: ['result'] as const,
    registers,
    collect() {
      this.reset();
      LOOKUP_RESULTS.forEach((result, i) => {
        this.inc({ result }, lookups.total(i));
      });
    },
  });
  registry.registerMetric(lookups.histogram());
  const officerWrites = new Counter({
    name: 'lmakort_officer_writes_total',
    help: 'Successful officer writes by kind (method and route pattern)',
    labelNames: ['kind'] as const,
    registers,
  });
  const remindersMade = new Counter({
    name: 'lmakort_reminders_made_total',
    help: 'Reminder letters made by this process (R7)',
    registers,
  });
  new Gauge({
    name: 'lmakort_letters',
    help: 'Letters in the database by kind and state (read at scrape time)',
    labelNames: ['kind', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      for (const r of await countLettersByKindAndState(db))
        this.set({ kind: r.kind, state: r.state }, r.count);
    },
  });
  new Gauge({
    name: 'lmakort_read_model_cards',
    help: 'Cards in the in-memory lookup read model',
    registers,
    collect() {
      this.set(readModel.cardCount);
    },
  });
  new Gauge({
    name: 'lmakort_read_model_lag_seconds',
    help: 'Seconds this read model has been known to be behind a change committed by another instance (0: caught up)',
    registers,
    collect() {
      // This process applies its own changes before it answers (architecture.md); other instances'
      // changes arrive through the follower (PostgreSQL only), which knows how long it has been behind.
      this.set(follower?.lagSeconds() ?? 0);
    },
  });
  new Gauge({
    name: 'lmakort_read_model_seq',
    help: 'The last change (outbox seq) the read model includes',
    registers,
    collect() {
      this.set(readModel.lastSeq);
    },
  });
  if (follower) {
    new Gauge({
      name: 'lmakort_read_model_pending_gaps',
      help: 'Change seqs skipped over (a transaction not yet committed, or rolled back) still being looked for',
      registers,
      collect() {
        this.set(follower.pendingGaps);
      },
    });
    new Gauge({
      name: 'lmakort_read_model_reconnects',
      help: "Times the connection listening for other instances' changes was re-established",
      registers,
      collect() {
        this.set(follower.reconnects);
      },
    });
  }
  return { registry, lookups, officerWrites, remindersMade };
}

const LOOKUP_SURFACES = ['api', 'page'] as const;
const LOOKUP_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];

const add = (counts: Float64Array, i: number, n: number) => {
  counts[i] = (counts[i] ?? 0) + n;
};

/**
 * Counts and times the public lookups in typed arrays: adding one allocates nothing and hashes no
 * label, which prom-client's own counter and histogram do on every call (most of what the metrics
 * cost a lookup; docs/performance.md). /metrics reads the arrays only when it is scraped.
 */
export class LookupMeter {
  private readonly totals = new Float64Array(LOOKUP_RESULTS.length);
  /** Per surface: how many answers fell in each bucket (not cumulative; the last is +Inf). */
  private readonly buckets = LOOKUP_SURFACES.map(() => new Float64Array(LOOKUP_BUCKETS.length + 1));
  private readonly sums = new Float64Array(LOOKUP_SURFACES.length);

  /** One answer: its result and how long it took to make, in seconds. */
  record(result: LookupResultLabel, surface: 'api' | 'page', seconds: number): void {
    const s = surface === 'api' ? 0 : 1;
    let b = 0;
    while (b < LOOKUP_BUCKETS.length && seconds > (LOOKUP_BUCKETS[b] as number)) b++;
    add(this.totals, LOOKUP_RESULT_INDEX[result], 1);
    add(this.buckets[s] as Float64Array, b, 1);
    add(this.sums, s, seconds);
  }

  /** Answers so far with LOOKUP_RESULTS[i]. */
  total(i: number): number {
    return this.totals[i] ?? 0;
  }

  /**
   * `lmakort_lookup_duration_seconds` as a metric a prom-client Registry can hold: it asks a metric
   * only for its name, type and get() (the shape prom-client's own Histogram returns), so this one
   * reads the arrays at scrape time.
   */
  histogram(): Metric {
    const name = 'lmakort_lookup_duration_seconds';
    const help = 'Time to answer a public lookup, from routing to the answer being handed to the socket';
    const values = () =>
      LOOKUP_SURFACES.flatMap((surface, s) => {
        let cumulative = 0;
        const lines = [...(this.buckets[s] as Float64Array)].map((n, b) => {
          cumulative += n;
          const le = b < LOOKUP_BUCKETS.length ? (LOOKUP_BUCKETS[b] as number) : '+Inf';
          return { labels: { le, surface }, value: cumulative, metricName: `${name}_bucket` };
        });
        return [
          ...lines,
          { labels: { surface }, value: this.sums[s] ?? 0, metricName: `${name}_sum` },
          { labels: { surface }, value: cumulative, metricName: `${name}_count` },
        ];
      });
    const metric = { name, help, type: 'histogram', aggregator: 'sum' } as const;
    return { ...metric, get: async () => ({ ...metric, values: values() }) } as unknown as Metric;
  }
}

type MetricsConfig = Pick<Config, 'nodeEnv' | 'metricsToken' | 'metricsPort'>;

async function answer(metrics: AppMetrics, reply: FastifyReply) {
  reply.type(metrics.registry.contentType);
  return reply.send(await metrics.registry.metrics());
}

function hasToken(request: FastifyRequest, token: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** GET /metrics on the main app, as the configuration allows. */
export function registerMetricsRoute(app: FastifyInstance, metrics: AppMetrics, config: MetricsConfig): void {
  const open = config.metricsToken === null && config.metricsPort === null && config.nodeEnv !== 'production';
  if (config.metricsToken === null && !open) return; // the separate listener, or nothing (404)
  const token = config.metricsToken;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== null && !hasToken(request, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return problem(reply, 401, 'unauthorized', 'Unauthorized', 'the metrics token is required', {
        code: 'unauthorized',
      });
    }
    return answer(metrics, reply);
  });
}

/** The separate metrics listener for LMA_METRICS_PORT: only /metrics, only on 127.0.0.1. */
export function buildMetricsApp(metrics: AppMetrics, config: MetricsConfig): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (request, reply) => {
    if (config.metricsToken !== null && !hasToken(request, config.metricsToken))
      return reply.code(401).send();
    return answer(metrics, reply);
  });
  return app;
}
