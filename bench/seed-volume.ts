/**
 * `npm run seed:volume -- --cases 1000000`: fills DATABASE_URL or the embedded cluster with
 * realistic volume (the benchmark's: Gemeinden in every Kreis, needs, solutions, cases with their
 * events), scaled to the number of cases asked for, in set-based statements. Migrates first and
 * keeps the demo data; run it on an empty database, once.
 */
import { runDatabaseTask } from '../src/database/cli.js';
import { migrateAndSeed } from '../src/database/migrate-and-seed.js';
import { loadVolume, volumeFor, VOLUME_STEPS } from './volume.js';

const WIDTH = 28;

function casesAsked(argv: readonly string[]): number {
  const at = argv.indexOf('--cases');
  const value = at >= 0 ? argv[at + 1] : '1000000';
  if (!value || !/^\d+$/.test(value) || Number(value) < 1000 || Number(value) > 10_000_000) {
    process.stderr.write('usage: npm run seed:volume -- --cases <1000 … 10000000>\n');
    process.exit(2);
  }
  return Number(value);
}

const cases = casesAsked(process.argv.slice(2));

runDatabaseTask(async (dataSource, database) => {
  await migrateAndSeed(dataSource, { migrate: true, seed: { demoUsers: database.embedded } });
  const started = Date.now();
  let done = 0;
  const bar = (label: string) => {
    done++;
    const filled = Math.round((done / VOLUME_STEPS) * WIDTH);
    process.stdout.write(
      `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${done}/${VOLUME_STEPS} ${label.trim()}\n`,
    );
  };
  await loadVolume(dataSource, volumeFor(cases / 1_000_000), bar);
  const [counts] = await dataSource.query(
    `SELECT (SELECT count(*) FROM municipalities)::int AS municipalities, (SELECT count(*) FROM needs)::int AS needs,
            (SELECT count(*) FROM transfer_cases)::int AS cases, (SELECT count(*) FROM transfer_case_events)::int AS events`,
  );
  return `volume loaded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`;
});
