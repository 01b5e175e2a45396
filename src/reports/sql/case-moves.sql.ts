/**
 * The moves of a case between stages, read from its timeline: the stage reports (stage durations,
 * funnel) are built on them. A move is an event that names the status it moved the case to: the
 * creation (to erfasst) and every transition, a step back included.
 */

/**
 * caseMoves: for each case the filters select (its WHERE text over `c`, and `s` for the chosen
 * solution when `withSolutions`), each move: `case_id`, the case's `state_code`, `region_id` and
 * current `status`, the move's `seq`, the `stage` it entered and when (`at`). A case whose creation
 * event is missing (written outside the write path) entered erfasst when it was opened; its `seq`
 * is null, which sorts before its other moves.
 */
export function caseMoves(caseWhere: string, withSolutions: boolean): string {
  const solutions = withSolutions ? 'JOIN solutions s ON s.id = c.chosen_solution_id' : '';
  return `
    SELECT c.id AS case_id, c.state_code, c.region_id, c.status, e.seq, e.to_status AS stage, e.at
    FROM transfer_cases c
    ${solutions}
    JOIN transfer_case_events e ON e.case_id = c.id AND e.to_status IS NOT NULL
    WHERE ${caseWhere}
    UNION ALL
    SELECT c.id, c.state_code, c.region_id, c.status, NULL, 'erfasst', c.opened_at
    FROM transfer_cases c
    ${solutions}
    WHERE ${caseWhere}
      AND NOT EXISTS (SELECT 1 FROM transfer_case_events e WHERE e.case_id = c.id AND e.type = 'created')`;
}

/** The stages a case leaves again; umgesetzt and abgebrochen are final. */
export const PASSING_STAGES_SQL = `('erfasst', 'recherchiert', 'vermittelt')`;
