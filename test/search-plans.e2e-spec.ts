import { VOCABULARY } from '../bench/vocabulary.js';
import { logQueries } from './support/query-log.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Search stays on indexes at volume: 100 000 needs and 2 000 solutions, then the SQL the API
 * really sends (captured from the data source) is EXPLAINed. No timing here — that is the
 * benchmark's job — only the plan shape: searches and lists of needs walk indexes, and no
 * call ever scans the needs table. (For 2 000 solutions Postgres rightly reads the table whole:
 * a few hundred pages cost less than a GIN prefix lookup, by its own estimate.)
 */
const WORDS = VOCABULARY;

describe('search query plans at volume', () => {
  let t: TestApp;
  let needId: string;
  let queries: ReturnType<typeof logQueries>;

  beforeAll(async () => {
    t = await startTestApp();
    const municipalities = [];
    for (let i = 0; i < 20; i++) {
      const res = await t.http
        .post('/api/v1/municipalities')
        .send({ ags: `14625${String(200 + i)}`, name: `Volumen ${i}`, kind: 'gemeinde' })
        .expect(201);
      municipalities.push(res.body.id);
    }
    // Solutions as long as real catalogue entries: a few hundred words each.
    await t.db.query(
      `INSERT INTO solutions (slug, title, theme, summary, problem, approach, topics)
       SELECT 'loesung-' || g,
              w[1 + g % 400] || ' und ' || w[1 + (g * 7) % 400] || ' ' || g,
              'verwaltung-von-morgen',
              'Eine Kommune löst ' || w[1 + (g * 3) % 400] || ' mit ' || w[1 + (g * 11) % 400] || '. ' ||
                repeat('Die Verwaltung arbeitet dafür mit Vereinen, Betrieben und Nachbargemeinden zusammen. ', 4),
              'Problem mit ' || w[1 + (g * 13) % 400] || '. ' ||
                repeat('Vieles bleibt liegen, weil Personal und Geld fehlen und Zuständigkeiten unklar sind. ', 4),
              repeat('Schritt für Schritt: Bestandsaufnahme, Beteiligung, Umsetzung und Auswertung mit Kennzahlen. ', 12),
              ARRAY[lower(w[1 + g % 400])]
       FROM generate_series(1, 2000) g, (SELECT $1::text[] AS w) words`,
      [WORDS],
    );
    await t.db.query(
      `INSERT INTO needs (municipality_id, title, description, topics, urgency, source, captured_at)
       SELECT m[1 + g % 20]::uuid,
              w[1 + g % 400] || ' ' || w[1 + (g * 7) % 400],
              'Wir brauchen Hilfe bei ' || w[1 + (g * 3) % 400] || ' und ' || w[1 + (g * 17) % 400] || ' Nr. ' || g,
              ARRAY[lower(w[1 + (g * 3) % 400])],
              'medium', 'desk', date_trunc('milliseconds', now()) - make_interval(secs => g)
       FROM generate_series(1, 100000) g, (SELECT $1::text[] AS w, $2::text[] AS m) input`,
      [WORDS, municipalities],
    );
    await t.db.query('ANALYZE needs');
    await t.db.query('ANALYZE solutions');
    needId = (
      await t.http
        .post('/api/v1/needs')
        .send({
          municipalityId: municipalities[0],
          title: 'Starkregen und Hochwasser',
          description: 'Keller laufen voll.',
        })
        .expect(201)
    ).body.id;

    queries = logQueries(t.db);
  }, 180_000);
  afterAll(async () => {
    queries.stop();
    await t.close();
  });

  const text = (rows: { 'QUERY PLAN': string }[]) => rows.map((r) => r['QUERY PLAN']).join('\n');

  /**
   * The plan for the statement's values and, for a statement run prepared, also the generic plan
   * PostgreSQL may keep after five runs: both must walk the indexes, whatever the values.
   */
  async function explain(statement: { sql: string; params: unknown[] }): Promise<string[]> {
    const plans = [text(await t.db.query(`EXPLAIN ${statement.sql}`, statement.params))];
    if (statement.sql.startsWith('/* prepared */ '))
      plans.push(text(await t.db.query(`EXPLAIN (GENERIC_PLAN) ${statement.sql}`)));
    return plans;
  }

  async function plansOf(request: () => Promise<unknown>, pick: (sql: string) => boolean) {
    const statement = (await queries.during(request)).find((c) => pick(c.sql));
    if (!statement) throw new Error('the request sent no such statement');
    return explain(statement);
  }

  it('searches needs through the GIN indexes, never scanning the table', async () => {
    const plans = await plansOf(
      () => t.http.get('/api/v1/needs').query({ q: 'Starkregenschutz' }).expect(200),
      (sql) => sql.includes('ts_rank'),
    );
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).not.toMatch(/Seq Scan on needs/);
      expect(plan).toMatch(/Bitmap Index Scan on needs_search_(vector|text_trgm)_idx/);
    }
  });

  it('searches needs of one municipality through an index', async () => {
    const [{ municipality_id: municipalityId }] = await t.db.manager.query(
      'SELECT municipality_id FROM needs WHERE id = $1',
      [needId],
    );
    const plans = await plansOf(
      () => t.http.get('/api/v1/needs').query({ q: 'Hochwasser Keller', municipalityId }).expect(200),
      (sql) => sql.includes('ts_rank'),
    );
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).not.toMatch(/Seq Scan on needs/);
      expect(plan).toMatch(/Index Scan/);
    }
  });

  it('lists needs newest first by walking an index', async () => {
    const plans = await plansOf(
      () => t.http.get('/api/v1/needs').query({ limit: 50 }).expect(200),
      (sql) => sql.includes('FROM "needs"'),
    );
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).not.toMatch(/Seq Scan on needs/);
      expect(plan).toMatch(/Index Scan( Backward)? using needs_captured_idx/);
    }
  });

  it('suggests solutions without ever scanning needs', async () => {
    const statements = await queries.during(() =>
      t.http.get(`/api/v1/needs/${needId}/solution-suggestions`).expect(200),
    );
    expect(statements.length).toBeGreaterThan(1);
    const reads = statements.filter((s) => /^\s*(\/\* prepared \*\/\s*)?(SELECT|WITH)/i.test(s.sql));
    // The evidence statement among them, prepared, with its generic plan too.
    expect(reads.filter((s) => /^\/\* prepared \*\/\s*WITH words/.test(s.sql))).toHaveLength(1);
    for (const statement of reads) {
      for (const plan of await explain(statement)) expect(plan).not.toMatch(/Seq Scan on needs/);
    }
  });
});
