// The app as serve.ts builds it (without the daily jobs), configured as in production except for
// silent logs and abuse limits out of reach, so a bench measures the work, not the refusals (every
// request comes from one client address here).

import type { FastifyInstance } from 'fastify';
import { type Config, parseConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import type { System } from '../src/system.ts';

export function benchApp(
  system: System,
  where: { publicBaseUrl: string; dataDir: string },
  limits: Partial<Pick<Config, 'abuseLimit' | 'receiptLimit'>> = {},
): FastifyInstance {
  const config = {
    ...parseConfig({
      NODE_ENV: 'production',
      LMA_RETENTION_MONTHS: '24',
      PUBLIC_BASE_URL: where.publicBaseUrl,
      LMA_LOG_LEVEL: 'silent',
      LMA_DATA_DIR: where.dataDir,
    }),
    abuseLimit: 1e9,
    ...limits,
  };
  return buildApp({
    config,
    db: system.db,
    readModel: system.readModel,
    service: system.service,
    clock: system.clock,
    keys: system.keys,
    // The status answer carries the card's status-list entry, as in production.
    statusLists: system.statusLists,
  });
}
