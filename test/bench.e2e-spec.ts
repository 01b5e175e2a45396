import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchResults } from '../bench/run.js';
import { createTestDatabase, dropTestDatabase } from './support/test-app.js';

const run = promisify(execFile);

/**
 * `npm run bench` at a tiny volume and a few requests per row: not a measurement (that is the
 * full-volume run's), but proof that every row runs and the results keep their documented shape.
 */
describe('npm run bench, smoke', () => {
  let databaseUrl: string;
  let resultsDir: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    resultsDir = await mkdtemp(join(tmpdir(), 'bench-results-'));
  });
  afterAll(async () => {
    await dropTestDatabase(databaseUrl);
    await rm(resultsDir, { recursive: true, force: true });
  });

  it('measures the baseline, the bare NestJS route, every read, report and write, and writes JSON and Markdown', async () => {
    await run(process.execPath, ['dist/bench/run.js'], {
      env: {
        ...process.env,
        BENCH_DATABASE_URL: databaseUrl,
        BENCH_SCALE: '0.005',
        BENCH_REQUESTS: '5',
        BENCH_CONNECTIONS: '2',
        BENCH_RESULTS_DIR: resultsDir,
      },
      timeout: 240_000,
      maxBuffer: 16 * 2 ** 20,
    });
    const files = (await readdir(resultsDir)).sort();
    expect(files).toEqual([
      expect.stringMatching(/^bench-scale-0\.005-.*\.json$/),
      expect.stringMatching(/\.md$/),
    ]);
    const results = JSON.parse(await readFile(join(resultsDir, files[0]), 'utf8')) as BenchResults;

    expect(results.machine).toEqual({
      cores: expect.any(Number),
      cpu: expect.any(String),
      node: process.version,
      postgres: expect.stringMatching(/^\d+/),
      platform: expect.any(String),
    });
    // The volume's cases, and the demo seed's beneath them.
    expect(results.data.cases).toBeGreaterThanOrEqual(5_000);
    expect(results.settings).toEqual({
      scale: 0.005,
      connections: 2,
      durationSeconds: null,
      requestsPerRow: 5,
      warmUpSeconds: null,
    });
    expect(results.data).toMatchObject({
      cases: expect.any(Number),
      needs: expect.any(Number),
      solutions: expect.any(Number),
    });

    const names = results.rows.map((r) => `${r.kind} ${r.name}`);
    expect(names.slice(0, 3)).toEqual([
      'baseline baseline: node:http + pg, 50 municipalities',
      'read bare NestJS route (same SQL and pool), 50 municipalities',
      'read GET /municipalities?limit=50',
    ]);
    for (const expected of [
      /^read GET \/transfer-cases\?regionId=/,
      /^read GET \/transfer-cases\/\{id\}$/,
      /^write POST \/needs \(create a need\)$/,
      /^report GET \/reports\/solution-demand$/,
      /^report GET \/exports\/transfer-cases\.csv/,
      /^write POST …\/needs:bulk, 1 000 new$/,
      /^write POST \/transfer-cases\/\{id\}\/transitions, \d+ one after another: median$/,
    ]) {
      expect(names.filter((n) => expected.test(n))).not.toEqual([]);
    }
    for (const row of results.rows) {
      expect({ row: row.name, failed: row.failed }).toEqual({ row: row.name, failed: 0 });
      expect(row.p50Ms).toBeGreaterThanOrEqual(0);
      if (row.kind === 'baseline' || row.kind === 'read') {
        expect(row.reqPerSec).toBeGreaterThan(0);
        expect(row.ofBaseline).toBeGreaterThan(0);
      }
    }
    const markdown = await readFile(join(resultsDir, files[1]), 'utf8');
    expect(markdown).toContain('| bare NestJS route (same SQL and pool), 50 municipalities |');
    expect(markdown).toMatch(/cores .*Node v\d+.*PostgreSQL \d+/s);
    // The whole benchmark in a child process: load, three servers, every row.
  }, 240_000);
});
