// What an error may say in a log line. Database drivers attach the statement and its values to their
// errors: PGlite's carry `query` and `params`, both drivers' carry `detail` ("Key (x)=(value)"),
// `where` ("parameter $1 = '…'"), `internalQuery`, and a message that may quote a value ('invalid
// input syntax for type date: "…"'). Logged as they are, those hold names, birth dates and personal
// identity numbers (R12, P5). This serializer keeps only what describes the error, never the values.

/** Fields a PostgreSQL error (from pg or PGlite) carries that name schema objects or code, not values. */
const DATABASE_FIELDS = [
  'code',
  'severity',
  'routine',
  'file',
  'line',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'position',
] as const;

const MAX_DEPTH = 4;

/** A PostgreSQL error (pg's DatabaseError, PGlite's error): a SQLSTATE code and a severity. */
function isDatabaseError(error: Record<string, unknown>): boolean {
  return (
    typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) && typeof error.severity === 'string'
  );
}

/** A database message with every quoted part masked: the quotes may hold a value from the statement. */
function maskQuoted(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'");
}

export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  [field: string]: unknown;
}

/**
 * An error as a log line may carry it. Database errors keep their SQLSTATE code, severity, routine
 * and the schema names they point at; their message has its quoted parts masked, and nothing else
 * (statement, values, detail, where, hint) is kept. Other errors keep type, message, stack, code and
 * statusCode. `cause` and an AggregateError's `errors` are serialised the same way.
 */
export function safeError(error: unknown, depth = 0): SafeError {
  if (error === null || typeof error !== 'object') return { type: typeof error, message: String(error) };
  const e = error as Error & Record<string, unknown>;
  const type = e.constructor?.name ?? 'Error';
  const database = isDatabaseError(e);
  const message = database ? maskQuoted(String(e.message ?? '')) : String(e.message ?? '');
  const out: SafeError = { type, message };
  if (typeof e.stack === 'string') {
    // The stack's first lines repeat the message; only the frames are kept after our own.
    const frames = e.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n');
    out.stack = frames ? `${type}: ${message}\n${frames}` : `${type}: ${message}`;
  }
  if (database) {
    for (const field of DATABASE_FIELDS) {
      if (e[field] !== undefined) out[field] = e[field];
    }
  } else {
    if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
    if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  }
  if (depth < MAX_DEPTH) {
    if (e.cause !== undefined) out.cause = safeError(e.cause, depth + 1);
    if (Array.isArray(e.errors)) out.errors = e.errors.slice(0, 10).map((x) => safeError(x, depth + 1));
  }
  return out;
}

/** The one-line text of an error for a person reading the command line's output. */
export function safeErrorText(error: unknown): string {
  const safe = safeError(error);
  return safe.stack ?? `${safe.type}: ${safe.message}`;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}
