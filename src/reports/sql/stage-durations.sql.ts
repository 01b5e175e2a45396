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

/** A stay that was left (alias s), in a stage cases pass through. */
const LEFT = `s.left_at IS NOT NULL AND s.stage IN ${PASSING}`;

/** A duration in days, rounded to one decimal (numeric rounding: half away from zero). */
const days = (figure: string) => `round((${figure})::numeric, 1)::float8`;

/** The group column of a row (alias), in its own type; null without a grouping. */
const keyOf = (group: StageGroup, alias: string) => {
  const key = STAGE_GROUP_COLUMNS[group];
  return key ? `${alias}.${key.column}` : 'NULL::text';
};

const PERCENTILES = [
  [0.5, 'median'],
  [0.75, 'p75'],
  [0.9, 'p90'],
] as const;

/**
 * leftStays: per group and stage, the stays left in the period: their count, and median, p75 and
 * p90 in days interpolated from their length histogram (`report_percentiles`): the rollup's cells
 * in the period's slices (alias r; left out when the rollups do not answer) plus the stays left on
 * the days around them (alias s, `rawWhere`). Within 5 % of the exact value, in large groups a few
 * tenths of a percent; a group small enough to sort is computed exactly instead (`exactLeftStays`).
 */
export function leftStays(group: StageGroup, rollupWhere: string | null, rawWhere: string): string {
  // Either part is left out when it selects nothing: the rollup's rows alone come in index order.
  const parts = [
    ...(rollupWhere
      ? [
          `SELECT ${keyOf(group, 'r')} AS key, r.stage, r.bucket, r.stays AS n
           FROM report_stay_buckets r
           WHERE ${rollupWhere}`,
        ]
      : []),
    ...(rawWhere !== 'FALSE' || !rollupWhere
      ? [
          `SELECT ${keyOf(group, 's')} AS key, s.stage, s.bucket, count(*) AS n
           FROM report_stays s
           WHERE ${LEFT} AND ${rawWhere}
           GROUP BY 1, 2, 3`,
        ]
      : []),
  ];
  return `
    WITH cells AS (
      ${parts.join('\n      UNION ALL\n')}
    ), buckets AS (
      -- Stage, group, bucket: the order of the rollup's index, so a slice's cells need no sort.
      SELECT stage, key, bucket, sum(n)::bigint AS n
      FROM cells
      GROUP BY stage, key, bucket
    ), histograms AS (
      SELECT stage, key, sum(n)::int AS n,
             report_percentiles(array_agg(bucket ORDER BY bucket), array_agg(n ORDER BY bucket), sum(n)::bigint,
                                '{${PERCENTILES.map(([p]) => p).join(',')}}') AS figures
      FROM buckets
      GROUP BY stage, key
    )
    SELECT key::text, stage, n,
           ${PERCENTILES.map(([, alias], i) => `${days(`figures[${i + 1}]`)} AS ${alias}_days`).join(', ')}
    FROM histograms`;
}

/** The groups the histogram found small, as query parameters (see `exactLeftStays`); each list is non-empty. */
export interface SmallGroups {
  /** With a grouping, the groups that have a key: key (typed as the group column) and stage of each. */
  keyed?: { pairKeys: string; pairStages: string };
  /** The stages of the groups without a key: cases outside every region, or all of them ungrouped. */
  keylessStages?: string;
}

/**
 * exactLeftStays: the same figures by percentile_cont over the stays themselves, for the groups
 * the histogram found small. `rawWhere` selects the stays of the whole period (alias s); each
 * small group's stays are looked up by its key (an index on the key and the time left), so the
 * work is the small groups' size, never the period's.
 */
export function exactLeftStays(group: StageGroup, rawWhere: string, small: SmallGroups): string {
  const key = STAGE_GROUP_COLUMNS[group];
  const figures = PERCENTILES.map(
    ([p, alias]) => `${days(`percentile_cont(${p}) WITHIN GROUP (ORDER BY s.days)`)} AS ${alias}_days`,
  ).join(', ');
  const parts = [
    ...(key && small.keyed
      ? [
          `SELECT k.key::text AS key, k.stage, count(*)::int AS n, ${figures}
           FROM unnest(${small.keyed.pairKeys}::${key.type}[], ${small.keyed.pairStages}::text[]) k (key, stage)
           CROSS JOIN LATERAL (
             SELECT s.days FROM report_stays s
             WHERE s.${key.column} = k.key AND s.stage = k.stage AND ${LEFT} AND ${rawWhere}
           ) s
           GROUP BY 1, 2`,
        ]
      : []),
    ...(small.keylessStages
      ? [
          `SELECT NULL::text AS key, s.stage, count(*)::int AS n, ${figures}
           FROM report_stays s
           WHERE ${key ? `s.${key.column} IS NULL AND ` : ''}s.stage = ANY(${small.keylessStages}::text[])
             AND ${LEFT} AND ${rawWhere}
           GROUP BY 1, 2`,
        ]
      : []),
  ];
  return parts.join('\nUNION ALL\n');
}

/** A region under the nil uuid when it is none: the sitting indexes key cases outside every region so. */
const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;
const SITTING_KEY = {
  none: null,
  state: (alias: string) => `${alias}.state_code`,
  region: (alias: string) => `coalesce(${alias}.region_id, ${NIL})`,
} as const;

/**
 * sittingStays: per group and stage, the cases sitting in a stage now: how many, and the median,
 * p90 and maximum of the days they have sat there so far, exactly as percentile_cont gives them.
 * `entityWhere` (alias s) is the scope and filters; the period does not apply. How many sit in
 * each group comes from their rollup (`countsWhere`, alias r) when it answers, else from counting
 * them. Each percentile is read by walking a sitting index of the group, from the nearer end, to
 * the stays ranked below and above it (longest sitting = entered first), so no group is sorted.
 */
export function sittingStays(group: StageGroup, entityWhere: string, countsWhere: string | null): string {
  const key = SITTING_KEY[group];
  const sameGroup = key ? ` AND ${key('s')} = g.key` : '';
  const walk = (order: 'ASC' | 'DESC', offset: string, limit: number) => `
    SELECT s.entered_at FROM report_stays s
    WHERE s.current AND s.stage = g.stage${sameGroup} AND ${entityWhere}
    ORDER BY s.entered_at ${order}
    OFFSET ${offset} LIMIT ${limit}`;
  const percentile = (p: number, alias: string) => {
    const position = `${p} * (g.n - 1)`;
    // From the side nearer to the rank: newest first (shortest so far) below the middle, else oldest.
    const [order, offset, low, high] =
      p <= 0.5
        ? (['DESC', `floor(${position})`, 'l[1]', 'coalesce(l[2], l[1])'] as const)
        : ([
            'ASC',
            `g.n - 1 - ceil(${position})`,
            `CASE WHEN ceil(${position}) > floor(${position}) THEN l[2] ELSE l[1] END`,
            'l[1]',
          ] as const);
    return `
      CROSS JOIN LATERAL (
        SELECT ${low} + (${high} - ${low}) * (${position} - floor(${position})) AS days
        FROM (
          SELECT array_agg(extract(epoch FROM now() - w.entered_at)::float8 / 86400 ORDER BY w.entered_at ${order}) AS l
          FROM (${walk(order, offset, 2)}) w
        ) ranked
      ) ${alias}`;
  };
  const groups = countsWhere
    ? `SELECT r.stage, ${key ? key('r') : 'NULL::text'} AS key, sum(r.cases)::int AS n
       FROM report_sitting_counts r
       WHERE ${countsWhere}
       GROUP BY 1, 2`
    : `SELECT s.stage, ${key ? key('s') : 'NULL::text'} AS key, count(*)::int AS n
       FROM report_stays s
       WHERE s.current AND ${entityWhere}
       GROUP BY 1, 2`;
  return `
    WITH groups AS (${groups})
    SELECT ${group === 'region' ? `nullif(g.key, ${NIL})` : 'g.key'}::text AS key, g.stage, g.n,
           ${days('median.days')} AS median_days, NULL::float8 AS p75_days, ${days('p90.days')} AS p90_days,
           ${days('extract(epoch FROM now() - longest.entered_at)::float8 / 86400')} AS max_days
    FROM groups g
    CROSS JOIN LATERAL (${walk('ASC', '0', 1)}) longest
    ${percentile(0.5, 'median')}
    ${percentile(0.9, 'p90')}`;
}
