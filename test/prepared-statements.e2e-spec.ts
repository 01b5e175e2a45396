import pg from 'pg';
import { PREPARED_AFTER_RUNS, preparingClient } from '../src/common/persistence/prepared-statements.js';
import { readRows } from '../src/common/pagination/page.js';
import { Municipality } from '../src/municipalities/municipality.entity.js';
import { logQueries } from './support/query-log.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Hot list reads run as prepared statements (`prepared`, `preparingClient`): parsed and planned
 * once per connection, then run from the plan. Anything unmarked runs as before.
 */
describe('prepared statements', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t.close());

  const preparedOn = async (client: pg.PoolClient) =>
    (
      await client.query<{ name: string; statement: string }>(
        'SELECT name, statement FROM pg_prepared_statements',
      )
    ).rows;

  it('runs a list page prepared on the app’s connections, with the answer it gives unprepared', async () => {
    const queries = logQueries(t.db);
    let page: { items: { id: string }[] } = { items: [] };
    try {
      const statements = await queries.during(async () => {
        page = (await t.http.get('/api/v1/municipalities').query({ limit: 5 }).expect(200)).body;
      });
      expect(statements).toHaveLength(1);
      expect(statements[0].sql).toMatch(/^\/\* prepared \*\/ SELECT/);
      const unprepared = await t.db.query(
        statements[0].sql.replace('/* prepared */ ', ''),
        statements[0].params,
      );
      expect(page.items.map((m) => m.id)).toEqual(unprepared.slice(0, 5).map((m: { id: string }) => m.id));
    } finally {
      queries.stop();
    }
  });

  it('runs the suggestions’ evidence and the search’s query words prepared', async () => {
    const [need]: { id: string }[] = await t.db.query('SELECT id FROM needs ORDER BY id LIMIT 1');
    const queries = logQueries(t.db);
    try {
      const marked = (statements: { sql: string }[]) =>
        statements.filter((s) => s.sql.startsWith('/* prepared */ ')).map((s) => s.sql);
      const suggesting = await queries.during(() =>
        t.http.get(`/api/v1/needs/${need.id}/solution-suggestions`).expect(200),
      );
      expect(marked(suggesting).some((sql) => /WITH words AS/.test(sql))).toBe(true);
      const searching = await queries.during(() =>
        t.http.get('/api/v1/needs').query({ q: 'Mehrweg' }).expect(200),
      );
      expect(marked(searching)).toEqual([
        expect.stringMatching(/fuzzy_tsquery/),
        expect.stringMatching(/FROM "needs" "n"/),
      ]);
    } finally {
      queries.stop();
    }
  });

  it('prepares what readRows reads on the connection that reads it', async () => {
    await t.db.transaction(async (tx) => {
      const query = () => tx.getRepository(Municipality).createQueryBuilder('m').orderBy('m.ags').limit(3);
      for (let run = 1; run < PREPARED_AFTER_RUNS; run++) await readRows(query());
      const rows = await readRows(
        tx.getRepository(Municipality).createQueryBuilder('m').orderBy('m.ags').limit(3),
      );
      expect(rows).toHaveLength(3);
      const mine: { statement: string }[] = await tx.query(
        `SELECT statement FROM pg_prepared_statements WHERE statement LIKE '/* prepared */ %'`,
      );
      expect(
        mine.filter(
          (s) => s.statement.includes('FROM "municipalities" "m"') && s.statement.endsWith('LIMIT 3'),
        ),
      ).toHaveLength(1);
    });
  });

  describe('preparingClient', () => {
    const withPool = async (limit: number, use: (pool: pg.Pool) => Promise<void>) => {
      const pool = new pg.Pool({
        connectionString: t.databaseUrl,
        max: 2,
        Client: preparingClient(pg.Client, limit),
      });
      try {
        await use(pool);
      } finally {
        await pool.end();
      }
    };

    it('prepares marked statements once per connection, at most its limit of texts, and nothing else', () =>
      withPool(2, async (pool) => {
        const client = await pool.connect();
        try {
          const marked = (n: number) => `/* prepared */ SELECT $1::int + ${n} AS v`;
          const run = async (text: string, times: number) => {
            for (let i = 0; i < times; i++)
              expect((await client.query(text, [i])).rows).toEqual([{ v: i + 1 }]);
          };
          // Not yet on its second run; from its third on.
          await run(marked(1), PREPARED_AFTER_RUNS - 1);
          expect(await preparedOn(client)).toEqual([]);
          await run(marked(1), 2);
          await run(marked(1) + ' ', PREPARED_AFTER_RUNS);
          // A third text is over the limit of two; unmarked ones are never prepared.
          await run(marked(1) + '  ', PREPARED_AFTER_RUNS + 1);
          await run('SELECT $1::int + 1 AS v', PREPARED_AFTER_RUNS + 1);
          const statements = await preparedOn(client);
          expect(statements.map((s) => s.statement).sort()).toEqual([marked(1), marked(1) + ' ']);
        } finally {
          client.release();
        }
      }));

    it('answers concurrent runs of one marked statement on every connection correctly', () =>
      withPool(10, async (pool) => {
        const text = '/* prepared */ SELECT $1::int * 2 AS v, pg_backend_pid() AS pid';
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.query(text, [i])));
        expect(results.map((r) => r.rows[0].v)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
        expect(new Set(results.map((r) => r.rows[0].pid)).size).toBe(2);
      }));

    it('reports a failing marked statement as pg does, and the connection goes on', () =>
      withPool(10, async (pool) => {
        const client = await pool.connect();
        try {
          const failing = '/* prepared */ SELECT $1::int / 0 AS v';
          const misspelt = '/* prepared */ SELEKT $1::int AS v';
          const fine = '/* prepared */ SELECT $1::int + 1 AS v';
          for (let i = 0; i <= PREPARED_AFTER_RUNS; i++) {
            await expect(client.query(failing, [i])).rejects.toMatchObject({ code: '22012' });
            await expect(client.query(misspelt, [i])).rejects.toMatchObject({ code: '42601' });
            expect((await client.query(fine, [i])).rows).toEqual([{ v: i + 1 }]);
          }
          // The misspelt one never parsed, so it was never kept.
          expect((await preparedOn(client)).map((s) => s.statement).sort()).toEqual([fine, failing]);
        } finally {
          client.release();
        }
      }));
  });
});
