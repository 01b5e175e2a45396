import { solutionTermsDrift } from './support/solution-terms.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The catalogue's term index, which suggestions gather candidates from, is kept by statement
 * triggers in each writing transaction: concurrent creations, edits and archivings that share
 * words must leave it equal to a recomputation (and must not deadlock on the shared counters).
 */
const aSolution = (i: number, words: string) => ({
  slug: `begriffe-${i}`,
  title: `Gemeinsame Begriffe ${i}: ${words}`,
  theme: 'verwaltung-von-morgen',
  summary: `Eine Lösung für ${words}.`,
  problem: 'Hochwasser, Starkregen und Hitzewellen treffen kleine Gemeinden.',
  approach: 'Ein Vorsorgekonzept mit Bürgerbeteiligung.',
  topics: ['klimaanpassung'],
});

describe('the catalogue term index under concurrent writes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** How many active solutions use the stem of this word, by the statistics; null: none. */
  const df = async (word: string): Promise<number | null> => {
    const [row] = await t.db.query(
      `SELECT (SELECT solutions FROM solution_term_stats
               WHERE lexeme = (tsvector_to_array(to_tsvector('german', fold_de($1))))[1]) AS solutions`,
      [word],
    );
    return row.solutions;
  };
  const active = async (): Promise<number> =>
    (await t.db.query('SELECT active_solutions FROM solution_catalogue_stats'))[0].active_solutions;

  it('counts every stem once per active solution after concurrent creations, edits and archivings', async () => {
    const before = await active();
    const created = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        t.http
          .post('/api/v1/solutions')
          .send(aSolution(i, i % 2 ? 'Schwammstadt Regenrückhalt' : 'Hitzeschutz Trinkbrunnen')),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect(await active()).toBe(before + 16);
    expect(await df('Starkregen')).toBe(16);
    expect(await df('Schwammstadt')).toBe(8);

    // Half of them rewritten to the other words, a quarter archived, all at once.
    const ids: string[] = created.map((r) => r.body.id);
    const writes = await Promise.all(
      ids.map((id, i) =>
        i % 4 === 0
          ? t.http.post(`/api/v1/solutions/${id}/archive`)
          : i % 4 === 1
            ? t.http
                .patch(`/api/v1/solutions/${id}`)
                .send({ summary: 'Eine Lösung für Hitzeschutz Trinkbrunnen.' })
            : t.http
                .patch(`/api/v1/solutions/${id}`)
                .send({ approach: 'Ein Vorsorgekonzept mit Pegelmessung.' }),
      ),
    );
    expect(writes.map((r) => r.status)).toEqual(Array(16).fill(200));

    expect(await solutionTermsDrift(t.db)).toEqual([]);
    expect(await active()).toBe(before + 12);
    // Archived solutions leave the index; a stem no active solution uses leaves the statistics.
    const archived = ids.filter((_, i) => i % 4 === 0);
    const [{ count }] = await t.db.query(
      'SELECT count(*)::int AS count FROM solution_terms WHERE solution_id = ANY ($1::uuid[])',
      [archived],
    );
    expect(count).toBe(0);
    expect(await df('Starkregen')).toBe(12);
    expect(await df('Pegelmessung')).toBe(8);
    expect(await df('Bürgerbeteiligung')).toBe(4);
  });

  it('brings an archived solution back into the index when it is made active again', async () => {
    const s = (await t.http.post('/api/v1/solutions').send(aSolution(99, 'Zisternenförderung')).expect(201))
      .body;
    expect(await df('Zisternenförderung')).toBe(1);
    await t.http.post(`/api/v1/solutions/${s.id}/archive`).expect(200);
    expect(await df('Zisternenförderung')).toBeNull();
    await t.http.patch(`/api/v1/solutions/${s.id}`).send({ status: 'active' }).expect(200);
    expect(await df('Zisternenförderung')).toBe(1);
    expect(await solutionTermsDrift(t.db)).toEqual([]);
  });
});
