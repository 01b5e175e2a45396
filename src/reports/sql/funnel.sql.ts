import { caseMoves } from './case-moves.sql.js';

/**
 * The funnel's queries: how many cases entered each stage in the period, how many of them went on,
 * and why cases were given up. Each is one aggregate in Postgres.
 */

/** A share of two counts, three decimals; null when there is nothing to share. */
const ratio = (part: string, whole: string) => `round(${part}::numeric / nullif(${whole}, 0), 3)::float8`;

/**
 * enteredStages: one row: per stage the distinct cases that entered it in the period
 * (`periodWhere` over the move's `at`; a case that re-enters a stage counts once), and the
 * conversion from each stage to the next (entered next / entered this).
 */
export function enteredStages(caseWhere: string, withSolutions: boolean, periodWhere: string): string {
  return `
    WITH entered AS (
      SELECT count(DISTINCT case_id) FILTER (WHERE stage = 'erfasst')::int AS erfasst,
             count(DISTINCT case_id) FILTER (WHERE stage = 'recherchiert')::int AS recherchiert,
             count(DISTINCT case_id) FILTER (WHERE stage = 'vermittelt')::int AS vermittelt,
             count(DISTINCT case_id) FILTER (WHERE stage = 'umgesetzt')::int AS umgesetzt,
             count(DISTINCT case_id) FILTER (WHERE stage = 'abgebrochen')::int AS abgebrochen
      FROM (${caseMoves(caseWhere, withSolutions)}) moves
      WHERE ${periodWhere}
    )
    SELECT entered.*,
           ${ratio('recherchiert', 'erfasst')} AS erfasst_conversion,
           ${ratio('vermittelt', 'recherchiert')} AS recherchiert_conversion,
           ${ratio('umgesetzt', 'vermittelt')} AS vermittelt_conversion
    FROM entered`;
}

/** How many cancel reasons the funnel lists; the rest are in the abgebrochen count only. */
export const TOP_REASONS = 20;

/**
 * cancelReasons: the cases given up in the period (`periodWhere` over the event's `at`) per reason
 * as given, trimmed (the case's cancel_reason; the event's `data.reason` if the column is empty),
 * most frequent first, ties by reason; the top 20. No reason at all is the null group.
 */
export function cancelReasons(caseWhere: string, withSolutions: boolean, periodWhere: string): string {
  return `
    SELECT nullif(btrim(coalesce(c.cancel_reason, e.data->>'reason'), E' \\t\\r\\n'), '') AS reason,
           count(DISTINCT c.id)::int AS n
    FROM transfer_cases c
    ${withSolutions ? 'JOIN solutions s ON s.id = c.chosen_solution_id' : ''}
    JOIN transfer_case_events e ON e.case_id = c.id AND e.to_status = 'abgebrochen'
    WHERE ${caseWhere} AND ${periodWhere}
    GROUP BY 1
    ORDER BY n DESC, reason NULLS LAST
    LIMIT ${TOP_REASONS}`;
}
