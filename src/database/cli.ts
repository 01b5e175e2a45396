import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { connectDatabase, type DatabaseConnection } from './database-connection.js';
import { dataSourceOptions } from './data-source-options.js';

/**
 * Runs one command-line task (migrate, seed) against DATABASE_URL or the embedded cluster, and
 * stops an embedded cluster it started even when interrupted.
 */
export function runDatabaseTask(
  task: (dataSource: DataSource, database: DatabaseConnection) => Promise<string>,
): void {
  void (async () => {
    const config = loadConfig();
    const database = await connectDatabase(config);
    const dataSource = new DataSource(dataSourceOptions(database.url, 2));
    const interrupted = () => void database.close().finally(() => process.exit(130));
    process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
    try {
      await dataSource.initialize();
      process.stdout.write(`${await task(dataSource, database)}\n`);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.close();
      process.removeListener('SIGINT', interrupted).removeListener('SIGTERM', interrupted);
    }
  })().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
    );
    process.exitCode = 1;
  });
}
