import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports' projections (docs/reports.md): what the reports count, kept in step with the cases
 * in the transaction that changes them, so a report reads a few thousand rows instead of a
 * million cases.
 *
 * Two levels, both owned by `reports/` and written only by the functions below:
 * - per-entity rows, each a copy of what one case (or need) contributes: `report_cases`,
 *   `report_stays` (one per stay in a stage, from the timeline), `report_demand` (one per open
 *   case and solution it holds), `report_open_needs` (open needs no case follows yet);
 * - rollups of those rows by time slice (all time, each Berlin year, quarter and month) and grain
 *   (per state; per state and region; per state and theme): `report_case_counts`,
 *   `report_stay_buckets` (stays left, by stage and length bucket), `report_stage_entries` (first
 *   entries into a stage, cancellations by reason), and per solution and origin municipality the
 *   open demand (`report_demand_totals`, `report_origin_totals`).
 *
 * How they stay true: triggers on the source tables (cases, timeline, candidates, solutions,
 * needs) note which cases and needs a statement touched (`report_pending`). At COMMIT one
 * deferred trigger per transaction recomputes those entities' rows from the `*_source` views (the
 * one definition of what is counted), turns the difference into deltas, and applies them to the
 * rollups in key order, so concurrent writers never deadlock on a rollup row and never lose a
 * count. `report_rebuild()` recomputes everything (bulk loads); `report_differences()` compares
 * every projection with a recomputation (the tests run it after each file).
 */
export class ReportProjections1764170000000 implements MigrationInterface {
  name = 'ReportProjections1764170000000';

  async up(db: QueryRunner): Promise<void> {
    // ---------------------------------------------------------------------------------------
    // Helpers: a stay's length bucket, a time's slice
    await db.query(`
      -- Stay lengths fall into buckets 5 % wide (the first holds everything under 0.01 days): a
      -- percentile interpolated from them lies within 5 % of the exact one, and in groups of
      -- thousands of stays within a few tenths of a percent.
      CREATE FUNCTION report_bucket(days float8) RETURNS int
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN floor(ln(greatest(days, 0.01) / 0.01) / ln(1.05))::int`);
    await db.query(`
      CREATE FUNCTION report_bucket_lower(bucket int) RETURNS float8
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN bucket = 0 THEN 0 ELSE 0.01 * 1.05 ^ bucket END`);
    await db.query(`
      CREATE FUNCTION report_bucket_upper(bucket int) RETURNS float8
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN 0.01 * 1.05 ^ (bucket + 1)`);
    // percentile_cont(p) for each fraction (ascending) from a histogram: its buckets in order, their
    // counts and the total of the counts. Interpolates as percentile_cont does, between the values
    // ranked floor and ceil of p·(total − 1), each value taken as spread evenly over its bucket (the
    // i-th of n at (i + ½) / n of the bucket's width). Null for an empty histogram.
    await db.query(`
      CREATE FUNCTION report_percentiles(buckets int[], counts bigint[], total bigint, fractions float8[])
      RETURNS float8[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        i int := 1;
        before bigint := 0;
        figures float8[] := '{}';
        fraction float8;
        position float8;
        rank bigint;
        lower float8;
        value float8;
        low float8;
      BEGIN
        IF total = 0 THEN
          RETURN NULL;
        END IF;
        FOREACH fraction IN ARRAY fractions LOOP
          position := fraction * (total - 1);
          FOREACH rank IN ARRAY ARRAY[floor(position)::bigint, ceil(position)::bigint] LOOP
            -- Fractions ascend, yet the floor rank of one may lie below the ceiling rank of the
            -- one before (in small histograms): then walk again from the first bucket.
            IF rank < before THEN
              i := 1;
              before := 0;
            END IF;
            WHILE before + counts[i] <= rank LOOP
              before := before + counts[i];
              i := i + 1;
            END LOOP;
            -- The bucket's bounds, as report_bucket_lower and report_bucket_upper give them.
            lower := CASE WHEN buckets[i] = 0 THEN 0 ELSE 0.01 * 1.05 ^ buckets[i] END;
            value := lower + (0.01 * 1.05 ^ (buckets[i] + 1) - lower) * (rank - before + 0.5) / counts[i];
            IF rank = floor(position) THEN
              low := value;
            END IF;
          END LOOP;
          figures := figures || (low + (value - low) * (position - floor(position)));
        END LOOP;
        RETURN figures;
      END $$`);

    // ---------------------------------------------------------------------------------------
    // Per-entity projections and their definitions
    await db.query(`
      CREATE TABLE report_cases (
        case_id             uuid         PRIMARY KEY,
        need_id             uuid         NOT NULL,
        municipality_id     uuid         NOT NULL,
        region_id           uuid,
        state_code          varchar(5)   NOT NULL,
        assignee_id         uuid,
        status              varchar(20)  NOT NULL,
        chosen_solution_id  uuid,
        theme               varchar(50),
        opened_at           timestamptz  NOT NULL
      )`);
    await db.query(`
      CREATE VIEW report_cases_source AS
      SELECT c.id AS case_id, c.need_id, c.municipality_id, c.region_id, c.state_code, c.assignee_id,
             c.status, c.chosen_solution_id, s.theme, c.opened_at
      FROM transfer_cases c
      LEFT JOIN solutions s ON s.id = c.chosen_solution_id`);
    // The cases a report reads itself (the days around the rollups' slices, a municipality, a
    // chosen solution), each index with the columns those reports filter and count by, so they
    // are read from the index alone.
    await db.query(`
      CREATE INDEX report_cases_opened_idx ON report_cases (opened_at)
        INCLUDE (status, state_code, region_id, theme)`);
    await db.query(`
      CREATE INDEX report_cases_state_idx ON report_cases (state_code, opened_at)
        INCLUDE (status, region_id, municipality_id, chosen_solution_id, theme)`);
    await db.query(`
      CREATE INDEX report_cases_region_idx ON report_cases (region_id, opened_at)
        INCLUDE (status, state_code, municipality_id, chosen_solution_id, theme)`);
    await db.query(`
      CREATE INDEX report_cases_municipality_idx ON report_cases (municipality_id, opened_at)
        INCLUDE (status, state_code, region_id, chosen_solution_id, theme)`);
    await db.query(`
      CREATE INDEX report_cases_solution_idx ON report_cases (chosen_solution_id, status)
        INCLUDE (state_code, region_id, municipality_id, opened_at)`);
    // Open cases: the pilots' load in the coverage report.
    await db.query(`
      CREATE INDEX report_cases_open_idx ON report_cases (region_id, assignee_id)
        WHERE status IN ('erfasst', 'recherchiert', 'vermittelt')`);

    await db.query(`
      CREATE TABLE report_stays (
        case_id             uuid         NOT NULL,
        -- The move's place in the timeline; 0 for the creation of a case whose creation event is missing.
        seq                 bigint       NOT NULL,
        stage               varchar(20)  NOT NULL,
        entered_at          timestamptz  NOT NULL,
        left_at             timestamptz,
        days                float8,
        bucket              int,
        -- When the case entered this stage the time before (a step back re-enters recherchiert).
        previous_entry_at   timestamptz,
        -- The case sits in this stay now and will leave it: not left, its stage is the case's
        -- status, and a stage cases pass through (not umgesetzt or abgebrochen).
        current             boolean      NOT NULL,
        -- Why the case was given up (abgebrochen only): the reason as given, trimmed.
        reason              text,
        municipality_id     uuid         NOT NULL,
        region_id           uuid,
        state_code          varchar(5)   NOT NULL,
        chosen_solution_id  uuid,
        theme               varchar(50),
        PRIMARY KEY (case_id, seq)
      )`);
    // A stay begins with a move into its stage (the creation, every transition) and ends with the
    // case's next move; a case without its creation event entered erfasst when it was opened.
    await db.query(`
      CREATE VIEW report_stays_source AS
      WITH moves AS (
        SELECT e.case_id, e.seq, e.to_status AS stage, e.at, e.data->>'reason' AS event_reason
        FROM transfer_case_events e
        WHERE e.to_status IS NOT NULL
        UNION ALL
        SELECT c.id, 0, 'erfasst', c.opened_at, NULL
        FROM transfer_cases c
        WHERE NOT EXISTS (SELECT 1 FROM transfer_case_events e WHERE e.case_id = c.id AND e.type = 'created')
      ), stays AS (
        SELECT m.*, lead(m.at) OVER (PARTITION BY m.case_id ORDER BY m.seq) AS left_at,
               lag(m.at) OVER (PARTITION BY m.case_id, m.stage ORDER BY m.at, m.seq) AS previous_entry_at
        FROM moves m
      )
      SELECT st.case_id, st.seq, st.stage::varchar(20), st.at AS entered_at, st.left_at,
             extract(epoch FROM st.left_at - st.at)::float8 / 86400 AS days,
             CASE WHEN st.left_at IS NOT NULL
                  THEN report_bucket(extract(epoch FROM st.left_at - st.at)::float8 / 86400) END AS bucket,
             st.previous_entry_at,
             st.left_at IS NULL AND st.stage = c.status AND st.stage IN ('erfasst', 'recherchiert', 'vermittelt')
               AS current,
             CASE WHEN st.stage = 'abgebrochen'
                  THEN nullif(btrim(coalesce(c.cancel_reason, st.event_reason), E' \\t\\r\\n'), '') END AS reason,
             c.municipality_id, c.region_id, c.state_code, c.chosen_solution_id, s.theme
      FROM stays st
      JOIN transfer_cases c ON c.id = st.case_id
      LEFT JOIN solutions s ON s.id = c.chosen_solution_id`);
    // Stays left in a period (the raw days at the edges of the monthly slices) and per place.
    await db.query('CREATE INDEX report_stays_left_idx ON report_stays (left_at) WHERE left_at IS NOT NULL');
    // A small group's stays, for its exact percentiles: per region or state, stage and time left,
    // with the length and all a report filters by, so they are read from the index alone.
    for (const [name, column] of [
      ['report_stays_region_left_idx', 'region_id'],
      ['report_stays_state_left_idx', 'state_code'],
    ]) {
      await db.query(`
        CREATE INDEX ${name} ON report_stays (${column}, stage, left_at)
          INCLUDE (days, state_code, region_id, municipality_id, theme, chosen_solution_id) WHERE left_at IS NOT NULL`);
    }
    await db.query('CREATE INDEX report_stays_entered_idx ON report_stays (entered_at)');
    await db.query('CREATE INDEX report_stays_municipality_idx ON report_stays (municipality_id)');
    await db.query('CREATE INDEX report_stays_solution_idx ON report_stays (chosen_solution_id)');
    // A re-entry into a stage whose first entry lies before a period (the funnel counts the case once).
    await db.query(`
      CREATE INDEX report_stays_reentry_idx ON report_stays (entered_at)
        INCLUDE (previous_entry_at, stage, reason, state_code, region_id, municipality_id, theme, chosen_solution_id)
        WHERE previous_entry_at IS NOT NULL`);
    // The cases sitting in a stage now, longest sitting last, all of them, per state and per region
    // (the cases outside every region under the nil uuid): a percentile of the days so far is a
    // walk to its rank along one of these, with all a report filters by in the index.
    for (const [name, group] of [
      ['report_stays_sitting_idx', ''],
      ['report_stays_sitting_state_idx', 'state_code, '],
      ['report_stays_sitting_region_idx', "coalesce(region_id, '00000000-0000-0000-0000-000000000000'), "],
    ]) {
      await db.query(`
        CREATE INDEX ${name} ON report_stays (stage, ${group}entered_at)
          INCLUDE (state_code, region_id, municipality_id, theme, chosen_solution_id) WHERE current`);
    }

    await db.query(`
      CREATE TABLE report_demand (
        case_id                 uuid         NOT NULL,
        solution_id             uuid         NOT NULL,
        -- The case chose this solution and its contact was brokered (vermittelt).
        brokered                boolean      NOT NULL,
        municipality_id         uuid         NOT NULL,
        region_id               uuid,
        state_code              varchar(5)   NOT NULL,
        opened_at               timestamptz  NOT NULL,
        theme                   varchar(50)  NOT NULL,
        origin_municipality_id  uuid,
        PRIMARY KEY (case_id, solution_id)
      )`);
    // Each open case once per solution it holds, as a candidate or as the chosen one.
    await db.query(`
      CREATE VIEW report_demand_source AS
      SELECT c.id AS case_id, held.solution_id,
             (c.status = 'vermittelt' AND c.chosen_solution_id = held.solution_id) AS brokered,
             c.municipality_id, c.region_id, c.state_code, c.opened_at, s.theme, s.origin_municipality_id
      FROM transfer_cases c
      CROSS JOIN LATERAL (
        SELECT c.chosen_solution_id AS solution_id WHERE c.chosen_solution_id IS NOT NULL
        UNION
        SELECT cc.solution_id FROM transfer_case_candidates cc WHERE cc.case_id = c.id
      ) held
      JOIN solutions s ON s.id = held.solution_id
      WHERE c.status IN ('erfasst', 'recherchiert', 'vermittelt')`);
    await db.query('CREATE INDEX report_demand_solution_idx ON report_demand (solution_id)');
    await db.query('CREATE INDEX report_demand_origin_idx ON report_demand (origin_municipality_id)');
    await db.query('CREATE INDEX report_demand_state_idx ON report_demand (state_code)');
    await db.query('CREATE INDEX report_demand_region_idx ON report_demand (region_id)');

    await db.query(`
      CREATE TABLE report_open_needs (
        need_id          uuid         PRIMARY KEY,
        municipality_id  uuid         NOT NULL,
        captured_at      timestamptz  NOT NULL
      )`);
    await db.query(`
      CREATE VIEW report_open_needs_source AS
      SELECT n.id AS need_id, n.municipality_id, n.captured_at
      FROM needs n
      WHERE n.status = 'open' AND NOT EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = n.id)`);
    await db.query('CREATE INDEX report_open_needs_municipality_idx ON report_open_needs (municipality_id)');

    // ---------------------------------------------------------------------------------------
    // Rollups. A row's grain says which place columns it keeps: 'state' (region and theme null),
    // 'region' (theme null; a null region is the cases outside every region), 'theme' (region null).
    await db.query(`
      CREATE TABLE report_case_counts (
        grain       varchar(6)   NOT NULL,
        span        varchar(7)   NOT NULL,
        slice       date,
        state_code  varchar(5)   NOT NULL,
        region_id   uuid,
        theme       varchar(50),
        status      varchar(20)  NOT NULL,
        cases       integer      NOT NULL,
        CONSTRAINT report_case_counts_key UNIQUE NULLS NOT DISTINCT
          (grain, span, theme, slice, state_code, region_id, status)
      )`);
    await db.query(`
      CREATE TABLE report_stay_buckets (
        grain       varchar(6)   NOT NULL,
        span        varchar(7)   NOT NULL,
        slice       date,
        stage       varchar(20)  NOT NULL,
        state_code  varchar(5)   NOT NULL,
        region_id   uuid,
        theme       varchar(50),
        bucket      integer      NOT NULL,
        stays       integer      NOT NULL,
        CONSTRAINT report_stay_buckets_key UNIQUE NULLS NOT DISTINCT
          (grain, span, theme, slice, stage, state_code, region_id, bucket)
      )`);
    await db.query(`
      CREATE TABLE report_stage_entries (
        grain       varchar(6)   NOT NULL,
        span        varchar(7)   NOT NULL,
        slice       date,
        stage       varchar(20)  NOT NULL,
        state_code  varchar(5)   NOT NULL,
        region_id   uuid,
        theme       varchar(50),
        reason      text,
        cases       integer      NOT NULL,
        CONSTRAINT report_stage_entries_key UNIQUE NULLS NOT DISTINCT
          (grain, span, theme, slice, stage, state_code, region_id, reason)
      )`);
    // The cases sitting in a stage now, per grain: a picture of now, so no slices.
    await db.query(`
      CREATE TABLE report_sitting_counts (
        grain       varchar(6)   NOT NULL,
        stage       varchar(20)  NOT NULL,
        state_code  varchar(5)   NOT NULL,
        region_id   uuid,
        theme       varchar(50),
        cases       integer      NOT NULL,
        CONSTRAINT report_sitting_counts_key UNIQUE NULLS NOT DISTINCT (grain, theme, stage, state_code, region_id)
      )`);
    for (const [table, measure] of [
      ['report_case_counts', 'cases'],
      ['report_stay_buckets', 'stays'],
      ['report_stage_entries', 'cases'],
      ['report_sitting_counts', 'cases'],
    ]) {
      // A cell whose count fell to zero is removed in the transaction that emptied it.
      await db.query(`CREATE INDEX ${table}_empty_idx ON ${table} (grain) WHERE ${measure} = 0`);
    }
    // Stay lengths in the order the percentiles read them: per slice and stage, group by group (the
    // grain's own column), bucket by bucket; the histograms of a slice are then summed without sorting.
    for (const [grain, key, rest] of [
      ['state', 'state_code', 'region_id'],
      ['region', 'region_id', 'state_code'],
      ['theme', 'state_code', 'region_id'],
    ]) {
      await db.query(`
        CREATE INDEX report_stay_buckets_${grain}_idx ON report_stay_buckets (span, theme, slice, stage, ${key}, bucket)
          INCLUDE (${rest}, stays) WHERE grain = '${grain}'`);
    }
    await db.query(`
      CREATE TABLE report_demand_totals (
        solution_id     uuid     PRIMARY KEY,
        open_cases      integer  NOT NULL DEFAULT 0,
        brokered_cases  integer  NOT NULL DEFAULT 0,
        municipalities  integer  NOT NULL DEFAULT 0,
        regions         integer  NOT NULL DEFAULT 0,
        states          integer  NOT NULL DEFAULT 0,
        implemented     integer  NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE TABLE report_origin_totals (
        municipality_id  uuid     PRIMARY KEY,
        solutions        integer  NOT NULL DEFAULT 0,
        open_cases       integer  NOT NULL DEFAULT 0,
        brokered_cases   integer  NOT NULL DEFAULT 0
      )`);

    // ---------------------------------------------------------------------------------------
    // Bookkeeping of one transaction: what it touched, and the deltas of its projections.
    // Unlogged: both live only until the transaction's COMMIT.
    await db.query(`
      CREATE UNLOGGED TABLE report_pending (
        txid  xid8     NOT NULL DEFAULT pg_current_xact_id(),
        kind  char(1)  NOT NULL,  -- c: a case, n: a need, s: a solution whose theme or origin changed
        id    uuid     NOT NULL
      )`);
    await db.query('CREATE INDEX report_pending_txid_idx ON report_pending (txid)');
    await db.query(`
      CREATE UNLOGGED TABLE report_pending_commits (
        txid  xid8  PRIMARY KEY DEFAULT pg_current_xact_id()
      )`);
    await db.query(`
      CREATE UNLOGGED TABLE report_deltas (
        txid        xid8         NOT NULL,
        fact        varchar(10)  NOT NULL,  -- cases, stays, entries, solution, origin
        at          timestamptz,
        stage       varchar(20),            -- the stage, or a case's status
        state_code  varchar(5),
        region_id   uuid,
        theme       varchar(50),
        bucket      integer,
        reason      text,
        id          uuid,                   -- the solution or origin municipality touched
        n           integer      NOT NULL
      )`);
    await db.query('CREATE INDEX report_deltas_txid_idx ON report_deltas (txid, fact)');

    // The rollups' cells as functions of their facts: the deltas of one transaction (`txn`), or,
    // with txn null, every fact the per-entity projections hold (rebuild and check). Facts are
    // summed per grain into Berlin month cells first; quarters, years and all time are sums of those.
    const cells = (name: string, columns: string, keys: string[], facts: string) => {
      const picked = keys.map((key) =>
        key === 'region_id'
          ? `CASE WHEN g.grain = 'region' THEN f.region_id END AS region_id`
          : key === 'theme'
            ? `CASE WHEN g.grain = 'theme' THEN f.theme END AS theme`
            : `f.${key}`,
      );
      const key = keys.join(', ');
      return `
        CREATE FUNCTION ${name}(txn xid8)
        RETURNS TABLE (grain varchar, span varchar, slice date, ${columns})
        LANGUAGE sql STABLE AS $$
          WITH months AS (
            SELECT g.grain, date_trunc('month', f.at AT TIME ZONE 'Europe/Berlin')::date AS slice,
                   ${picked.join(', ')}, sum(f.n) AS n
            FROM (${facts}) f
            CROSS JOIN (VALUES ('state'), ('region'), ('theme')) g (grain)
            WHERE g.grain <> 'theme' OR f.theme IS NOT NULL
            GROUP BY 1, 2, ${keys.map((_, i) => i + 3).join(', ')}
          )
          SELECT grain, 'month', slice, ${key}, n FROM months WHERE n <> 0
          UNION ALL
          SELECT grain, 'quarter', date_trunc('quarter', slice)::date, ${key}, sum(n) FROM months
          GROUP BY grain, date_trunc('quarter', slice), ${key} HAVING sum(n) <> 0
          UNION ALL
          SELECT grain, 'year', date_trunc('year', slice)::date, ${key}, sum(n) FROM months
          GROUP BY grain, date_trunc('year', slice), ${key} HAVING sum(n) <> 0
          UNION ALL
          SELECT grain, 'all', NULL, ${key}, sum(n) FROM months
          GROUP BY grain, ${key} HAVING sum(n) <> 0
        $$`;
    };
    await db.query(
      cells(
        'report_case_count_cells',
        'state_code varchar, region_id uuid, theme varchar, status varchar, cases bigint',
        ['state_code', 'region_id', 'theme', 'status'],
        `SELECT d.at, d.state_code, d.region_id, d.theme, d.stage AS status, d.n
         FROM report_deltas d WHERE txn IS NOT NULL AND d.txid = txn AND d.fact = 'cases'
         UNION ALL
         SELECT c.opened_at, c.state_code, c.region_id, c.theme, c.status, 1
         FROM report_cases c WHERE txn IS NULL`,
      ),
    );
    await db.query(
      cells(
        'report_stay_bucket_cells',
        'stage varchar, state_code varchar, region_id uuid, theme varchar, bucket int, stays bigint',
        ['stage', 'state_code', 'region_id', 'theme', 'bucket'],
        `SELECT d.at, d.stage, d.state_code, d.region_id, d.theme, d.bucket, d.n
         FROM report_deltas d WHERE txn IS NOT NULL AND d.txid = txn AND d.fact = 'stays'
         UNION ALL
         SELECT st.left_at, st.stage, st.state_code, st.region_id, st.theme, st.bucket, 1
         FROM report_stays st
         WHERE txn IS NULL AND st.left_at IS NOT NULL AND st.stage IN ('erfasst', 'recherchiert', 'vermittelt')`,
      ),
    );
    await db.query(
      cells(
        'report_stage_entry_cells',
        'stage varchar, state_code varchar, region_id uuid, theme varchar, reason text, cases bigint',
        ['stage', 'state_code', 'region_id', 'theme', 'reason'],
        `SELECT d.at, d.stage, d.state_code, d.region_id, d.theme, d.reason, d.n
         FROM report_deltas d WHERE txn IS NOT NULL AND d.txid = txn AND d.fact = 'entries'
         UNION ALL
         SELECT st.entered_at, st.stage, st.state_code, st.region_id, st.theme, st.reason, 1
         FROM report_stays st WHERE txn IS NULL AND st.previous_entry_at IS NULL`,
      ),
    );
    await db.query(`
      CREATE FUNCTION report_sitting_count_cells(txn xid8)
      RETURNS TABLE (grain varchar, stage varchar, state_code varchar, region_id uuid, theme varchar, cases bigint)
      LANGUAGE sql STABLE AS $$
        SELECT g.grain, f.stage, f.state_code, CASE WHEN g.grain = 'region' THEN f.region_id END,
               CASE WHEN g.grain = 'theme' THEN f.theme END, sum(f.n)
        FROM (
          SELECT d.stage, d.state_code, d.region_id, d.theme, d.n
          FROM report_deltas d WHERE txn IS NOT NULL AND d.txid = txn AND d.fact = 'sitting'
          UNION ALL
          SELECT st.stage, st.state_code, st.region_id, st.theme, 1
          FROM report_stays st WHERE txn IS NULL AND st.current
        ) f
        CROSS JOIN (VALUES ('state'), ('region'), ('theme')) g (grain)
        WHERE g.grain <> 'theme' OR f.theme IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(f.n) <> 0
      $$`);
    // Demand per solution and per origin: distinct counts, so recomputed for the keys touched.
    await db.query(`
      CREATE FUNCTION report_demand_totals_of(ids uuid[])
      RETURNS TABLE (solution_id uuid, open_cases int, brokered_cases int, municipalities int, regions int,
                     states int, implemented int)
      LANGUAGE sql STABLE AS $$
        SELECT k.id, coalesce(d.open_cases, 0), coalesce(d.brokered_cases, 0), coalesce(d.municipalities, 0),
               coalesce(d.regions, 0), coalesce(d.states, 0), coalesce(i.implemented, 0)
        FROM unnest(ids) k (id)
        LEFT JOIN (
          SELECT solution_id, count(*)::int AS open_cases, count(*) FILTER (WHERE brokered)::int AS brokered_cases,
                 count(DISTINCT municipality_id)::int AS municipalities, count(DISTINCT region_id)::int AS regions,
                 count(DISTINCT state_code)::int AS states
          FROM report_demand JOIN unnest(ids) k (id) ON k.id = solution_id
          GROUP BY solution_id
        ) d ON d.solution_id = k.id
        LEFT JOIN (
          SELECT chosen_solution_id, count(*)::int AS implemented
          FROM report_cases JOIN unnest(ids) k (id) ON k.id = chosen_solution_id
          WHERE status = 'umgesetzt'
          GROUP BY chosen_solution_id
        ) i ON i.chosen_solution_id = k.id
        WHERE d.solution_id IS NOT NULL OR i.chosen_solution_id IS NOT NULL
      $$`);
    // Every solution and origin the demand totals have a row for (rebuild and check).
    await db.query(`
      CREATE VIEW report_demand_keys AS
      SELECT 'solution' AS kind, solution_id AS id FROM report_demand
      UNION
      SELECT 'solution', chosen_solution_id FROM report_cases WHERE status = 'umgesetzt' AND chosen_solution_id IS NOT NULL
      UNION
      SELECT 'origin', origin_municipality_id FROM report_demand WHERE origin_municipality_id IS NOT NULL`);
    await db.query(`
      CREATE FUNCTION report_origin_totals_of(ids uuid[])
      RETURNS TABLE (municipality_id uuid, solutions int, open_cases int, brokered_cases int)
      LANGUAGE sql STABLE AS $$
        SELECT origin_municipality_id, count(DISTINCT solution_id)::int, count(DISTINCT case_id)::int,
               count(DISTINCT case_id) FILTER (WHERE brokered)::int
        FROM report_demand JOIN unnest(ids) k (id) ON k.id = origin_municipality_id
        GROUP BY origin_municipality_id
      $$`);

    // Recomputes the per-entity rows of these cases and needs from their sources: rows that differ
    // are deleted, missing ones inserted, and each leaves its delta for the rollups. The ids are
    // joined as a set, each case's source rows read through a lateral lookup (the views' filters
    // then reach their indexes): a bulk of 200 000 cases costs in proportion, never in their square.
    await db.query(`
      CREATE FUNCTION report_refresh(case_ids uuid[], need_ids uuid[]) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        txn xid8 := pg_current_xact_id();
      BEGIN
        WITH ids AS (SELECT DISTINCT unnest(case_ids) AS id),
        fresh AS MATERIALIZED (
          SELECT s.* FROM ids CROSS JOIN LATERAL (SELECT * FROM report_cases_source v WHERE v.case_id = ids.id) s
        ),
        gone AS (
          DELETE FROM report_cases r USING ids
          WHERE r.case_id = ids.id
            AND NOT EXISTS (SELECT 1 FROM fresh s WHERE s.case_id = r.case_id AND (s.*) IS NOT DISTINCT FROM (r.*))
          RETURNING r.*
        )
        INSERT INTO report_deltas (txid, fact, at, stage, state_code, region_id, theme, id, n)
        SELECT txn, 'cases', opened_at, status, state_code, region_id, theme, NULL, -1 FROM gone
        UNION ALL
        SELECT txn, 'solution', NULL, NULL, NULL, NULL, NULL, chosen_solution_id, 0 FROM gone
        WHERE status = 'umgesetzt' AND chosen_solution_id IS NOT NULL;
        WITH ids AS (SELECT DISTINCT unnest(case_ids) AS id),
        added AS (
          INSERT INTO report_cases
          SELECT s.* FROM ids CROSS JOIN LATERAL (SELECT * FROM report_cases_source v WHERE v.case_id = ids.id) s
          WHERE NOT EXISTS (SELECT 1 FROM report_cases r WHERE r.case_id = s.case_id)
          RETURNING *
        )
        INSERT INTO report_deltas (txid, fact, at, stage, state_code, region_id, theme, id, n)
        SELECT txn, 'cases', opened_at, status, state_code, region_id, theme, NULL, 1 FROM added
        UNION ALL
        SELECT txn, 'solution', NULL, NULL, NULL, NULL, NULL, chosen_solution_id, 0 FROM added
        WHERE status = 'umgesetzt' AND chosen_solution_id IS NOT NULL;

        WITH ids AS (SELECT DISTINCT unnest(case_ids) AS id),
        fresh AS MATERIALIZED (
          SELECT s.* FROM ids CROSS JOIN LATERAL (SELECT * FROM report_stays_source v WHERE v.case_id = ids.id) s
        ),
        gone AS (
          DELETE FROM report_stays r USING ids
          WHERE r.case_id = ids.id
            AND NOT EXISTS (SELECT 1 FROM fresh s
                            WHERE s.case_id = r.case_id AND s.seq = r.seq AND (s.*) IS NOT DISTINCT FROM (r.*))
          RETURNING r.*
        )
        INSERT INTO report_deltas (txid, fact, at, stage, state_code, region_id, theme, bucket, reason, n)
        SELECT txn, 'stays', left_at, stage, state_code, region_id, theme, bucket, NULL, -1 FROM gone
        WHERE left_at IS NOT NULL AND stage IN ('erfasst', 'recherchiert', 'vermittelt')
        UNION ALL
        SELECT txn, 'entries', entered_at, stage, state_code, region_id, theme, NULL, reason, -1 FROM gone
        WHERE previous_entry_at IS NULL
        UNION ALL
        SELECT txn, 'sitting', NULL, stage, state_code, region_id, theme, NULL, NULL, -1 FROM gone WHERE current;
        WITH ids AS (SELECT DISTINCT unnest(case_ids) AS id),
        added AS (
          INSERT INTO report_stays
          SELECT s.* FROM ids CROSS JOIN LATERAL (SELECT * FROM report_stays_source v WHERE v.case_id = ids.id) s
          WHERE NOT EXISTS (SELECT 1 FROM report_stays r WHERE r.case_id = s.case_id AND r.seq = s.seq)
          RETURNING *
        )
        INSERT INTO report_deltas (txid, fact, at, stage, state_code, region_id, theme, bucket, reason, n)
        SELECT txn, 'stays', left_at, stage, state_code, region_id, theme, bucket, NULL, 1 FROM added
        WHERE left_at IS NOT NULL AND stage IN ('erfasst', 'recherchiert', 'vermittelt')
        UNION ALL
        SELECT txn, 'entries', entered_at, stage, state_code, region_id, theme, NULL, reason, 1 FROM added
        WHERE previous_entry_at IS NULL
        UNION ALL
        SELECT txn, 'sitting', NULL, stage, state_code, region_id, theme, NULL, NULL, 1 FROM added WHERE current;

        WITH ids AS (SELECT DISTINCT unnest(case_ids) AS id),
        fresh AS MATERIALIZED (
          SELECT s.* FROM ids CROSS JOIN LATERAL (SELECT * FROM report_demand_source v WHERE v.case_id = ids.id) s
        ),
        gone AS (
          DELETE FROM report_demand r USING ids
          WHERE r.case_id = ids.id
            AND NOT EXISTS (SELECT 1 FROM fresh s
                            WHERE s.case_id = r.case_id AND s.solution_id = r.solution_id
                              AND (s.*) IS NOT DISTINCT FROM (r.*))
          RETURNING r.*
        )
        INSERT INTO report_deltas (txid, fact, id, n)
        SELECT txn, 'solution', solution_id, 0 FROM gone
        UNION ALL
        SELECT txn, 'origin', origin_municipality_id, 0 FROM gone WHERE origin_municipality_id IS NOT NULL;
        WITH ids AS (SELECT DISTINCT unnest(case_ids) AS id),
        added AS (
          INSERT INTO report_demand
          SELECT s.* FROM ids CROSS JOIN LATERAL (SELECT * FROM report_demand_source v WHERE v.case_id = ids.id) s
          WHERE NOT EXISTS (SELECT 1 FROM report_demand r WHERE r.case_id = s.case_id AND r.solution_id = s.solution_id)
          RETURNING *
        )
        INSERT INTO report_deltas (txid, fact, id, n)
        SELECT txn, 'solution', solution_id, 0 FROM added
        UNION ALL
        SELECT txn, 'origin', origin_municipality_id, 0 FROM added WHERE origin_municipality_id IS NOT NULL;

        WITH ids AS (SELECT DISTINCT unnest(need_ids) AS id),
        fresh AS MATERIALIZED (
          SELECT s.* FROM ids CROSS JOIN LATERAL (SELECT * FROM report_open_needs_source v WHERE v.need_id = ids.id) s
        )
        DELETE FROM report_open_needs r USING ids
        WHERE r.need_id = ids.id
          AND NOT EXISTS (SELECT 1 FROM fresh s WHERE s.need_id = r.need_id AND (s.*) IS NOT DISTINCT FROM (r.*));
        INSERT INTO report_open_needs
        SELECT s.* FROM (SELECT DISTINCT unnest(need_ids) AS id) ids
        CROSS JOIN LATERAL (SELECT * FROM report_open_needs_source v WHERE v.need_id = ids.id) s
        WHERE NOT EXISTS (SELECT 1 FROM report_open_needs r WHERE r.need_id = s.need_id);
      END $$`);

    // Applies one transaction's deltas to the rollups, each rollup in the order of its key (every
    // transaction locks rollup rows in the same order: no deadlock), then recomputes the demand of
    // the solutions and origins it touched, under their rows' locks.
    await db.query(`
      CREATE FUNCTION report_apply_deltas(txn xid8) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        solution_ids uuid[];
        origin_ids uuid[];
      BEGIN
        INSERT INTO report_case_counts AS t (grain, span, slice, state_code, region_id, theme, status, cases)
        SELECT * FROM report_case_count_cells(txn)
        ORDER BY grain, span, theme, slice, state_code, region_id, status
        ON CONFLICT ON CONSTRAINT report_case_counts_key DO UPDATE SET cases = t.cases + excluded.cases;
        DELETE FROM report_case_counts WHERE cases = 0;

        INSERT INTO report_stay_buckets AS t (grain, span, slice, stage, state_code, region_id, theme, bucket, stays)
        SELECT * FROM report_stay_bucket_cells(txn)
        ORDER BY grain, span, theme, slice, stage, state_code, region_id, bucket
        ON CONFLICT ON CONSTRAINT report_stay_buckets_key DO UPDATE SET stays = t.stays + excluded.stays;
        DELETE FROM report_stay_buckets WHERE stays = 0;

        INSERT INTO report_stage_entries AS t (grain, span, slice, stage, state_code, region_id, theme, reason, cases)
        SELECT * FROM report_stage_entry_cells(txn)
        ORDER BY grain, span, theme, slice, stage, state_code, region_id, reason
        ON CONFLICT ON CONSTRAINT report_stage_entries_key DO UPDATE SET cases = t.cases + excluded.cases;
        DELETE FROM report_stage_entries WHERE cases = 0;

        INSERT INTO report_sitting_counts AS t (grain, stage, state_code, region_id, theme, cases)
        SELECT * FROM report_sitting_count_cells(txn)
        ORDER BY grain, theme, stage, state_code, region_id
        ON CONFLICT ON CONSTRAINT report_sitting_counts_key DO UPDATE SET cases = t.cases + excluded.cases;
        DELETE FROM report_sitting_counts WHERE cases = 0;

        SELECT array_agg(DISTINCT id ORDER BY id) FILTER (WHERE fact = 'solution'),
               array_agg(DISTINCT id ORDER BY id) FILTER (WHERE fact = 'origin')
          INTO solution_ids, origin_ids
        FROM report_deltas WHERE txid = txn AND fact IN ('solution', 'origin');
        IF solution_ids IS NOT NULL THEN
          INSERT INTO report_demand_totals (solution_id) SELECT unnest(solution_ids) ORDER BY 1 ON CONFLICT DO NOTHING;
          PERFORM 1 FROM report_demand_totals t JOIN unnest(solution_ids) k (id) ON k.id = t.solution_id
          ORDER BY t.solution_id FOR UPDATE OF t;
          -- A new statement, so a new snapshot: what writers that held these rows committed counts too.
          UPDATE report_demand_totals t
          SET open_cases = coalesce(x.open_cases, 0), brokered_cases = coalesce(x.brokered_cases, 0),
              municipalities = coalesce(x.municipalities, 0), regions = coalesce(x.regions, 0),
              states = coalesce(x.states, 0), implemented = coalesce(x.implemented, 0)
          FROM (SELECT k AS solution_id FROM unnest(solution_ids) k) keys
          LEFT JOIN report_demand_totals_of(solution_ids) x ON x.solution_id = keys.solution_id
          WHERE t.solution_id = keys.solution_id;
        END IF;
        IF origin_ids IS NOT NULL THEN
          INSERT INTO report_origin_totals (municipality_id) SELECT unnest(origin_ids) ORDER BY 1 ON CONFLICT DO NOTHING;
          PERFORM 1 FROM report_origin_totals t JOIN unnest(origin_ids) k (id) ON k.id = t.municipality_id
          ORDER BY t.municipality_id FOR UPDATE OF t;
          UPDATE report_origin_totals t
          SET solutions = coalesce(x.solutions, 0), open_cases = coalesce(x.open_cases, 0),
              brokered_cases = coalesce(x.brokered_cases, 0)
          FROM (SELECT k AS municipality_id FROM unnest(origin_ids) k) keys
          LEFT JOIN report_origin_totals_of(origin_ids) x ON x.municipality_id = keys.municipality_id
          WHERE t.municipality_id = keys.municipality_id;
        END IF;
        -- Rows of solutions and origins whose demand ended stay (with zeros): deleting a row another
        -- writer waits to update would lose that update. Reports read rows with demand only.
        DELETE FROM report_deltas WHERE txid = txn;
      END $$`);

    // At COMMIT, once per transaction that touched a source: refresh and apply.
    await db.query(`
      CREATE FUNCTION report_commit() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        txn xid8 := pg_current_xact_id();
        case_ids uuid[];
        need_ids uuid[];
        solution_ids uuid[];
      BEGIN
        DELETE FROM report_pending_commits WHERE txid = txn;
        WITH done AS (DELETE FROM report_pending WHERE txid = txn RETURNING kind, id)
        SELECT array_agg(DISTINCT id) FILTER (WHERE kind = 'c'), array_agg(DISTINCT id) FILTER (WHERE kind = 'n'),
               array_agg(DISTINCT id ORDER BY id) FILTER (WHERE kind = 's')
          INTO case_ids, need_ids, solution_ids
        FROM done;
        IF solution_ids IS NOT NULL THEN
          -- A solution's new theme or origin: every case that chose it, every open case holding it.
          -- Held exclusively until COMMIT, so a case choosing it concurrently reads the new theme.
          PERFORM pg_advisory_xact_lock(1764170000, h)
          FROM (SELECT DISTINCT hashtext(s::text) AS h FROM unnest(solution_ids) s ORDER BY 1) locks;
          SELECT array_agg(DISTINCT id) INTO case_ids FROM (
            SELECT unnest(case_ids) AS id
            UNION ALL SELECT c.id FROM transfer_cases c JOIN unnest(solution_ids) k (id) ON k.id = c.chosen_solution_id
            UNION ALL SELECT cc.case_id FROM transfer_case_candidates cc JOIN unnest(solution_ids) k (id) ON k.id = cc.solution_id
          ) touched;
        END IF;
        IF case_ids IS NOT NULL THEN
          -- The themes and origins these cases' solutions have: read under a shared lock, which a
          -- concurrent change of a solution's theme waits for (and this for it).
          PERFORM pg_advisory_xact_lock_shared(1764170000, h)
          FROM (
            SELECT DISTINCT hashtext(s::text) AS h FROM (
              SELECT c.chosen_solution_id AS s
              FROM transfer_cases c JOIN unnest(case_ids) k (id) ON k.id = c.id
              WHERE c.chosen_solution_id IS NOT NULL
              UNION ALL
              SELECT cc.solution_id FROM transfer_case_candidates cc JOIN unnest(case_ids) k (id) ON k.id = cc.case_id
            ) held
            WHERE NOT EXISTS (SELECT 1 FROM unnest(solution_ids) x (id) WHERE x.id = held.s)
            ORDER BY 1
          ) locks;
          SELECT array_agg(DISTINCT id) INTO need_ids FROM (
            SELECT unnest(need_ids) AS id
            UNION ALL SELECT c.need_id FROM transfer_cases c JOIN unnest(case_ids) k (id) ON k.id = c.id
            UNION ALL SELECT r.need_id FROM report_cases r JOIN unnest(case_ids) k (id) ON k.id = r.case_id
          ) touched;
        END IF;
        PERFORM report_refresh(coalesce(case_ids, '{}'), coalesce(need_ids, '{}'));
        PERFORM report_apply_deltas(txn);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER report_commit AFTER INSERT ON report_pending_commits
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_commit()`);

    // Source triggers: note what a statement touched. A bulk load may switch them off for its
    // session (SET transferstelle.report_projections = 'rebuild') and call report_rebuild() after.
    await db.query(`
      CREATE FUNCTION report_note() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('transferstelle.report_projections', true) = 'rebuild' THEN
          RETURN NULL;
        END IF;
        IF TG_TABLE_NAME = 'transfer_cases' THEN
          IF TG_OP <> 'DELETE' THEN
            INSERT INTO report_pending (kind, id)
            SELECT 'c', id FROM new_rows UNION ALL SELECT 'n', need_id FROM new_rows;
          END IF;
          IF TG_OP <> 'INSERT' THEN
            INSERT INTO report_pending (kind, id)
            SELECT 'c', id FROM old_rows UNION ALL SELECT 'n', need_id FROM old_rows;
          END IF;
        ELSIF TG_TABLE_NAME IN ('transfer_case_events', 'transfer_case_candidates') THEN
          IF TG_OP <> 'DELETE' THEN
            INSERT INTO report_pending (kind, id) SELECT DISTINCT 'c', case_id FROM new_rows;
          END IF;
          IF TG_OP <> 'INSERT' THEN
            INSERT INTO report_pending (kind, id) SELECT DISTINCT 'c', case_id FROM old_rows;
          END IF;
        ELSIF TG_TABLE_NAME = 'solutions' THEN
          -- Only a new theme or origin changes what the reports count (not, say, a counter).
          INSERT INTO report_pending (kind, id)
          SELECT 's', n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE n.theme IS DISTINCT FROM o.theme OR n.origin_municipality_id IS DISTINCT FROM o.origin_municipality_id;
          IF NOT FOUND THEN
            RETURN NULL;
          END IF;
        ELSIF TG_TABLE_NAME = 'needs' THEN
          IF TG_OP <> 'DELETE' THEN
            INSERT INTO report_pending (kind, id) SELECT 'n', id FROM new_rows;
          END IF;
          IF TG_OP <> 'INSERT' THEN
            INSERT INTO report_pending (kind, id) SELECT 'n', id FROM old_rows;
          END IF;
        END IF;
        INSERT INTO report_pending_commits DEFAULT VALUES ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    for (const table of ['transfer_cases', 'transfer_case_events', 'transfer_case_candidates', 'needs']) {
      await db.query(`
        CREATE TRIGGER report_note_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_note()`);
      await db.query(`
        CREATE TRIGGER report_note_update AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_note()`);
      await db.query(`
        CREATE TRIGGER report_note_delete AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_note()`);
    }
    await db.query(`
      CREATE TRIGGER report_note_update AFTER UPDATE ON solutions
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_note()`);

    // ---------------------------------------------------------------------------------------
    // Rebuild and check
    // Fills a projection from its definition in bulk: its plain indexes are dropped first and
    // built again after (one sort each, instead of millions of insertions).
    await db.query(`
      CREATE FUNCTION report_fill(projection regclass, definition text) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        indexes text[] := ARRAY(
          SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
          WHERE i.indrelid = projection AND NOT i.indisunique AND NOT i.indisprimary
          ORDER BY i.indexrelid);
        index_names text[] := ARRAY(
          SELECT i.indexrelid::regclass::text FROM pg_index i
          WHERE i.indrelid = projection AND NOT i.indisunique AND NOT i.indisprimary
          ORDER BY i.indexrelid);
        statement text;
      BEGIN
        FOREACH statement IN ARRAY index_names LOOP
          EXECUTE format('DROP INDEX %s', statement);
        END LOOP;
        EXECUTE format('INSERT INTO %s %s', projection, definition);
        FOREACH statement IN ARRAY indexes LOOP
          EXECUTE statement;
        END LOOP;
      END $$`);
    await db.query(`
      CREATE FUNCTION report_rebuild() RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        SET LOCAL work_mem = '256MB';
        SET LOCAL maintenance_work_mem = '256MB';
        TRUNCATE report_cases, report_stays, report_demand, report_open_needs, report_case_counts,
                 report_stay_buckets, report_stage_entries, report_sitting_counts, report_demand_totals,
                 report_origin_totals, report_pending, report_pending_commits, report_deltas;
        PERFORM report_fill('report_cases', 'SELECT * FROM report_cases_source');
        -- In time order: a period's stays then lie together on disk, as they do for stays written live.
        PERFORM report_fill('report_stays', 'SELECT * FROM report_stays_source ORDER BY coalesce(left_at, entered_at)');
        PERFORM report_fill('report_demand', 'SELECT * FROM report_demand_source');
        PERFORM report_fill('report_open_needs', 'SELECT * FROM report_open_needs_source');
        ANALYZE report_cases, report_stays, report_demand, report_open_needs;
        PERFORM report_fill('report_case_counts', 'SELECT * FROM report_case_count_cells(NULL)');
        PERFORM report_fill('report_stay_buckets', 'SELECT * FROM report_stay_bucket_cells(NULL)');
        PERFORM report_fill('report_stage_entries', 'SELECT * FROM report_stage_entry_cells(NULL)');
        PERFORM report_fill('report_sitting_counts', 'SELECT * FROM report_sitting_count_cells(NULL)');
        PERFORM report_fill('report_demand_totals', $f$
          SELECT * FROM report_demand_totals_of(ARRAY(SELECT id FROM report_demand_keys WHERE kind = 'solution'))$f$);
        PERFORM report_fill('report_origin_totals', $f$
          SELECT * FROM report_origin_totals_of(ARRAY(SELECT id FROM report_demand_keys WHERE kind = 'origin'))$f$);
        ANALYZE report_case_counts, report_stay_buckets, report_stage_entries, report_sitting_counts,
                report_demand_totals, report_origin_totals;
      END $$`);
    // Every projection against a recomputation from its sources: the rows that differ (at most
    // ten per projection), as 'missing' (should be there) or 'extra' (should not).
    await db.query(`
      CREATE FUNCTION report_differences()
      RETURNS TABLE (projection text, difference text, row_text text)
      LANGUAGE plpgsql STABLE AS $$
      DECLARE
        checks text[][] := ARRAY[
          ['report_cases', 'SELECT * FROM report_cases_source', 'SELECT * FROM report_cases'],
          ['report_stays', 'SELECT * FROM report_stays_source', 'SELECT * FROM report_stays'],
          ['report_demand', 'SELECT * FROM report_demand_source', 'SELECT * FROM report_demand'],
          ['report_open_needs', 'SELECT * FROM report_open_needs_source', 'SELECT * FROM report_open_needs'],
          ['report_case_counts', 'SELECT * FROM report_case_count_cells(NULL)', 'SELECT * FROM report_case_counts'],
          ['report_stay_buckets', 'SELECT * FROM report_stay_bucket_cells(NULL)', 'SELECT * FROM report_stay_buckets'],
          ['report_stage_entries', 'SELECT * FROM report_stage_entry_cells(NULL)', 'SELECT * FROM report_stage_entries'],
          ['report_sitting_counts', 'SELECT * FROM report_sitting_count_cells(NULL)', 'SELECT * FROM report_sitting_counts'],
          ['report_demand_totals',
           $k$SELECT * FROM report_demand_totals_of(ARRAY(SELECT id FROM report_demand_keys WHERE kind = 'solution'))$k$,
           'SELECT * FROM report_demand_totals WHERE open_cases > 0 OR implemented > 0'],
          ['report_origin_totals',
           $k$SELECT * FROM report_origin_totals_of(ARRAY(SELECT id FROM report_demand_keys WHERE kind = 'origin'))$k$,
           'SELECT * FROM report_origin_totals WHERE open_cases > 0'],
          ['report_pending', 'SELECT NULL::text LIMIT 0', 'SELECT txid::text FROM report_pending'],
          ['report_deltas', 'SELECT NULL::text LIMIT 0', 'SELECT txid::text FROM report_deltas']
        ];
        i int;
      BEGIN
        FOR i IN 1 .. array_length(checks, 1) LOOP
          RETURN QUERY EXECUTE format(
            $q$ (SELECT %1$L, 'missing', x::text FROM ((%2$s) EXCEPT ALL (%3$s)) x LIMIT 10)
                UNION ALL
                (SELECT %1$L, 'extra', x::text FROM ((%3$s) EXCEPT ALL (%2$s)) x LIMIT 10) $q$,
            checks[i][1], checks[i][2], checks[i][3]);
        END LOOP;
      END $$`);

    await db.query('SELECT report_rebuild()');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['transfer_cases', 'transfer_case_events', 'transfer_case_candidates', 'needs']) {
      for (const event of ['insert', 'update', 'delete']) {
        await db.query(`DROP TRIGGER report_note_${event} ON ${table}`);
      }
    }
    await db.query('DROP TRIGGER report_note_update ON solutions');
    await db.query('DROP FUNCTION report_note()');
    await db.query('DROP FUNCTION report_differences()');
    await db.query('DROP FUNCTION report_rebuild()');
    await db.query('DROP FUNCTION report_fill(regclass, text)');
    await db.query('DROP TABLE report_pending_commits');
    await db.query('DROP FUNCTION report_commit()');
    await db.query('DROP FUNCTION report_apply_deltas(xid8)');
    await db.query('DROP FUNCTION report_refresh(uuid[], uuid[])');
    for (const fn of [
      'report_case_count_cells(xid8)',
      'report_stay_bucket_cells(xid8)',
      'report_stage_entry_cells(xid8)',
      'report_sitting_count_cells(xid8)',
      'report_demand_totals_of(uuid[])',
      'report_origin_totals_of(uuid[])',
    ]) {
      await db.query(`DROP FUNCTION ${fn}`);
    }
    await db.query(
      'DROP TABLE report_pending, report_deltas, report_case_counts, report_stay_buckets, report_stage_entries, report_sitting_counts, report_demand_totals, report_origin_totals',
    );
    await db.query(
      'DROP VIEW report_demand_keys, report_cases_source, report_stays_source, report_demand_source, report_open_needs_source',
    );
    await db.query('DROP TABLE report_cases, report_stays, report_demand, report_open_needs');
    await db.query('DROP FUNCTION report_percentiles(int[], bigint[], bigint, float8[])');
    for (const fn of ['report_bucket_upper(int)', 'report_bucket_lower(int)', 'report_bucket(float8)']) {
      await db.query(`DROP FUNCTION ${fn}`);
    }
  }
}
