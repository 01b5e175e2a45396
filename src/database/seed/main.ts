/** `npm run seed`: loads the demo data into DATABASE_URL or the embedded cluster, after migrating. */
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../../config/app-config.js';
import { connectDatabase } from '../database-connection.js';
import { dataSourceOptions } from '../data-source-options.js';
import { migrateAndSeed } from '../migrate-and-seed.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await connectDatabase(config);
  const dataSource = new DataSource(dataSourceOptions(database.url));
  try {
    await dataSource.initialize();
    const { seeded } = await migrateAndSeed(dataSource, { migrate: true, seed: true });
    process.stdout.write(
      `demo data: ${seeded?.regions ?? 0} region(s) and ${seeded?.municipalities ?? 0} municipalit(y/ies) inserted\n`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
