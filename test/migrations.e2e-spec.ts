import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { MIGRATIONS } from '../migrations/index.js';
import { createTestDatabase, dropTestDatabase } from './support/test-app.js';

describe('migrations', () => {
  let url: string;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase({ migrated: false });
    db = await new DataSource(dataSourceOptions(url, 2)).initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await dropTestDatabase(url);
  });

  const tables = async () =>
    (
      await db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
      )
    ).map((r: { table_name: string }) => r.table_name);

  it('apply, revert completely and apply again', async () => {
    expect((await db.runMigrations()).map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await tables()).toEqual([
      'adoptions',
      'api_clients',
      'change_commits',
      'changes',
      'cohort_members',
      'cohort_milestone_progress',
      'cohort_milestones',
      'cohorts',
      'external_refs',
      'follow_up_results',
      'follow_ups',
      'idempotency_keys',
      'lessons',
      'match_alerts',
      'municipalities',
      'need_fits',
      'needs',
      'rate_limit_windows',
      'refresh_tokens',
      'regions',
      'report_case_counts',
      'report_cases',
      'report_cases_source',
      'report_deltas',
      'report_demand',
      'report_demand_keys',
      'report_demand_source',
      'report_demand_totals',
      'report_open_needs',
      'report_open_needs_source',
      'report_origin_totals',
      'report_pending',
      'report_pending_commits',
      'report_sitting_counts',
      'report_stage_entries',
      'report_stay_buckets',
      'report_stays',
      'report_stays_source',
      'search_synonyms',
      'search_terms',
      'solution_catalogue_stats',
      'solution_term_stats',
      'solution_terms',
      'solutions',
      'states',
      'transfer_case_candidates',
      'transfer_case_events',
      'transfer_cases',
      'transfer_team_cases',
      'transfer_team_members',
      'transfer_teams',
      'user_regions',
      'users',
      'webhook_attempts',
      'webhook_deliveries',
      'webhook_subscriptions',
    ]);

    for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration();
    expect(await tables()).toEqual([]);

    expect(await db.runMigrations()).toHaveLength(MIGRATIONS.length);
    expect(await db.runMigrations()).toHaveLength(0);
  });

  it('leave the schema exactly as the entities describe it (nothing left to generate)', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
