// `lmakort serve`: config → database → migrations → read model → app.listen, with the daily jobs
// (reminders; letters when LMA_LETTER_DIR is set); SIGINT/SIGTERM finish in-flight requests and release the embedded database.

import type { Config } from '../config.ts';
import { stockholmDate } from '../domain/calendar.ts';
import { buildApp } from '../http/app.ts';
import { buildMetricsApp, createMetrics } from '../http/plugins/metrics.ts';
import { SharedAbuseLimiter } from '../http/plugins/shared-abuse-limiter.ts';
import { receptionFromEnv } from '../http/public/holder-page.ts';
import { loadRulebooks } from '../http/verify/rulebooks.ts';
import { runLetterJob } from '../jobs/letters.ts';
import { letterFileRemover, runRetentionJob } from '../jobs/retention.ts';
import { type Scheduler, startScheduler } from '../jobs/scheduler.ts';
import { FirstAdmin } from '../services/first-admin.ts';
import { RenderPool } from '../services/render-pool.ts';
import { Retention } from '../services/retention.ts';
import { insertSyntheticCards } from '../store/synthetic.ts';
import { assembleSystem, changeFollowerFor, clockFor, loadLookups, openDatabase } from '../system.ts';
import { formatDemo, loadDemo } from './demo.ts';
import { progress } from './progress.ts';

export async function serve(config: Config, options: { demo: boolean; cards: number }): Promise<void> {
  const started = performance.now();
  // A broken guidance rulebook stops the start here, naming its file and field.
  const rulebooks = loadRulebooks(config.rulebookDir ?? undefined);
  const clock = clockFor(config);
  const db = await openDatabase(config, 'serve');
  let closing = false;
  try {
    const system = await assembleSystem(db, {
      clock,
      publicBaseUrl: config.publicBaseUrl,
      loadReadModel: false,
      statusListTtlSeconds: config.statusListTtlSeconds,
      reception: receptionFromEnv(process.env),
    });
    let demoText = '';
    if (options.demo) {
      demoText = formatDemo(await loadDemo(system.service));
      if (options.cards > 0) {
        const shown = progress('serve', options.cards, 'synthetic cards');
        await insertSyntheticCards(
          db,
          options.cards,
          stockholmDate(clock.now()),
          clock.now(),
          undefined,
          (done) => shown.update(done),
        );
        shown.end();
      }
    }
    // Every card with its status-list entry (cards from before status lists are given
    // one), so every status answer carries its entry from the first request; the lists are built
    // once listening (below).
    await loadLookups(system);
    // PostgreSQL: other instances may write too; follow their changes from the seq just loaded.
    let log: { warn(o: object, m: string): void } | null = null;
    const follower = changeFollowerFor(system, {
      onError: (err, during) => log?.warn({ err }, `read model follower: ${during}`),
    });
    // LMA_REDIS_URL: abuse limits shared with the other instances (S1), this process's memory otherwise.
    const limiter = config.redisUrl
      ? await SharedAbuseLimiter.connect({
          url: config.redisUrl,
          limit: config.abuseLimit,
          windowMs: config.abuseWindowSeconds * 1000,
          onModeChange: (mode, err) =>
            mode === 'local'
              ? log?.warn({ err }, 'Redis unreachable: abuse limits are per instance until it is back')
              : log?.warn({}, 'Redis is back: abuse limits are shared again'),
        })
      : undefined;
    const metrics = createMetrics(db, system.readModel, follower);
    // Documents and photo decoding on worker threads: the lookups on this thread never wait for them.
    const renderPool = new RenderPool({
      threads: config.renderThreads,
      queue: config.renderQueue,
      priority: config.backgroundPriority,
    });
    const app = buildApp({
      config,
      db,
      readModel: system.readModel,
      service: system.service,
      clock,
      keys: system.keys,
      statusLists: system.statusLists,
      metrics,
      sessionPolicy: {
        idleMinutes: config.consoleIdleMinutes,
        maxHours: config.consoleMaxHours,
        maxFailures: config.signInMaxFailures,
        lockMinutes: config.signInLockMinutes,
      },
      verify: { publicBaseUrl: config.publicBaseUrl, rulebooks },
      follower,
      limiter,
      renderPool,
      reception: receptionFromEnv(process.env),
    });
    log = app.log;
    await follower?.start();
    system.statusLists.onError = (err) => app.log.error({ err }, 'status lists not rebuilt; will try again');
    // C9: a key rotated by the CLI or another instance is picked up within a minute.
    const stopKeyRefresh = system.keys.startRefreshing((err) =>
      app.log.error({ err }, 'signing keys not re-read; keeping the ones in memory'),
    );
    // LMA_METRICS_PORT: metrics on their own listener, reachable from this machine only.
    const metricsApp = config.metricsPort !== null ? buildMetricsApp(metrics, config) : null;
    // Started once listening (below).
    let scheduler: Scheduler | null = null;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      // In-flight requests finish (return503OnClosing answers new ones), lookup counts are flushed
      // (onClose), then the database is closed and the data-directory lock released.
      await metricsApp?.close();
      await app.close();
      await scheduler?.stop();
      stopKeyRefresh();
      system.statusLists.stop();
      await follower?.stop();
      await limiter?.close();
      await renderPool.destroy();
      await db.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    if (metricsApp) await metricsApp.listen({ port: config.metricsPort as number, host: '127.0.0.1' });
    // The daily jobs once listening: their first run (catching up a day the server was down) takes
    // seconds with a million cards, and lookups need none of it.
    const letterDir = config.letterDir;
    const retention = new Retention({
      db,
      readModel: system.readModel,
      clock,
      months: config.retentionMonths,
      ...(letterDir ? { removeLetterFiles: letterFileRemover(letterDir) } : {}),
    });
    scheduler = startScheduler(db, clock, app.log, {
      onSweep: (r) => metrics.remindersMade.inc(r.created),
      // R15: counts and dates only, never whom.
      retention: () => runRetentionJob(retention),
      ...(letterDir
        ? {
            letters: async () => {
              const r = await runLetterJob(system.service, letterDir, 200, (l) => renderPool.letterPdf(l));
              return { printed: r.printed, post: r.post, forwarding: r.forwarding };
            },
          }
        : {}),
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const ms = Math.round(performance.now() - started);
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded database in ${config.dataDir}`;
    const pinned = config.pinnedClock ? `; clock pinned at ${config.pinnedClock.toISOString()}` : '';
    console.log(
      `lmakort listening on http://${config.host}:${port} — ${system.readModel.cardCount} cards, ${where}, ready in ${ms} ms${pinned}`,
    );
    console.log(`Lookup form: ${config.publicBaseUrl}/k/`);
    console.log(`Verifier app: ${config.publicBaseUrl}/verify`);
    console.log(`Officer console: ${config.publicBaseUrl}/officer/`);
    // First run: while no administrator exists, a one-time link to choose the first one (and the CLI way).
    const setup = await new FirstAdmin(db, clock).issueLink();
    if (setup) {
      console.log(
        `No administrator yet. Choose the first one in the browser (works once, until ${setup.expiresAt.toISOString()}): ${config.publicBaseUrl}/officer/setup/${setup.token}`,
      );
      console.log(
        "  or, with the server stopped: npx lmakort officer create --username NAME --role admin (asks for the password; or pipe it: echo 'a-long-passphrase' | …)",
      );
    }
    console.log(`Status lists (docs/status-list.md): ${config.publicBaseUrl}/status-lists`);
    // Built and signed after listening: lookups need only the read model and the entries, and a
    // list asked for before this is done waits for it. With a million cards this is seconds.
    const listsStarted = performance.now();
    system.statusLists.refresh().then(
      () =>
        app.log.info({ ms: Math.round(performance.now() - listsStarted) }, 'status lists built and signed'),
      (err) => app.log.error({ err }, 'status lists not built; a list asked for will try again'),
    );
    if (metricsApp) console.log(`Metrics: http://127.0.0.1:${config.metricsPort}/metrics`);
    if (demoText) console.log(`Demo cards:\n${demoText}`);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
