/**
 * The coverage report's queries: where the network has gaps (municipalities no region holds,
 * regions no active pilot works) and how the open cases weigh on the pilots. Each takes the WHERE
 * text its caller built (scope and filters over `m`, a municipality, `r`, a region, or `c`, a case
 * of the cases projection, with positional parameters) and is one aggregate in Postgres.
 */
import { OPEN_CASE } from './solution-demand.sql.js';

/** An active pilot: a user with the role lotse whose account is not deactivated. */
const ACTIVE_PILOT = `u.role = 'lotse' AND u.active`;

/**
 * municipalitiesPerState: per state with municipalities in view, how many there are and how many
 * of them no region holds (no pilot is responsible for them). By state code.
 */
export function municipalitiesPerState(municipalityWhere: string): string {
  return `
    SELECT m.state_code AS code, st.name,
           count(*)::int AS municipalities,
           count(*) FILTER (WHERE m.region_id IS NULL)::int AS without_region
    FROM municipalities m
    JOIN states st ON st.code = m.state_code
    WHERE ${municipalityWhere}
    GROUP BY m.state_code, st.name
    ORDER BY m.state_code`;
}

/**
 * regionsWithoutPilot: regions in view that no active pilot is assigned to (none ever, or only
 * deactivated ones), with their municipalities and open cases (counted within the caller's view
 * too: a region may hold municipalities of another state). By code.
 */
export function regionsWithoutPilot(
  regionWhere: string,
  municipalityWhere: string,
  caseWhere: string,
): string {
  return `
    SELECT r.id, r.code, r.name, r.state_code,
           (SELECT count(*) FROM municipalities m WHERE m.region_id = r.id AND ${municipalityWhere})::int
             AS municipalities,
           (SELECT count(*) FROM report_cases c WHERE c.region_id = r.id AND ${OPEN_CASE('c')} AND ${caseWhere})::int
             AS open_cases
    FROM regions r
    WHERE NOT EXISTS (
            SELECT 1 FROM user_regions ur JOIN users u ON u.id = ur.user_id
            WHERE ur.region_id = r.id AND ${ACTIVE_PILOT}
          )
      AND ${regionWhere}
    ORDER BY r.code`;
}

/**
 * pilotLoad: per active pilot, her regions in view, the open cases assigned to her and the open
 * cases in her regions that nobody is assigned to (both within the caller's view, from the open
 * cases counted once per region and assignee). A pilot with no region appears only to callers who
 * see everything (her missing region is a gap too). Only the id and name leave the users table:
 * never an email or other contact field. By name.
 */
export function pilotLoad(regionWhere: string, caseWhere: string): string {
  return `
    WITH pilots AS (
      SELECT u.id, u.name,
             array_remove(array_agg(r.id), NULL) AS region_ids,
             coalesce(
               jsonb_agg(jsonb_build_object('id', r.id, 'code', r.code, 'name', r.name) ORDER BY r.code)
                 FILTER (WHERE r.id IS NOT NULL),
               '[]'::jsonb
             ) AS regions
      FROM users u
      LEFT JOIN user_regions ur ON ur.user_id = u.id
      LEFT JOIN regions r ON r.id = ur.region_id
      WHERE ${ACTIVE_PILOT} AND ${regionWhere}
      GROUP BY u.id, u.name
    ), load AS (
      SELECT c.region_id, c.assignee_id, count(*)::int AS n
      FROM report_cases c
      WHERE ${OPEN_CASE('c')} AND ${caseWhere}
      GROUP BY 1, 2
    )
    SELECT p.id, p.name, p.regions,
           (SELECT coalesce(sum(l.n), 0) FROM load l WHERE l.assignee_id = p.id)::int AS assigned_open_cases,
           (SELECT coalesce(sum(l.n), 0) FROM load l WHERE l.assignee_id IS NULL AND l.region_id = ANY(p.region_ids))::int
             AS unassigned_open_cases_in_regions
    FROM pilots p
    ORDER BY p.name, p.id`;
}
