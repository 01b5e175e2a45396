/** `npm run seed`: migrates, then loads the demo data into DATABASE_URL or the embedded cluster. */
import { runDatabaseTask } from '../cli.js';
import { migrateAndSeed } from '../migrate-and-seed.js';

runDatabaseTask(async (dataSource, database) => {
  const { seeded } = await migrateAndSeed(dataSource, {
    migrate: true,
    seed: { demoUsers: database.embedded },
  });
  return (
    `demo data inserted: ${seeded?.regions ?? 0} region(s), ${seeded?.municipalities ?? 0} municipalities, ` +
    `${seeded?.users ?? 0} demo user(s)${database.embedded ? '' : ' (demo users only on the embedded database)'}`
  );
});
