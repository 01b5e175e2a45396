import type { Caller } from '../auth/index.js';
import type { ReportFilters } from './dto/report-filters.dto.js';
import { addDays, planPeriod, singleSlice, type DayRange, type PeriodPlan } from './period-plan.js';
import { placeConditions, scopeCondition, where, type PlaceColumns, type SqlParams } from './report-scope.js';

/**
 * Where a report's figures come from (docs/reports.md, "Projections"): the rollups, summed over
 * the slices of the period, plus the per-entity rows of the days at its edges; or, when the rollups
 * do not keep what the query asks about (a municipality, a chosen solution, a theme within
 * regions), the per-entity rows alone. Both give the same figures; the rollups only read less.
 */

/** A rollup's place columns: 'state' keeps the state, 'region' also the region, 'theme' the state and theme. */
export type Grain = 'state' | 'region' | 'theme';

/** What a report shows its figures by. */
export type ReportGroup = 'none' | 'state' | 'region' | 'municipality';

export interface ReportSource {
  /** The rollup grain that can answer, or null: the per-entity rows answer alone. */
  grain: Grain | null;
  plan: PeriodPlan;
}

/**
 * The coarsest rollup that keeps everything the caller's scope, the filters and the grouping
 * look at, with the period's plan.
 */
export function reportSource(caller: Caller, filters: ReportFilters, group: ReportGroup): ReportSource {
  const plan = planPeriod(filters.from, filters.to);
  if (group === 'municipality' || filters.municipalityId !== undefined || filters.solutionId !== undefined) {
    return { grain: null, plan };
  }
  const byRegion =
    group === 'region' ||
    filters.regionId !== undefined ||
    (caller.kind === 'user' ? caller.role === 'lotse' : caller.regionIds.length > 0);
  if (filters.theme !== undefined) return { grain: byRegion ? null : 'theme', plan };
  return { grain: byRegion ? 'region' : 'state', plan };
}

/** A projection's columns named by its alias: every projection row knows its case's place. */
export const placeOf = (alias: string): PlaceColumns => ({
  stateCode: `${alias}.state_code`,
  regionId: `${alias}.region_id`,
  municipalityId: `${alias}.municipality_id`,
});

/**
 * The rollup rows (alias `r`) a report sums: its grain, the slices of the period, the caller's
 * scope and the place and theme filters. Null when the rollups do not answer: the query then
 * leaves out its rollup part.
 */
export function rollupConditions(
  source: ReportSource,
  caller: Caller,
  filters: ReportFilters,
  params: SqlParams,
): string | null {
  const { grain, plan } = source;
  if (grain === null || !(plan.allTime || plan.slices.length > 0)) return null;
  return where([
    `(${sliceConditions(plan, params).join(' OR ')})`,
    cellConditions(grain, caller, filters, params),
  ]);
}

/**
 * The cells of a rollup (alias `r`) in the caller's view: its grain, the caller's scope, the
 * place and theme filters; without slices (the sitting counts have none).
 */
export function cellConditions(
  grain: Grain,
  caller: Caller,
  filters: ReportFilters,
  params: SqlParams,
): string {
  return where([
    `r.grain = '${grain}'`,
    scopeCondition(caller, placeOf('r'), params),
    ...placeConditions({ stateCode: filters.stateCode, regionId: filters.regionId }, placeOf('r'), params),
    grain === 'theme' ? `r.theme = ${params.add(filters.theme)}` : 'r.theme IS NULL',
  ]);
}

/**
 * The per-entity rows (alias `alias`) a report reads itself: the caller's scope, every filter, and
 * on `timeColumn` the days the rollups leave (all of the period when there is no grain).
 */
export function rawConditions(
  source: ReportSource,
  alias: string,
  timeColumn: string,
  caller: Caller,
  filters: ReportFilters,
  params: SqlParams,
): string {
  const ranges =
    source.grain === null
      ? source.plan.allTime
        ? null
        : [{ from: filters.from ?? null, to: filters.to === undefined ? null : addDays(filters.to, 1) }]
      : source.plan.days;
  if (ranges !== null && ranges.length === 0) return 'FALSE';
  return where([
    ...(ranges === null
      ? []
      : [`(${ranges.map((range) => dayRange(timeColumn, range, params)).join(' OR ')})`]),
    ...entityConditions(alias, caller, filters, params),
  ]);
}

/** Scope and every filter on a projection row (alias `alias`), without the period. */
export function entityConditions(
  alias: string,
  caller: Caller,
  filters: Pick<ReportFilters, 'stateCode' | 'regionId' | 'municipalityId' | 'solutionId' | 'theme'>,
  params: SqlParams,
): string[] {
  const conditions = [
    scopeCondition(caller, placeOf(alias), params),
    ...placeConditions(filters, placeOf(alias), params),
  ];
  if (filters.solutionId)
    conditions.push(`${alias}.chosen_solution_id = ${params.add(filters.solutionId)}::uuid`);
  if (filters.theme) conditions.push(`${alias}.theme = ${params.add(filters.theme)}`);
  return conditions;
}

/**
 * The slices of the plan, as conditions on `r.span` and `r.slice`. One slice is asked for by
 * equality: the rollup indexes then deliver its cells in the order the reports group them.
 */
function sliceConditions(plan: PeriodPlan, params: SqlParams): string[] {
  if (plan.allTime) return [`r.span = 'all' AND r.slice IS NULL`];
  return plan.slices.map((range) => {
    const slice = singleSlice(range);
    return where([
      `r.span = '${range.span}'`,
      ...(slice !== null
        ? [`r.slice = ${params.add(slice)}::date`]
        : [
            ...(range.from === null ? [] : [`r.slice >= ${params.add(range.from)}::date`]),
            ...(range.to === null ? [] : [`r.slice < ${params.add(range.to)}::date`]),
          ]),
    ]);
  });
}

/** A half-open range of Berlin days as a condition on a time column. */
export function dayRange(column: string, range: DayRange, params: SqlParams): string {
  return where([
    ...(range.from === null
      ? []
      : [`${column} >= (${params.add(range.from)}::date)::timestamp AT TIME ZONE 'Europe/Berlin'`]),
    ...(range.to === null
      ? []
      : [`${column} < (${params.add(range.to)}::date)::timestamp AT TIME ZONE 'Europe/Berlin'`]),
  ]);
}
