import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report projections at a million cases (docs/reports.md, "What they cost"):
 * - rollup indexes whose order the planner can use: it takes only equalities as fixing an index
 *   column, not IS NULL, so the state and region grains (theme always NULL) carry `theme IS NULL`
 *   in the predicate, and all time (slice NULL) has indexes of its own; one slice of a rollup then
 *   streams its histograms without a sort;
 * - first entries into a stage covered for the funnel's days, a theme's origin load in the order
 *   its distinct counts need;
 * - a request's few cases refreshed through a lookup per case (see below), a bulk job's many
 *   through the one join the refresh had;
 * - a case vermittelt without a chosen solution (a write beneath the API) counted as not brokered
 *   instead of failing its transaction on `report_demand.brokered NOT NULL`.
 */
export class ReportProjectionsAtVolume1764180000000 implements MigrationInterface {
  name = 'ReportProjectionsAtVolume1764180000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP INDEX report_stay_buckets_state_idx, report_stay_buckets_region_idx, report_stay_buckets_theme_idx',
    );
    for (const [grain, key, rest] of STAY_GRAINS) {
      await db.query(`
        CREATE INDEX report_stay_buckets_${grain}_idx ON report_stay_buckets (span, slice, stage, ${key}, bucket)
          INCLUDE (${rest}, stays) WHERE grain = '${grain}' AND theme IS NULL`);
      await db.query(`
        CREATE INDEX report_stay_buckets_${grain}_all_idx ON report_stay_buckets (stage, ${key}, bucket)
          INCLUDE (${rest}, stays) WHERE grain = '${grain}' AND theme IS NULL AND span = 'all' AND slice IS NULL`);
    }
    await db.query(`
      CREATE INDEX report_stay_buckets_theme_idx ON report_stay_buckets (theme, span, slice, stage, state_code, bucket)
        INCLUDE (region_id, stays) WHERE grain = 'theme'`);
    await db.query(`
      CREATE INDEX report_stay_buckets_theme_all_idx ON report_stay_buckets (theme, stage, state_code, bucket)
        INCLUDE (region_id, stays) WHERE grain = 'theme' AND span = 'all' AND slice IS NULL`);

    // First entries into a stage by when they happened, with all a report filters by: the funnel
    // counts the days around its slices from this index alone.
    await db.query('DROP INDEX report_stays_entered_idx');
    await db.query(`
      CREATE INDEX report_stays_first_entry_idx ON report_stays (entered_at)
        INCLUDE (stage, reason, state_code, region_id, municipality_id, theme, chosen_solution_id)
        WHERE previous_entry_at IS NULL`);
    // The origin load of a theme (no totals keep themes): its rows in the order the distinct counts
    // per origin need, with every column the filters look at.
    await db.query(`
      CREATE INDEX report_demand_theme_origin_idx ON report_demand (theme, origin_municipality_id, case_id)
        INCLUDE (solution_id, brokered, state_code, region_id, municipality_id, opened_at)
        WHERE origin_municipality_id IS NOT NULL`);

    await replaceInView(db, 'report_demand_source', BROKERED_BEFORE, BROKERED_NOW);

    // The refresh joined the ids to the views, and the planner flattened each lookup into that
    // join: the id then is a join condition that cannot enter the timeline's window functions, and
    // a single transition had the whole view computed (20 s per statement at 1 M cases). For a
    // request's few cases, the same refresh with each lookup kept a subquery of its own (OFFSET 0):
    // the case's id reaches the window functions and their indexes as a parameter. A bulk job's
    // many cases keep the one join: in proportion to the tables, never to the square of the ids.
    await db.query('ALTER FUNCTION report_refresh(uuid[], uuid[]) RENAME TO report_refresh_by_join');
    const [{ definition }]: { definition: string }[] = await db.query(
      `SELECT pg_get_functiondef('report_refresh_by_join(uuid[], uuid[])'::regprocedure) AS definition`,
    );
    const lookups = definition.split(JOINED_LOOKUP).length - 1;
    if (lookups !== 8) throw new Error(`report_refresh_by_join: expected 8 lookups, found ${lookups}`);
    await db.query(
      definition
        .replace('report_refresh_by_join(', 'report_refresh_by_lookup(')
        .replaceAll(JOINED_LOOKUP, OWN_LOOKUP),
    );
    await db.query(`
      CREATE FUNCTION report_refresh(case_ids uuid[], need_ids uuid[]) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        -- A lookup per id while the ids are few against the cases (a twentieth, at least 1 000).
        IF cardinality(case_ids) + cardinality(need_ids)
           <= greatest(1000, (SELECT reltuples FROM pg_class WHERE oid = 'transfer_cases'::regclass) / 20) THEN
          PERFORM report_refresh_by_lookup(case_ids, need_ids);
        ELSE
          PERFORM report_refresh_by_join(case_ids, need_ids);
        END IF;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION report_refresh(uuid[], uuid[])');
    await db.query('DROP FUNCTION report_refresh_by_lookup(uuid[], uuid[])');
    await db.query('ALTER FUNCTION report_refresh_by_join(uuid[], uuid[]) RENAME TO report_refresh');
    await replaceInView(db, 'report_demand_source', BROKERED_NOW, BROKERED_BEFORE);
    await db.query('DROP INDEX report_demand_theme_origin_idx, report_stays_first_entry_idx');
    await db.query('CREATE INDEX report_stays_entered_idx ON report_stays (entered_at)');
    await db.query(`
      DROP INDEX report_stay_buckets_theme_idx, report_stay_buckets_theme_all_idx,
        report_stay_buckets_state_idx, report_stay_buckets_state_all_idx,
        report_stay_buckets_region_idx, report_stay_buckets_region_all_idx`);
    for (const [grain, key, rest] of [...STAY_GRAINS, ['theme', 'state_code', 'region_id']]) {
      await db.query(`
        CREATE INDEX report_stay_buckets_${grain}_idx ON report_stay_buckets (span, theme, slice, stage, ${key}, bucket)
          INCLUDE (${rest}, stays) WHERE grain = '${grain}'`);
    }
  }
}

/** The grains whose theme is always NULL: grain, the group's column, the other place column. */
const STAY_GRAINS = [
  ['state', 'state_code', 'region_id'],
  ['region', 'region_id', 'state_code'],
] as const;

/** A lookup of the views by id in report_refresh, as written, and kept from being flattened. */
const JOINED_LOOKUP = '= ids.id) s';
const OWN_LOOKUP = '= ids.id OFFSET 0) s';

/** How report_demand_source tells a brokered solution, as Postgres prints the view. */
const BROKERED_BEFORE = '(c.chosen_solution_id = held.solution_id)';
const BROKERED_NOW = '(NOT (c.chosen_solution_id IS DISTINCT FROM held.solution_id))';

/** Redefines a view with one expression replaced; fails when the view does not hold it once. */
async function replaceInView(db: QueryRunner, view: string, from: string, to: string): Promise<void> {
  const [{ definition }]: { definition: string }[] = await db.query(
    `SELECT pg_get_viewdef($1::regclass) AS definition`,
    [view],
  );
  if (definition.split(from).length !== 2) throw new Error(`${view}: expected ${from} once`);
  await db.query(`CREATE OR REPLACE VIEW ${view} AS ${definition.replace(from, to)}`);
}
