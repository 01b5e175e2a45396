import type { Caller } from '../auth/index.js';
import { Problems } from '../common/problems/problem.exception.js';
import type { ReportFilters } from './dto/report-filters.dto.js';

/** Positional parameters for one query: `add` returns the placeholder a value is bound to. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Columns of a row that knows where it is: a case (its own columns) or a municipality. */
export interface PlaceColumns {
  stateCode: string;
  regionId: string;
  municipalityId: string;
}

/**
 * What of the data a caller's reports may count: people other than pilots everything; a pilot
 * her regions; an API client its territory (states or regions). One condition, added to every
 * query a report runs, so no figure can leak another territory.
 */
export function scopeCondition(caller: Caller, place: PlaceColumns, params: SqlParams): string {
  if (caller.kind === 'user') {
    if (caller.role !== 'lotse') return 'TRUE';
    return `${place.regionId} = ANY(${params.add([...caller.regionIds])}::uuid[])`;
  }
  return `(${place.stateCode} = ANY(${params.add([...caller.stateCodes])}::varchar[]) OR ${place.regionId} = ANY(${params.add([...caller.regionIds])}::uuid[]))`;
}

/** The place filters (state, region, municipality) every report takes, as conditions. */
export function placeConditions(filters: ReportFilters, place: PlaceColumns, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (filters.stateCode) conditions.push(`${place.stateCode} = ${params.add(filters.stateCode)}`);
  if (filters.regionId) conditions.push(`${place.regionId} = ${params.add(filters.regionId)}::uuid`);
  if (filters.municipalityId) {
    conditions.push(`${place.municipalityId} = ${params.add(filters.municipalityId)}::uuid`);
  }
  return conditions;
}

/**
 * The period `[from, to]` as a condition on a time column: whole days in Europe/Berlin, `to`
 * included (a German office's "bis 31.3." means the whole day).
 */
export function periodConditions(filters: ReportFilters, column: string, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (filters.from) {
    conditions.push(
      `${column} >= (${params.add(filters.from)}::date)::timestamp AT TIME ZONE 'Europe/Berlin'`,
    );
  }
  if (filters.to) {
    conditions.push(
      `${column} < ((${params.add(filters.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin')`,
    );
  }
  return conditions;
}

/** Each date is valid alone; a period that ends before it starts is the pair's fault: 422. */
export function assertPeriod(filters: ReportFilters): void {
  if (filters.from && filters.to && filters.to < filters.from) {
    throw Problems.unprocessable(
      'inverted-period',
      `the period ends (${filters.to}) before it starts (${filters.from})`,
      [{ field: 'to', message: 'to must not be before from' }],
    );
  }
}

export function where(conditions: readonly string[]): string {
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}
