/**
 * caseExport: every case the filters select, one row each, with what a spreadsheet needs to read
 * it alone (need title, municipality, AGS, state, region, chosen solution). Ordered by the opened
 * index so the cursor walks it without sorting; times as ISO 8601 in UTC, days as dates. No
 * personal contact field (the origin contact) is exported, for anyone.
 */
export function caseExport(whereSql: string): string {
  return `
    SELECT c.id,
           n.title AS need_title,
           m.name AS municipality,
           m.ags,
           c.state_code,
           r.code AS region_code,
           r.name AS region,
           c.status,
           s.slug AS chosen_solution,
           s.title AS chosen_solution_title,
           to_char(c.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS opened_at,
           to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at,
           to_char(c.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS closed_at,
           to_char(c.implemented_on, 'YYYY-MM-DD') AS implemented_on
    FROM transfer_cases c
    JOIN needs n ON n.id = c.need_id
    JOIN municipalities m ON m.id = c.municipality_id
    LEFT JOIN regions r ON r.id = c.region_id
    LEFT JOIN solutions s ON s.id = c.chosen_solution_id
    WHERE ${whereSql}
    ORDER BY c.opened_at, c.id`;
}

/** The export's columns, in order: the CSV header and the keys of each JSON line. */
export const CASE_EXPORT_COLUMNS = [
  'id',
  'need_title',
  'municipality',
  'ags',
  'state_code',
  'region_code',
  'region',
  'status',
  'chosen_solution',
  'chosen_solution_title',
  'opened_at',
  'updated_at',
  'closed_at',
  'implemented_on',
] as const;
