/**
 * The funnel's query: how many cases entered each stage in the period, how many of them went on,
 * and why cases were given up; over the first entries into a stage (`report_stage_entries`, a
 * rollup of the stays projection `report_stays`). One aggregate in Postgres.
 */

/** A share of two counts, three decimals; null when there is nothing to share. */
const ratio = (part: string, whole: string) => `round(${part}::numeric / nullif(${whole}, 0), 3)::float8`;

/** How many cancel reasons the funnel lists; the rest are in the abgebrochen count only. */
export const TOP_REASONS = 20;

/**
 * funnel: one row: per stage the distinct cases that entered it in the period (a case that
 * re-enters a stage counts once), the conversion from each stage to the next (entered next /
 * entered this), and the cases given up by their reason as given, trimmed, most frequent first
 * (ties by reason, no reason last), the top 20, as JSON.
 *
 * A case counts in the period through its first entry into the stage ever, if that lies in the
 * period: the rollup's cells of the period's slices (alias r; left out when the rollups do not
 * answer) and the first entries on the days around them (`rawWhere`, alias s). Or, for a case
 * that entered the stage before the period and re-enters it within, through the first such
 * re-entry: one whose previous entry lies before the period (`reentryWhere`, alias s; left out
 * without a start).
 */
export function funnel(rollupWhere: string | null, rawWhere: string, reentryWhere: string | null): string {
  const rollup = rollupWhere
    ? `SELECT r.stage, r.reason, r.cases AS n FROM report_stage_entries r WHERE ${rollupWhere}
       UNION ALL`
    : '';
  const reentries = reentryWhere
    ? `UNION ALL
       SELECT s.stage, s.reason, count(*) FROM report_stays s WHERE ${reentryWhere} GROUP BY 1, 2`
    : '';
  const entered = (stage: string) => `coalesce(sum(n) FILTER (WHERE stage = '${stage}'), 0)::int AS ${stage}`;
  return `
    WITH entries AS (
      ${rollup}
      SELECT s.stage, s.reason, count(*) AS n
      FROM report_stays s
      WHERE s.previous_entry_at IS NULL AND ${rawWhere}
      GROUP BY 1, 2
      ${reentries}
    ), stages AS (
      SELECT ${['erfasst', 'recherchiert', 'vermittelt', 'umgesetzt', 'abgebrochen'].map(entered).join(', ')}
      FROM entries
    ), reasons AS (
      SELECT reason, sum(n)::int AS n
      FROM entries
      WHERE stage = 'abgebrochen'
      GROUP BY reason
      ORDER BY 2 DESC, 1 NULLS LAST
      LIMIT ${TOP_REASONS}
    )
    SELECT stages.*,
           ${ratio('recherchiert', 'erfasst')} AS erfasst_conversion,
           ${ratio('vermittelt', 'recherchiert')} AS recherchiert_conversion,
           ${ratio('umgesetzt', 'vermittelt')} AS vermittelt_conversion,
           (SELECT coalesce(jsonb_agg(jsonb_build_object('reason', reason, 'count', n) ORDER BY n DESC, reason NULLS LAST),
                            '[]'::jsonb)
            FROM reasons) AS reasons
    FROM stages`;
}
