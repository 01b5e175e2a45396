/**
 * The demand report's queries: which solutions open cases ask for (the transfer-team signal), and
 * what that demand costs the municipalities that built them. Each takes the WHERE text its caller
 * built (scope and filters over `c`, the case, and `s`, the solution, with positional parameters)
 * and is one aggregate in Postgres.
 */

/** Open: not yet umgesetzt or abgebrochen (the two terminal statuses). */
export const OPEN_CASE = `c.status NOT IN ('umgesetzt', 'abgebrochen')`;

/**
 * openDemand: each open case once per solution it holds, as a candidate or as the chosen one (a
 * case that chose one of its candidates asks for it once: UNION removes the repeat). `brokered`
 * marks the pair whose solution was chosen and whose contact was brokered (vermittelt: the only
 * open status after the choice).
 */
function openDemand(whereSql: string): string {
  return `
    open_demand AS (
      SELECT held.solution_id, c.id AS case_id, c.municipality_id, c.region_id, c.state_code,
             (c.status = 'vermittelt' AND c.chosen_solution_id = held.solution_id) AS brokered
      FROM transfer_cases c
      CROSS JOIN LATERAL (
        SELECT c.chosen_solution_id AS solution_id WHERE c.chosen_solution_id IS NOT NULL
        UNION
        SELECT cc.solution_id FROM transfer_case_candidates cc WHERE cc.case_id = c.id
      ) held
      JOIN solutions s ON s.id = held.solution_id
      WHERE ${OPEN_CASE} AND ${whereSql}
    )`;
}

/**
 * solutionDemand: per solution held by an open case, the open cases and the distinct
 * municipalities, regions and states asking; its implemented transfers (cases umgesetzt with it
 * chosen, under the same scope and filters, so a pilot's figure is her regions' and agrees with
 * the status report; the solution's own `implemented_transfers` counter is global); and whether
 * the demand passes the transfer-team thresholds (`$minOpenCases` open cases in `$minRegions`
 * distinct regions). By open cases, most first, then slug.
 */
export function solutionDemand(
  demandWhere: string,
  implementedWhere: string,
  minOpenCases: string,
  minRegions: string,
): string {
  return `
    WITH ${openDemand(demandWhere)},
    demand AS (
      SELECT solution_id,
             count(*)::int AS open_cases,
             count(DISTINCT municipality_id)::int AS municipalities,
             count(DISTINCT region_id)::int AS regions,
             count(DISTINCT state_code)::int AS states
      FROM open_demand
      GROUP BY solution_id
    ),
    implemented AS (
      SELECT c.chosen_solution_id AS solution_id, count(*)::int AS n
      FROM transfer_cases c
      WHERE c.status = 'umgesetzt'
        AND c.chosen_solution_id IN (SELECT solution_id FROM demand)
        AND ${implementedWhere}
      GROUP BY 1
    )
    SELECT s.id, s.slug, s.title, s.theme,
           d.open_cases, d.municipalities, d.regions, d.states,
           coalesce(i.n, 0)::int AS implemented_transfers,
           (d.open_cases >= ${minOpenCases}::int AND d.regions >= ${minRegions}::int) AS transfer_team_suggested
    FROM demand d
    JOIN solutions s ON s.id = d.solution_id
    LEFT JOIN implemented i ON i.solution_id = d.solution_id
    ORDER BY d.open_cases DESC, s.slug`;
}

/**
 * originLoad: per municipality that built a solution held by an open case, how many of its
 * solutions are asked for, the open cases asking for any of them (distinct), and the cases
 * brokered to it: open, vermittelt, with one of its solutions chosen (the towns that now call it).
 * Most brokered first, then most asked, then name.
 */
export function originLoad(demandWhere: string): string {
  return `
    WITH ${openDemand(demandWhere)}
    SELECT m.id, m.name, m.ags, m.state_code,
           count(DISTINCT d.solution_id)::int AS solutions,
           count(DISTINCT d.case_id)::int AS open_cases,
           count(DISTINCT d.case_id) FILTER (WHERE d.brokered)::int AS brokered_cases
    FROM open_demand d
    JOIN solutions s ON s.id = d.solution_id
    JOIN municipalities m ON m.id = s.origin_municipality_id
    GROUP BY m.id, m.name, m.ags, m.state_code
    ORDER BY brokered_cases DESC, open_cases DESC, m.name, m.id`;
}
