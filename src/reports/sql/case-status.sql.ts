/**
 * The status overview's queries. Each takes the grouping column and the WHERE text its caller
 * built (scope and filters, with positional parameters) and is one aggregate in Postgres.
 */

/** How cases and needs are grouped: the column that names the group, per row's place. */
export const GROUP_COLUMNS = {
  none: { cases: 'NULL::text', needs: 'NULL::text' },
  state: { cases: 'c.state_code::text', needs: 'aged.state_code::text' },
  region: { cases: 'c.region_id::text', needs: 'aged.region_id::text' },
  municipality: { cases: 'c.municipality_id::text', needs: 'aged.municipality_id::text' },
} as const;

/**
 * casesByStatus: how many cases the filters select, per group and status. The theme filter needs
 * the chosen solution's theme, so `solutions` is joined only then (`withSolutions`).
 */
export function casesByStatus(group: string, whereSql: string, withSolutions: boolean): string {
  return `
    SELECT ${group} AS key, c.status, count(*)::int AS n
    FROM transfer_cases c
    ${withSolutions ? 'JOIN solutions s ON s.id = c.chosen_solution_id' : ''}
    WHERE ${whereSql}
    GROUP BY 1, 2`;
}

/**
 * openNeedsWithoutCase: open needs that no case follows yet, per group, by age in whole days
 * since they were captured (0–7, 8–30, 31–90, over 90).
 */
export function openNeedsWithoutCase(group: string, whereSql: string): string {
  return `
    SELECT ${group} AS key,
           count(*) FILTER (WHERE age <= 7)::int AS age_0_7,
           count(*) FILTER (WHERE age BETWEEN 8 AND 30)::int AS age_8_30,
           count(*) FILTER (WHERE age BETWEEN 31 AND 90)::int AS age_31_90,
           count(*) FILTER (WHERE age > 90)::int AS age_over_90
    FROM (
      SELECT m.state_code, m.region_id, m.id AS municipality_id,
             floor(extract(epoch FROM now() - n.captured_at) / 86400)::int AS age
      FROM needs n
      JOIN municipalities m ON m.id = n.municipality_id
      WHERE n.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = n.id)
        AND ${whereSql}
    ) aged
    GROUP BY 1`;
}

/** groupLabels: the names of the groups found, in one query per grouping. */
export const GROUP_LABELS = {
  state: 'SELECT code AS key, name AS label FROM states WHERE code = ANY($1::varchar[])',
  region: 'SELECT id::text AS key, name AS label FROM regions WHERE id = ANY($1::uuid[])',
  municipality: `SELECT id::text AS key, name || ' (' || ags || ')' AS label FROM municipalities WHERE id = ANY($1::uuid[])`,
} as const;
