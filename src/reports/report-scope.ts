import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/index.js';
import { Problems } from '../common/problems/problem.exception.js';
import type { ReportFilters } from './dto/report-filters.dto.js';
import { GROUP_LABELS } from './sql/case-status.sql.js';

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

/** A case's own place columns (alias `c`), and a municipality's (alias `m`). */
export const CASE_PLACE: PlaceColumns = {
  stateCode: 'c.state_code',
  regionId: 'c.region_id',
  municipalityId: 'c.municipality_id',
};
export const MUNICIPALITY_PLACE: PlaceColumns = {
  stateCode: 'm.state_code',
  regionId: 'm.region_id',
  municipalityId: 'm.id',
};

/**
 * What of the data a caller's reports may count: people other than pilots everything; a pilot
 * her regions; an API client its territory (states or regions). One condition, added to every
 * query a report runs, so no figure can leak another territory.
 */
export function scopeCondition(caller: Caller, place: PlaceColumns, params: SqlParams): string {
  if (seesEverything(caller)) return 'TRUE';
  if (caller.kind === 'user') return `${place.regionId} = ANY(${params.add([...caller.regionIds])}::uuid[])`;
  return `(${place.stateCode} = ANY(${params.add([...caller.stateCodes])}::varchar[]) OR ${place.regionId} = ANY(${params.add([...caller.regionIds])}::uuid[]))`;
}

/** People other than pilots count every case; pilots and API clients their territory. */
export function seesEverything(caller: Caller): boolean {
  return caller.kind === 'user' && caller.role !== 'lotse';
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

export function where(conditions: readonly string[]): string {
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}

/** Each date is valid alone; a period that ends before it starts is a bad `to`, like any other. */
export function assertPeriod(filters: Pick<ReportFilters, 'from' | 'to'>): void {
  if (filters.from && filters.to && filters.to < filters.from) {
    throw Problems.validation([{ field: 'to', message: 'to must not be before from' }]);
  }
}

/**
 * The cases a report counts (alias `c`): the caller's scope, the place filters, and the chosen
 * solution and its theme (alias `s`: the query joins `solutions` when `theme` is given). The
 * period is each report's own, on the time it is about.
 */
export function caseConditions(caller: Caller, filters: ReportFilters, params: SqlParams): string[] {
  const conditions = [
    scopeCondition(caller, CASE_PLACE, params),
    ...placeConditions(filters, CASE_PLACE, params),
  ];
  if (filters.solutionId) conditions.push(`c.chosen_solution_id = ${params.add(filters.solutionId)}::uuid`);
  if (filters.theme) conditions.push(`s.theme = ${params.add(filters.theme)}`);
  return conditions;
}

/**
 * Names each group (a state, region or municipality; one query) and sorts the groups by name, in
 * German order, the group without a key (cases outside every region) last.
 */
export async function labelledGroups<G extends { key: string | null; label: string | null }>(
  db: DataSource,
  groupBy: 'none' | keyof typeof GROUP_LABELS,
  groups: readonly G[],
): Promise<G[]> {
  const keys = groups.flatMap((group) => (group.key === null ? [] : [group.key]));
  const rows: { key: string; label: string }[] =
    groupBy === 'none' || keys.length === 0 ? [] : await db.query(GROUP_LABELS[groupBy], [keys]);
  const labels = new Map(rows.map((row) => [row.key, row.label]));
  return groups
    .map((group) =>
      Object.assign(group, { label: group.key === null ? null : (labels.get(group.key) ?? null) }),
    )
    .sort((a, b) => (a.label ?? '\uffff').localeCompare(b.label ?? '\uffff', 'de'));
}
