import { caseMoves, PASSING_STAGES_SQL } from './case-moves.sql.js';

/**
 * The stage durations' query: how long cases stay in each stage, from their timelines. One
 * statement; Postgres computes every figure (percentile_cont), Node only arranges the rows.
 */

/** How stays are grouped: the case's column that names the group. */
export const STAGE_GROUP_COLUMNS = {
  none: null,
  state: 'state_code::text',
  region: 'region_id::text',
} as const;

/** A duration in days, rounded to one decimal (numeric rounding: half away from zero). */
const days = (figure: string) => `round((${figure})::numeric, 1)::float8`;

/**
 * stageStays: per group (and for all groups together, `total`) and stage, two kinds of rows.
 * `completed`: the stays left in the period (`periodWhere` over `left_at`): count, median, p75 and
 * p90 in days. `current`: the cases sitting in a stage now (their last move, which is their
 * status): count, median, p90 and maximum of the days so far. A stay in stage S begins with the
 * move into S and ends with the case's next move (lead() over its moves by seq), so a step back
 * vermittelt → recherchiert begins a new stay in recherchiert.
 */
export function stageStays(
  group: string | null,
  caseWhere: string,
  withSolutions: boolean,
  periodWhere: string,
): string {
  // With a grouping, one grouping set per group and one for the totals; GROUPING() tells them apart.
  const key = group ?? 'NULL::text';
  const total = group ? `GROUPING(${group}) = 1` : 'TRUE';
  const groupBy = group ? `GROUPING SETS ((${group}, stage), (stage))` : 'stage';
  return `
    WITH moves AS (${caseMoves(caseWhere, withSolutions)}),
    stays AS (
      SELECT state_code, region_id, status, stage, at AS entered_at,
             lead(at) OVER (PARTITION BY case_id ORDER BY seq NULLS FIRST) AS left_at
      FROM moves
    )
    SELECT 'completed' AS kind, ${key} AS key, ${total} AS total, stage, count(*)::int AS n,
           ${days('percentile_cont(0.5) WITHIN GROUP (ORDER BY stay_days)')} AS median_days,
           ${days('percentile_cont(0.75) WITHIN GROUP (ORDER BY stay_days)')} AS p75_days,
           ${days('percentile_cont(0.9) WITHIN GROUP (ORDER BY stay_days)')} AS p90_days,
           NULL::float8 AS max_days
    FROM (
      SELECT *, (extract(epoch FROM left_at - entered_at) / 86400)::float8 AS stay_days
      FROM stays
      WHERE left_at IS NOT NULL AND stage IN ${PASSING_STAGES_SQL} AND ${periodWhere}
    ) completed
    GROUP BY ${groupBy}
    UNION ALL
    SELECT 'current', ${key}, ${total}, stage, count(*)::int,
           ${days('percentile_cont(0.5) WITHIN GROUP (ORDER BY stay_days)')},
           NULL::float8,
           ${days('percentile_cont(0.9) WITHIN GROUP (ORDER BY stay_days)')},
           ${days('max(stay_days)')}
    FROM (
      SELECT *, (extract(epoch FROM now() - entered_at) / 86400)::float8 AS stay_days
      FROM stays
      WHERE left_at IS NULL AND stage = status AND stage IN ${PASSING_STAGES_SQL}
    ) sitting
    GROUP BY ${groupBy}`;
}
