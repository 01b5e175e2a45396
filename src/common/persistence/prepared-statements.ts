import pg from 'pg';
import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';

/** How a query builder's SQL begins when `prepared` marked it (TypeORM writes comments so). */
const MARK = '/* prepared */ ';

/** Statement texts one process prepares at most; any beyond run unprepared, as all others do. */
export const PREPARED_LIMIT = 200;
/**
 * A text is prepared on its third run: a page's limit is written into its text (TypeORM inlines
 * it), so a caller trying unusual limits once must not take the places of the hot pages.
 */
export const PREPARED_AFTER_RUNS = 3;

/**
 * Marks a hot read (a list page) to be prepared once per connection and run from its plan after.
 * PostgreSQL parses and plans an unnamed statement on every run: for the case list of a region
 * that was 0.25 of its 0.56 ms of server CPU (docs/performance.md). Only statements whose text is
 * one of a few shapes whatever the request (parameters, not inlined values or lists of varying
 * length) may be marked: each text is prepared on each connection that runs it, and kept.
 */
export function prepared<Row extends ObjectLiteral>(qb: SelectQueryBuilder<Row>): SelectQueryBuilder<Row> {
  return qb.comment('prepared');
}

/** As `prepared`, for a statement written as SQL: a constant text with parameters. */
export function preparedSql(text: string): string {
  return `${MARK}${text}`;
}

/**
 * A pg client class that runs statements `prepared` marked as named prepared statements: one name
 * per distinct text from its third run on, shared by every connection of the process (pg prepares
 * a name on a connection the first time it runs there). After five runs PostgreSQL keeps a
 * generic plan when it costs no more than the ones made for the values: the keyset pages it is
 * meant for seek the same index whatever the value (the plan tests check the generic plans).
 */
export function preparingClient(Base: typeof pg.Client, limit = PREPARED_LIMIT): typeof pg.Client {
  const names = new Map<string, string>();
  const runs = new Map<string, number>();
  const nameOf = (text: string) => {
    const name = names.get(text);
    if (name !== undefined || names.size >= limit) return name;
    const run = (runs.get(text) ?? 0) + 1;
    if (run < PREPARED_AFTER_RUNS) {
      // Counting texts seen once or twice is bounded too; forgetting them only delays a prepare.
      if (runs.size >= 4 * limit) runs.clear();
      runs.set(text, run);
      return undefined;
    }
    runs.delete(text);
    const next = `transferstelle_${names.size + 1}`;
    names.set(text, next);
    return next;
  };
  class PreparingClient extends Base {
    // pg's overloads; only (text, values) — how TypeORM sends every statement — is renamed.
    override query(...args: unknown[]): never {
      const [text, values] = args;
      if (typeof text === 'string' && text.startsWith(MARK) && Array.isArray(values) && args.length === 2) {
        const name = nameOf(text);
        if (name !== undefined) return super.query({ name, text, values }) as never;
      }
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  return PreparingClient as unknown as typeof pg.Client;
}
