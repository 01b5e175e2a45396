/**
 * `npm run migration:run | migration:revert | migration:generate <Name>` against DATABASE_URL or,
 * without it, the embedded cluster under DATA_DIR.
 */
import { writeFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { connectDatabase } from './database-connection.js';
import { dataSourceOptions } from './data-source-options.js';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (!['run', 'revert', 'generate'].includes(command ?? '') || (command === 'generate' && !name)) {
    throw new Error('usage: migrate.js run | revert | generate <PascalCaseName>');
  }
  const config = loadConfig();
  const database = await connectDatabase(config);
  const dataSource = new DataSource(dataSourceOptions(database.url));
  try {
    await dataSource.initialize();
    if (command === 'run') {
      const applied = await dataSource.runMigrations();
      process.stdout.write(
        `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ') || '-'}\n`,
      );
    } else if (command === 'revert') {
      await dataSource.undoLastMigration();
      process.stdout.write('reverted the last migration\n');
    } else {
      await generate(dataSource, name);
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.close();
  }
}

/** Writes the SQL that brings the database to the entities' shape; review it before committing. */
async function generate(dataSource: DataSource, name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('migration name must be PascalCase');
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    process.stdout.write('entities and schema agree; nothing to generate\n');
    return;
  }
  const timestamp = Date.now();
  const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const file = `migrations/${timestamp}-${kebab}.ts`;
  const lines = (queries: { query: string; parameters?: unknown[] }[]) =>
    queries
      .map(
        (q) =>
          `    await db.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
      )
      .join('\n');
  await writeFile(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(db: QueryRunner): Promise<void> {
${lines(sql.upQueries)}
  }

  async down(db: QueryRunner): Promise<void> {
${lines(sql.downQueries.reverse())}
  }
}
`,
  );
  process.stdout.write(
    `wrote ${file}\nadd it to migrations/index.ts: import { ${name}${timestamp} } from './${timestamp}-${kebab}.js';\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
