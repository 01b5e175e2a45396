/**
 * The demand report's queries: which solutions open cases ask for (the transfer-team signal), and
 * what that demand costs the municipalities that built them. Over the demand projection
 * (`report_demand`: each open case once per solution it holds, as a candidate or as the chosen
 * one) and its totals per solution and origin, kept for the view that sees everything.
 */

/** Open: not yet umgesetzt or abgebrochen (the two terminal statuses). */
export const OPEN_CASE = (alias: string) => `${alias}.status IN ('erfasst', 'recherchiert', 'vermittelt')`;

/** A solution's row: its figures, whether they pass the transfer-team thresholds, and its team if it has one. */
function solutionRow(figures: string, minOpenCases: string, minRegions: string): string {
  return `
    SELECT s.id, s.slug, s.title, s.theme,
           d.open_cases, d.municipalities, d.regions, d.states, d.implemented AS implemented_transfers,
           (d.open_cases >= ${minOpenCases}::int AND d.regions >= ${minRegions}::int) AS transfer_team_suggested,
           -- The signal acted on: the solution's active team (one at most, by a partial unique index).
           (SELECT t.id FROM transfer_teams t WHERE t.solution_id = s.id AND t.status = 'active') AS transfer_team_id
    FROM (${figures}) d
    JOIN solutions s ON s.id = d.solution_id`;
}

/**
 * solutionTotals: per solution held by an open case, its totals (`report_demand_totals`): open
 * cases, distinct municipalities, regions and states asking, cases umgesetzt with it chosen; for
 * a caller who sees every case, without place filters or period. `solutionWhere` picks the
 * solutions (alias s). By open cases, most first, then slug.
 */
export function solutionTotals(solutionWhere: string, minOpenCases: string, minRegions: string): string {
  return `
    ${solutionRow(
      `SELECT solution_id, open_cases, municipalities, regions, states, implemented
       FROM report_demand_totals WHERE open_cases > 0`,
      minOpenCases,
      minRegions,
    )}
    WHERE ${solutionWhere}
    ORDER BY d.open_cases DESC, s.slug`;
}

/**
 * solutionDemand: the same figures counted from the demand rows the caller's view, the place
 * filters and the period select (`demandWhere`, alias d, which also picks the solutions); the
 * implemented transfers under the same scope, place and period (`implementedWhere`, alias c), so
 * a pilot's figure is her regions' and agrees with the status report.
 */
export function solutionDemand(
  demandWhere: string,
  implementedWhere: string,
  minOpenCases: string,
  minRegions: string,
): string {
  return `
    WITH demand AS (
      SELECT solution_id, count(*)::int AS open_cases, count(DISTINCT municipality_id)::int AS municipalities,
             count(DISTINCT region_id)::int AS regions, count(DISTINCT state_code)::int AS states
      FROM report_demand d
      WHERE ${demandWhere}
      GROUP BY solution_id
    ), implemented AS (
      SELECT c.chosen_solution_id AS solution_id, count(*)::int AS n
      FROM report_cases c
      WHERE c.status = 'umgesetzt' AND c.chosen_solution_id IN (SELECT solution_id FROM demand) AND ${implementedWhere}
      GROUP BY 1
    )
    ${solutionRow(
      `SELECT demand.*, coalesce(implemented.n, 0)::int AS implemented
       FROM demand LEFT JOIN implemented USING (solution_id)`,
      minOpenCases,
      minRegions,
    )}
    ORDER BY d.open_cases DESC, s.slug`;
}

/** An origin municipality's row, most brokered first, then most asked, then name. */
function originRow(figures: string): string {
  return `
    SELECT m.id, m.name, m.ags, m.state_code, o.solutions, o.open_cases, o.brokered_cases
    FROM (${figures}) o
    JOIN municipalities m ON m.id = o.municipality_id
    ORDER BY o.brokered_cases DESC, o.open_cases DESC, m.name, m.id`;
}

/**
 * originTotals: per municipality that built a solution held by an open case, its totals
 * (`report_origin_totals`): how many of its solutions are asked for, the open cases asking for
 * any of them (distinct), and the cases brokered to it (open, vermittelt, one of its solutions
 * chosen: the towns that now call it). For the view that sees everything, unfiltered.
 */
export function originTotals(): string {
  return originRow(
    `SELECT municipality_id, solutions, open_cases, brokered_cases FROM report_origin_totals WHERE open_cases > 0`,
  );
}

/** originLoad: the same figures counted from the demand rows `demandWhere` selects (alias d). */
export function originLoad(demandWhere: string): string {
  return originRow(
    `SELECT d.origin_municipality_id AS municipality_id, count(DISTINCT d.solution_id)::int AS solutions,
            count(DISTINCT d.case_id)::int AS open_cases,
            count(DISTINCT d.case_id) FILTER (WHERE d.brokered)::int AS brokered_cases
     FROM report_demand d
     WHERE d.origin_municipality_id IS NOT NULL AND ${demandWhere}
     GROUP BY 1`,
  );
}
