/**
 * `npm run migration:run | migration:revert | migration:generate <Name>` against DATABASE_URL or,
 * without it, the embedded cluster under DATA_DIR.
 */
import { writeFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { runDatabaseTask } from './cli.js';

const [command, name] = process.argv.slice(2);
const USAGE = 'usage: migrate.js run | revert | generate <PascalCaseName>';
if (
  !['run', 'revert', 'generate'].includes(command ?? '') ||
  (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? ''))
) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

runDatabaseTask(async (dataSource) => {
  switch (command) {
    case 'run': {
      const applied = await dataSource.runMigrations();
      return `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ') || '-'}`;
    }
    case 'revert':
      await dataSource.undoLastMigration();
      return 'reverted the last migration';
    default:
      return generate(dataSource, name);
  }
});

/** Writes the SQL that brings the database to the entities' shape; review it before committing. */
async function generate(dataSource: DataSource, migrationName: string): Promise<string> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) return 'entities and schema agree; nothing to generate';

  const timestamp = Date.now();
  const className = `${migrationName}${timestamp}`;
  const file = `${timestamp}-${migrationName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
  const lines = (queries: { query: string; parameters?: unknown[] }[]) =>
    queries
      .map((q) => {
        const params = q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : '';
        return `    await db.query(${JSON.stringify(q.query)}${params});`;
      })
      .join('\n');
  await writeFile(
    `migrations/${file}.ts`,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
${lines(sql.upQueries)}
  }

  async down(db: QueryRunner): Promise<void> {
${lines([...sql.downQueries].reverse())}
  }
}
`,
  );
  return `wrote migrations/${file}.ts\nadd it to migrations/index.ts: import { ${className} } from './${file}.js';`;
}
