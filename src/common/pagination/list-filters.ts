import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A filter whose condition depends on its value (a flag, a prefix), or whose parameter needs preparing. */
export interface FilterRule<V> {
  /** The condition, with `:<parameter name>` as its placeholder; null adds none. */
  where: (value: V) => string | null;
  /** What the placeholder is bound to; the value itself by default. */
  bind?: (value: V) => unknown;
}

/**
 * A list's filters, declared once as a table from query parameter to SQL condition (placeholder
 * `:<parameter name>`). The same table builds the query and the cursor's scope, so a filter can
 * never narrow the rows without also binding the cursor to it.
 */
export type ListFilters<Q> = { readonly [K in keyof Q]?: string | FilterRule<NonNullable<Q[K]>> };

/** Adds the conditions of the given filters to the query; returns the filter values, for `cursorScope`. */
export function applyListFilters<Q extends object, Row extends ObjectLiteral>(
  qb: SelectQueryBuilder<Row>,
  query: Q,
  filters: ListFilters<Q>,
): Record<string, unknown> {
  const used: Record<string, unknown> = {};
  for (const [param, filter] of Object.entries(filters) as [string, string | FilterRule<unknown>][]) {
    const value = (query as Record<string, unknown>)[param];
    if (value === undefined) continue;
    used[param] = value;
    const condition = typeof filter === 'string' ? filter : filter.where(value);
    if (condition === null) continue;
    const bound = typeof filter === 'string' || !filter.bind ? value : filter.bind(value);
    qb.andWhere(condition, { [param]: bound });
  }
  return used;
}
