import { DataSource, type Migration } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { seedDemoData, type SeedOptions, type SeedSummary } from './seed/demo-seed.js';

// Any constant shared by all instances; it only has to differ from other advisory locks in use.
const MIGRATION_LOCK_KEY = 7_311_001;

export interface MigrateAndSeedResult {
  applied: Migration[];
  seeded?: SeedSummary;
}

/**
 * Migrates and optionally seeds while holding a Postgres advisory lock, so several instances
 * starting together against one database do this one after another instead of racing.
 */
export async function migrateAndSeed(
  app: DataSource,
  steps: { migrate: boolean; seed: false | SeedOptions },
): Promise<MigrateAndSeedResult> {
  // Migrations may run for minutes on a large database and wait for another instance's lock: the
  // serving pool's statement and lock timeouts would cut them off.
  const { url } = app.options as { url?: string };
  if (!url) throw new Error('migrateAndSeed needs a data source configured by URL (dataSourceOptions)');
  const dataSource = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    return await migrateAndSeedWith(dataSource, steps);
  } finally {
    await dataSource.destroy();
  }
}

async function migrateAndSeedWith(
  dataSource: DataSource,
  steps: { migrate: boolean; seed: false | SeedOptions },
): Promise<MigrateAndSeedResult> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = steps.migrate ? await dataSource.runMigrations() : [];
    const seeded = steps.seed ? await seedDemoData(dataSource, steps.seed) : undefined;
    return { applied, seeded };
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
