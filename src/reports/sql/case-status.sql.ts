/**
 * The status overview's queries. Each takes the WHERE texts its caller built (scope, filters and
 * the period's slices or days, with positional parameters) and is one aggregate in Postgres.
 */

/** How cases and needs are grouped: the column (of a projection row, by its alias) that names the group. */
export const GROUP_COLUMNS = {
  none: () => 'NULL::text',
  state: (alias: string) => `${alias}.state_code::text`,
  region: (alias: string) => `${alias}.region_id::text`,
  municipality: (alias: string) => `${alias}.municipality_id::text`,
} as const;

/**
 * casesByStatus: how many cases the filters select, per group and status: the case counts of the
 * period's slices (`report_case_counts`, alias r; left out when the rollups do not answer) and
 * the cases opened on the days around them (`report_cases`, alias c), summed.
 */
export function casesByStatus(
  group: keyof typeof GROUP_COLUMNS,
  rollupWhere: string | null,
  rawWhere: string,
): string {
  const rollup = rollupWhere
    ? `SELECT ${GROUP_COLUMNS[group]('r')} AS key, r.status, r.cases AS n
       FROM report_case_counts r
       WHERE ${rollupWhere}
       UNION ALL`
    : '';
  return `
    SELECT key, status, sum(n)::int AS n
    FROM (
      ${rollup}
      SELECT ${GROUP_COLUMNS[group]('c')} AS key, c.status, count(*) AS n
      FROM report_cases c
      WHERE ${rawWhere}
      GROUP BY 1, 2
    ) counted
    GROUP BY 1, 2`;
}

/**
 * openNeedsWithoutCase: open needs that no case follows yet (`report_open_needs`), per group of
 * their municipality's place now, by age in whole days since they were captured (0–7, 8–30,
 * 31–90, over 90).
 */
export function openNeedsWithoutCase(group: keyof typeof GROUP_COLUMNS, whereSql: string): string {
  return `
    SELECT ${group === 'municipality' ? 'm.id::text' : GROUP_COLUMNS[group]('m')} AS key,
           count(*) FILTER (WHERE age <= 7)::int AS age_0_7,
           count(*) FILTER (WHERE age BETWEEN 8 AND 30)::int AS age_8_30,
           count(*) FILTER (WHERE age BETWEEN 31 AND 90)::int AS age_31_90,
           count(*) FILTER (WHERE age > 90)::int AS age_over_90
    FROM (
      SELECT o.municipality_id, floor(extract(epoch FROM now() - o.captured_at) / 86400)::int AS age
      FROM report_open_needs o
    ) aged
    JOIN municipalities m ON m.id = aged.municipality_id
    WHERE ${whereSql}
    GROUP BY 1`;
}

/** groupLabels: the names of the groups found, in one query per grouping. */
export const GROUP_LABELS = {
  state: 'SELECT code AS key, name AS label FROM states WHERE code = ANY($1::varchar[])',
  region: 'SELECT id::text AS key, name AS label FROM regions WHERE id = ANY($1::uuid[])',
  municipality: `SELECT id::text AS key, name || ' (' || ags || ')' AS label FROM municipalities WHERE id = ANY($1::uuid[])`,
} as const;
