import type { DataSource } from 'typeorm';

export interface LoggedStatement {
  sql: string;
  params: unknown[];
}

const RATE_LIMIT_COUNTER = /^\s*INSERT INTO rate_limit_windows\b/;
/** The caller's account, read when the caller cache does not hold it (at most every few seconds). */
export const ACCOUNT_READ = /FROM users u WHERE u\.id = \$1 AND u\.active/;

/**
 * Records every statement the app sends (raw SQL and query builders alike pass the query
 * runner), to count queries or EXPLAIN exactly what a request ran.
 */
export function logQueries(db: DataSource) {
  const statements: LoggedStatement[] = [];
  const runner = Object.getPrototypeOf(db.createQueryRunner()) as {
    query: (...args: unknown[]) => Promise<unknown>;
  };
  const original = runner.query;
  runner.query = function (this: unknown, sql: unknown, params?: unknown, ...rest: unknown[]) {
    statements.push({ sql: String(sql), params: (params as unknown[]) ?? [] });
    return original.call(this, sql, params, ...rest);
  };
  return {
    /**
     * The statements a request sends for its route — not the rate limiter's counter, one upsert
     * per request whatever the route (rate-limits.e2e-spec.ts is about that one), nor the caller's
     * account, which the caller cache reads when it expires (caller-cache.e2e-spec.ts).
     */
    async during(request: () => Promise<unknown>): Promise<LoggedStatement[]> {
      return (await this.allDuring(request)).filter(
        (s) => !RATE_LIMIT_COUNTER.test(s.sql) && !ACCOUNT_READ.test(s.sql),
      );
    },
    /** Every statement a request sends, the caller's account read included. */
    async allDuring(request: () => Promise<unknown>): Promise<LoggedStatement[]> {
      statements.length = 0;
      await request();
      return statements.splice(0);
    },
    stop() {
      runner.query = original;
    },
  };
}
