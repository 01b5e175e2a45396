/**
 * The stage durations' queries, over the stays projection (`report_stays`, one row per stay in a
 * stage) and its rollup of stay lengths (`report_stay_buckets`). A stay begins with the move into
 * its stage and ends with the case's next move, so a step back vermittelt → recherchiert begins a
 * new stay in recherchiert. Every figure is computed in Postgres; Node only arranges the rows.
 */

/** How stays are grouped: the column of a projection row that names the group, and its type. */
export const STAGE_GROUP_COLUMNS = {
  none: null,
  state: { column: 'state_code', type: 'varchar' },
  region: { column: 'region_id', type: 'uuid' },
} as const;
export type StageGroup = keyof typeof STAGE_GROUP_COLUMNS;

/** The stages a case leaves again; umgesetzt and abgebrochen are final. */
const PASSING = `('erfasst', 'recherchiert', 'vermittelt')`;

/** A stay that was left (alias `s`), in a stage a case passes through. */
const completed = (s: string) => `${s}.left_at IS NOT NULL AND ${s}.stage IN ${PASSING}`;

/** A duration in days, rounded to one decimal (numeric rounding: half away from zero). */
const days = (figure: string) => `round((${figure})::numeric, 1)::float8`;

const keyOf = (group: StageGroup, alias: string) => {
  const key = STAGE_GROUP_COLUMNS[group];
  return key ? `${alias}.${key.column}::text` : 'NULL::text';
};

/** Per group and stage and for all groups together (`total`); per stage alone without a group. */
function grouping(group: StageGroup, columns: string) {
  return group === 'none'
    ? { total: 'TRUE', key: 'NULL::text AS key', groupBy: columns }
    : { total: 'GROUPING(key) = 1', key: 'key', groupBy: `GROUPING SETS ((key, ${columns}), (${columns}))` };
}

/**
 * The length of the stay ranked `rank` (0-based) in a group's histogram: the stays of a bucket
 * are taken as spread evenly over it, the i-th of n at (i + ½) / n of its width.
 */
const atRank = (rank: string) =>
  `max(CASE WHEN ${rank} - before BETWEEN 0 AND n - 1
            THEN lower + (upper - lower) * (${rank} - before + 0.5) / n END)`;

/** percentile_cont(p) from the histogram: between the stays ranked below and above p · (count − 1). */
function estimated(p: number, alias: string) {
  const position = `${p} * (count - 1)`;
  return {
    ranks: `${atRank(`floor(${position})`)} AS ${alias}_low, ${atRank(`ceil(${position})`)} AS ${alias}_high`,
    figure: `${days(`${alias}_low + (${alias}_high - ${alias}_low) * (${position} - floor(${position}))`)} AS ${alias}_days`,
  };
}

const PERCENTILES = [
  [0.5, 'median'],
  [0.75, 'p75'],
  [0.9, 'p90'],
] as const;

/**
 * estimatedStays: per group and stage (and for all groups together), the stays left in the
 * period: their count, and median, p75 and p90 in days interpolated from the length histogram:
 * the rollup's cells in the period's slices (alias r; left out when the rollups do not answer)
 * plus the stays left on the days around them (alias s). Within about 1 % of the exact value; a
 * group small enough to sort is computed exactly instead (`exactStays`).
 */
export function estimatedStays(group: StageGroup, rollupWhere: string | null, rawWhere: string): string {
  const rollup = rollupWhere
    ? `SELECT ${keyOf(group, 'r')} AS key, r.stage, r.bucket, r.stays AS n
       FROM report_stay_buckets r
       WHERE ${rollupWhere}
       UNION ALL`
    : '';
  const sets = grouping(group, 'stage, bucket');
  const figures = PERCENTILES.map(([p, alias]) => estimated(p, alias));
  return `
    WITH cells AS (
      ${rollup}
      SELECT ${keyOf(group, 's')} AS key, s.stage, s.bucket, count(*) AS n
      FROM report_stays s
      WHERE ${completed('s')} AND ${rawWhere}
      GROUP BY 1, 2, 3
    ), grouped AS (
      SELECT ${sets.total} AS total, ${sets.key}, stage, bucket, sum(n)::bigint AS n
      FROM cells
      GROUP BY ${sets.groupBy}
    ), ranked AS (
      SELECT total, key, stage, n,
             sum(n) OVER (PARTITION BY total, key, stage ORDER BY bucket) - n AS before,
             sum(n) OVER (PARTITION BY total, key, stage) AS count,
             report_bucket_lower(bucket) AS lower, report_bucket_upper(bucket) AS upper
      FROM grouped
    ), at_ranks AS (
      SELECT total, key, stage, max(count) AS count, ${figures.map((f) => f.ranks).join(', ')}
      FROM ranked
      GROUP BY total, key, stage
    )
    SELECT total, key, stage, count::int AS n, ${figures.map((f) => f.figure).join(', ')}
    FROM at_ranks`;
}

/** The groups the histogram found small, as query parameters (see `exactStays`). */
export interface SmallGroups {
  /** Their keys, typed as the group column (the index narrows to them). */
  keys: string;
  /** Key and stage of each group that has a key, as two text arrays. */
  pairKeys: string;
  pairStages: string;
  /** The stages of the group without a key (cases outside every region). */
  keylessStages: string;
}

/**
 * exactStays: the same figures by percentile_cont over the stays themselves, for the groups
 * (`small`, null without a grouping) and the totals of the stages (`totalStages`) the histogram
 * found small. `rawWhere` selects the stays of the whole period.
 */
export function exactStays(
  group: StageGroup,
  rawWhere: string,
  small: SmallGroups | null,
  totalStages: string,
): string {
  const figures = PERCENTILES.map(
    ([p, alias]) => `${days(`percentile_cont(${p}) WITHIN GROUP (ORDER BY s.days)`)} AS ${alias}_days`,
  ).join(', ');
  const key = STAGE_GROUP_COLUMNS[group];
  const groups =
    key && small
      ? `SELECT false AS total, ${keyOf(group, 's')} AS key, s.stage, count(*)::int AS n, ${figures}
       FROM report_stays s
       WHERE ${completed('s')} AND ${rawWhere}
         AND (s.${key.column} = ANY(${small.keys}::${key.type}[])
                AND (s.${key.column}::text, s.stage::text) IN (SELECT * FROM unnest(${small.pairKeys}::text[], ${small.pairStages}::text[]))
              OR s.${key.column} IS NULL AND s.stage = ANY(${small.keylessStages}::text[]))
       GROUP BY 2, 3
       UNION ALL`
      : '';
  return `
    ${groups}
    SELECT true AS total, NULL::text AS key, s.stage, count(*)::int AS n, ${figures}
    FROM report_stays s
    WHERE ${completed('s')} AND ${rawWhere} AND s.stage = ANY(${totalStages}::text[])
    GROUP BY 3`;
}

/**
 * currentStays: per group and stage (and for all groups together), the cases sitting in a stage
 * now: how many, and the median, p90 and maximum of the days they have sat there so far.
 * `entityWhere` is the scope and filters (alias s); the period does not apply.
 */
export function currentStays(group: StageGroup, entityWhere: string): string {
  const sets = grouping(group, 'stage');
  return `
    SELECT ${sets.total} AS total, ${sets.key}, stage, count(*)::int AS n,
           ${days('percentile_cont(0.5) WITHIN GROUP (ORDER BY stay_days)')} AS median_days,
           ${days('percentile_cont(0.9) WITHIN GROUP (ORDER BY stay_days)')} AS p90_days,
           ${days('max(stay_days)')} AS max_days
    FROM (
      SELECT ${keyOf(group, 's')} AS key, s.stage,
             extract(epoch FROM now() - s.entered_at)::float8 / 86400 AS stay_days
      FROM report_stays s
      WHERE s.current AND s.stage IN ${PASSING} AND ${entityWhere}
    ) sitting
    GROUP BY ${sets.groupBy}`;
}
