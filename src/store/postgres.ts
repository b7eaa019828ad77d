// A PostgreSQL server through a pg pool: limits on connecting, statements and idle transactions,
// "did not answer" told apart from a refusal (DatabaseUnavailableError), and LISTEN on a connection
// of its own.

import pg from 'pg';
import type { Db, Listener, ListenHandlers } from './db.ts';
import { OID_DATE, OID_INT8, OID_TIMESTAMPTZ, toIso } from './db-values.ts';

const pgTypes = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === OID_INT8) return (v: string) => Number(v);
    if (oid === OID_DATE) return (v: string) => v;
    if (oid === OID_TIMESTAMPTZ) return toIso;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/**
 * The PostgreSQL server did not answer in time, or the connection to it failed: the answer is not
 * known, so callers say "unavailable" (503) rather than anything else.
 */
export class DatabaseUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the database did not answer: ${reason}`);
    this.name = 'DatabaseUnavailableError';
  }
}

export interface PostgresOptions {
  max?: number;
  /** Connecting (TCP and PostgreSQL's start-up) may take this long. */
  connectTimeoutMs?: number;
  /** One statement may run this long on the server; the client gives up a second later. */
  statementTimeoutMs?: number;
  /** The server ends a transaction left idle this long. */
  idleInTransactionTimeoutMs?: number;
}

export const POSTGRES_DEFAULTS = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  idleInTransactionTimeoutMs: 30_000,
} as const;

/** SQLSTATE classes and codes that mean the server could not do it now, not that the input was wrong. */
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[1-3]|25P03|53...)$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** The error as DatabaseUnavailableError when it means the server did not answer; else itself. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const e = error as { code?: unknown; message?: unknown; severity?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (typeof e?.severity === 'string' && UNAVAILABLE_SQLSTATE.test(code)) {
    return new DatabaseUnavailableError(`the server refused with SQLSTATE ${code}`);
  }
  if (NETWORK_CODES.has(code)) return new DatabaseUnavailableError(code);
  if (
    /Query read timeout|timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return new DatabaseUnavailableError(message.slice(0, 120));
  }
  return error;
}

export async function openPostgres(connectionString: string, options: PostgresOptions = {}): Promise<Db> {
  const connectTimeoutMs = options.connectTimeoutMs ?? POSTGRES_DEFAULTS.connectTimeoutMs;
  const statementTimeoutMs = options.statementTimeoutMs ?? POSTGRES_DEFAULTS.statementTimeoutMs;
  const idleInTransactionTimeoutMs =
    options.idleInTransactionTimeoutMs ?? POSTGRES_DEFAULTS.idleInTransactionTimeoutMs;
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    types: pgTypes,
    // A server that accepts connections but never answers must not hang a start or a request: the
    // connection, each statement (on the server, and here a second later should the server not
    // answer at all) and a transaction left idle all have a limit.
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: statementTimeoutMs + 1_000,
    keepAlive: true,
    // No JIT: our statements are small, and PostgreSQL compiled any whose estimated cost passed
    // jit_above_cost — the follower's catch-up took 22 ms instead of 3, of which 10-30 ms was
    // compiling, and two instances' soak went stale beyond 100 ms (docs/performance.md).
    options:
      '-c TimeZone=UTC -c jit=off ' +
      `-c statement_timeout=${statementTimeoutMs} ` +
      `-c idle_in_transaction_session_timeout=${idleInTransactionTimeoutMs}`,
  });
  // A connection the server ends while it sits idle in the pool (a restart, an administrator, a
  // dropped database) is reported here, and the pool drops it and opens another when next needed.
  // Without a listener the report is an unhandled 'error' event, which ends the process. Found by
  // CI: a test database dropped WITH (FORCE) just after pool.end() had let go of its clients.
  pool.on('error', () => {});
  // Fail now, with the server's own words, rather than at the first request.
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw asUnavailable(error);
  }
  const connect = async () => {
    try {
      return await pool.connect();
    } catch (error) {
      throw asUnavailable(error);
    }
  };
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      try {
        return (await pool.query(sql, params as unknown[])) as unknown as { rows: T[] };
      } catch (error) {
        throw asUnavailable(error);
      }
    },
    transaction: async (fn) => {
      const client = await connect();
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(sql: string, params?: readonly unknown[]) => {
            try {
              return (await client.query(sql, params as unknown[])) as unknown as { rows: T[] };
            } catch (error) {
              const mapped = asUnavailable(error);
              if (mapped instanceof DatabaseUnavailableError) broken = mapped;
              throw mapped;
            }
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        const mapped = asUnavailable(error);
        if (mapped instanceof DatabaseUnavailableError) broken = mapped;
        // A connection whose server stopped answering is not used again: it is closed, not pooled.
        if (!broken)
          await client.query('ROLLBACK').catch((e) => {
            broken = e;
          });
        throw mapped;
      } finally {
        client.release(broken ? (broken as Error) : undefined);
      }
    },
    listen: (channel, handlers) =>
      listenOn(connectionString, channel, handlers, { connectTimeoutMs, statementTimeoutMs }),
    close: () => pool.end(),
  };
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function listenOn(
  connectionString: string,
  channel: string,
  handlers: ListenHandlers,
  timeouts: { connectTimeoutMs: number; statementTimeoutMs: number },
): Promise<Listener> {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const client = new pg.Client({
    connectionString,
    types: pgTypes,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + 1_000,
    keepAlive: true,
  });
  let lost = false;
  let closing = false;
  const lose = (error: Error) => {
    if (lost || closing) return;
    lost = true;
    client.removeAllListeners('notification');
    // The connection is dead; end() releases the socket (errors from a dead socket do not matter).
    client.end().catch(() => {});
    handlers.onLost(error);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('the listening connection ended')));
  client.on('notification', (n) => {
    if (n.channel === channel) handlers.onNotify(n.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
  } catch (error) {
    closing = true;
    await client.end().catch(() => {});
    throw asUnavailable(error);
  }
  return {
    pid: (client as unknown as { processID: number }).processID,
    close: async () => {
      closing = true;
      await client.end().catch(() => {});
    },
  };
}
