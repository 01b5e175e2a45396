import { solutionsStatement } from '../bench/volume.js';
import { logQueries } from './support/query-log.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Suggestions stay on indexes with a catalogue of 20 000 solutions (the bench's, as long as real
 * entries): the statements the API really sends for a need's suggestions (captured from the data
 * source) are EXPLAINed. No timing here — that is `npm run bench`'s job — only the plan shape:
 * the need's stems are looked up in the term statistics by key and prefix ranges, their
 * postings by key, and only the candidates' rows of `solutions` are read.
 */
const CATALOGUE = 20_000;

describe('suggestion query plans at 20 000 solutions', () => {
  let t: TestApp;
  let needId: string;
  let queries: ReturnType<typeof logQueries>;

  beforeAll(async () => {
    t = await startTestApp();
    const municipality = (
      await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '14625020', name: 'Planhausen', kind: 'gemeinde' })
        .expect(201)
    ).body.id;
    const [sql, params] = solutionsStatement(CATALOGUE);
    await t.db.query(sql, params);
    for (const table of ['solutions', 'solution_terms', 'solution_term_stats'])
      await t.db.query(`ANALYZE ${table}`);
    needId = (
      await t.http
        .post('/api/v1/needs')
        .send({
          municipalityId: municipality,
          title: 'Hochwasserschutz und Schulwegplanung',
          description:
            'Bei Starkregen laufen Keller voll, und die Eltern fragen nach sicheren Schulwegen. ' +
            'Wir suchen Beteiligung der Bürger und eine Wasserstandsmeldung per App (Azubis könnten helfen).',
          topics: ['hochwasserschutz'],
        })
        .expect(201)
    ).body.id;
    queries = logQueries(t.db);
  }, 180_000);
  afterAll(async () => {
    queries.stop();
    await t.close();
  });

  it('holds the whole catalogue in the term index', async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT active_solutions FROM solution_catalogue_stats) AS active,
              (SELECT count(DISTINCT solution_id)::int FROM solution_terms) AS indexed`,
    );
    expect(row).toEqual({ active: CATALOGUE, indexed: CATALOGUE });
  });

  it('gathers candidates through the term indexes, reading solutions only by key', async () => {
    const statements = await queries.during(() =>
      t.http.get(`/api/v1/needs/${needId}/solution-suggestions`).expect(200),
    );
    const matching = statements.find((s) => s.sql.includes('solution_terms'));
    if (!matching) throw new Error('the request sent no statement over solution_terms');
    const rows = (await t.db.query(`EXPLAIN ${matching.sql}`, matching.params)) as { 'QUERY PLAN': string }[];
    const custom = rows.map((r) => r['QUERY PLAN']).join('\n');

    if (process.env.EXPLAIN_ANALYZE) {
      const analyzed = (await t.db.query(`EXPLAIN (ANALYZE, BUFFERS) ${matching.sql}`, matching.params)) as {
        'QUERY PLAN': string;
      }[];
      const [counts] = await t.db.query(
        'SELECT (SELECT count(*) FROM solution_term_stats) AS lexemes, (SELECT count(*) FROM solution_terms) AS postings',
      );
      process.stdout.write(`${JSON.stringify(counts)}\n${analyzed.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }

    // Run prepared, PostgreSQL may keep a generic plan after five runs: it must seek the same indexes.
    expect(matching.sql).toMatch(/^\/\* prepared \*\//);
    const generic = (
      (await t.db.query(`EXPLAIN (GENERIC_PLAN) ${matching.sql}`)) as { 'QUERY PLAN': string }[]
    )
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    for (const plan of [custom, generic]) {
      expect(plan).not.toMatch(
        /Seq Scan on (solutions|solution_terms|solution_term_stats|search_synonyms|municipalities)\b/,
      );
      expect(plan).toMatch(/Index (Only )?Scan using solution_terms_pkey on solution_terms/);
      expect(plan).toMatch(/Index (Only )?Scan using solution_term_stats_pkey on solution_term_stats/);
      expect(plan).toMatch(/(Index Scan using|Bitmap Index Scan on) solution_term_stats_reverse_idx/);
      expect(plan).toMatch(/Bitmap Index Scan on solution_term_stats_head_idx/);
      expect(plan).toMatch(/Bitmap Index Scan on solution_term_stats_tail_idx/);
      expect(plan).toMatch(/Index (Only )?Scan using search_synonyms_pkey on search_synonyms/);
      expect(plan).toMatch(/Index Scan using solutions_pkey on solutions/);
    }

    // Every other statement of the request (the need, its place, the suggested solutions) by key.
    for (const statement of statements) {
      if (statement === matching || !/^\s*(\/\* prepared \*\/\s*)?(SELECT|WITH)/i.test(statement.sql))
        continue;
      const other = (await t.db.query(`EXPLAIN ${statement.sql}`, statement.params)) as {
        'QUERY PLAN': string;
      }[];
      expect(other.map((r) => r['QUERY PLAN']).join('\n')).not.toMatch(/Seq Scan on (solutions|needs)\b/);
    }
  });
});
