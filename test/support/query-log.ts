import type { DataSource } from 'typeorm';

export interface LoggedStatement {
  sql: string;
  params: unknown[];
}

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
    /** The statements a request sends. */
    async during(request: () => Promise<unknown>): Promise<LoggedStatement[]> {
      statements.length = 0;
      await request();
      return statements.splice(0);
    },
    stop() {
      runner.query = original;
    },
  };
}
