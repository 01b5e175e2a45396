import { problemType, type ProblemDetails } from './problem-details.js';

export interface Unavailability {
  /** What the log line says: a Postgres SQLSTATE or a driver's error code, never its message. */
  code: string;
  retryAfterSeconds: number;
}

// SQLSTATEs that say "not now", not "not this": the same request may well succeed shortly.
const TRANSIENT_STATES: Record<string, number> = {
  '57014': 5, // query_canceled: statement_timeout
  '55P03': 2, // lock_not_available: lock_timeout
  '40001': 1, // serialization_failure
  '40P01': 1, // deadlock_detected
  '25P03': 5, // idle_in_transaction_session_timeout
  '57P01': 5, // admin_shutdown
  '57P02': 5, // crash_shutdown
  '57P03': 5, // cannot_connect_now (starting up, in recovery)
  '53300': 5, // too_many_connections
  '3D000': 30, // the database does not exist (dropped or not yet created)
};
const TRANSIENT_CLASSES: Record<string, number> = {
  '08': 5, // connection exception
  '53': 5, // insufficient resources
};
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg and pg-pool report these without a code.
const DRIVER_MESSAGES: [RegExp, string][] = [
  [/^timeout exceeded when trying to connect$/, 'pool-timeout'],
  [/^Connection terminated/, 'connection-terminated'],
  [/^Query read timeout$/, 'query-timeout'],
  [/is not queryable$/, 'connection-broken'],
  [/^Client was closed and is not queryable$/, 'connection-broken'],
];

/**
 * Whether an error means the database is down, unreachable, overloaded or too slow — a 503 the
 * client may retry — rather than a fault in this request. Looks through TypeORM's wrapper
 * (`driverError`) and `cause` chains.
 */
export function databaseUnavailable(error: unknown, depth = 0): Unavailability | undefined {
  if (error === null || typeof error !== 'object' || depth > 3) return undefined;
  const { code, message, driverError, cause, name } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    name?: unknown;
  };
  // TypeORM lets go of a query runner whose connection failed; its next statement then fails so.
  if (name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError')
    return { code: 'connection-lost', retryAfterSeconds: 5 };
  if (typeof code === 'string') {
    if (code in TRANSIENT_STATES) return { code, retryAfterSeconds: TRANSIENT_STATES[code] };
    if (/^[0-9A-Z]{5}$/.test(code) && code.slice(0, 2) in TRANSIENT_CLASSES)
      return { code, retryAfterSeconds: TRANSIENT_CLASSES[code.slice(0, 2)] };
    if (NETWORK_CODES.has(code)) return { code, retryAfterSeconds: 5 };
  }
  if (typeof message === 'string' && code === undefined) {
    const known = DRIVER_MESSAGES.find(([pattern]) => pattern.test(message));
    if (known) return { code: known[1], retryAfterSeconds: 5 };
  }
  return databaseUnavailable(driverError, depth + 1) ?? databaseUnavailable(cause, depth + 1);
}

export function unavailableProblem(): ProblemDetails {
  return {
    type: problemType('database-unavailable'),
    title: 'Service unavailable',
    status: 503,
    detail: 'The database does not answer in time. Retry after the time in Retry-After.',
  };
}
