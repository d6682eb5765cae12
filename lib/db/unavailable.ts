import { AppError } from '../errors';

/** PostgreSQL cannot be reached or refuses work right now: answer 503 so the caller retries later. */
export class DatabaseUnavailableError extends AppError {
  override readonly name = 'DatabaseUnavailableError';
  readonly code = 'UNAVAILABLE';
}

// Connection-level failures: the server is down, restarting, out of connections or unreachable.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const SQLSTATE_PREFIXES = ['08', '57P', '53'];
// Prisma: P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 connection closed, P2024 pool timeout,
// P2028 an interactive transaction could not start in time (the pool is held by a slow or frozen server).
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
// Driver adapter error kinds that mean the connection, not the query, failed (@prisma/client-engine-runtime maps them
// to P1001/P1008/P1017/P2037 for model queries, but a raw query's error is P2010 "Raw query failed. Code: `N/A`",
// keeping only the kind in meta.driverAdapterError.cause.kind).
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'SocketTimeout', 'ConnectionClosed', 'TooManyConnections']);
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Can't reach database server/i,
  /canceling statement due to statement timeout/i,
  /Query read timeout/i,
  /Connection terminated due to connection timeout/i,
  /database wait exceeded its deadline/i,
  // SQLSTATE 55000 with this text: the database refuses connections (ALLOW_CONNECTIONS false, being dropped).
  /database "[^"]*" is not currently accepting connections/i,
];

/** True for errors that mean "the database is unavailable" rather than "this query is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const { code, message } = e as { code?: unknown; message?: unknown };
    // Prisma 7 reports a PostgreSQL error its driver adapter passed up as P2039 "Database error. Code: `57P03` …"
    // (P2010 for raw queries), keeping the SQLSTATE in meta.driverAdapterError.cause.originalCode
    // (@prisma/client runtime, the functions building those two errors).
    const adapterCause = (
      e as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } }
    ).meta?.driverAdapterError?.cause;
    const sqlstate = adapterCause?.originalCode;
    if (typeof sqlstate === 'string' && SQLSTATE_PREFIXES.some((p) => sqlstate.startsWith(p))) return true;
    if (typeof adapterCause?.kind === 'string' && ADAPTER_KINDS.has(adapterCause.kind)) return true;
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) ||
        PRISMA_CODES.has(code) ||
        SQLSTATE_PREFIXES.some((p) => code.startsWith(p)) ||
        code === '57014')
    )
      return true;
    if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

/** Rethrows database-unavailable errors as DatabaseUnavailableError (keeping the cause), anything else as it is. */
export function asDatabaseError(error: unknown): unknown {
  return isDatabaseUnavailable(error)
    ? new DatabaseUnavailableError('The database is unavailable', { cause: error })
    : error;
}
