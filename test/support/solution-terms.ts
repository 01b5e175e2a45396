import type { DataSource } from 'typeorm';

/**
 * The catalogue's term index (solution_terms, solution_term_stats, solution_catalogue_stats) is
 * kept by triggers; after every committed write it equals a recomputation from the active
 * solutions' tsvectors. Every e2e file checks this when it closes, after all the writes its tests
 * made; the lines name what differs.
 */
export async function solutionTermsDrift(db: DataSource): Promise<string[]> {
  try {
    const rows: { difference: string }[] = await db.query(`
      WITH expected_terms AS (
        SELECT v.lexeme COLLATE "C" AS lexeme, s.id AS solution_id, solution_term_weight(v.weights) AS weight
        FROM solutions s, unnest(s.search_vector) v WHERE s.status = 'active'),
      expected_stats AS (
        SELECT lexeme, count(*)::int AS solutions FROM expected_terms GROUP BY lexeme)
      (SELECT 'solution_terms missing ' || e.lexeme || ' of ' || e.solution_id AS difference
       FROM (SELECT * FROM expected_terms EXCEPT SELECT lexeme, solution_id, weight FROM solution_terms) e
       UNION ALL
       SELECT 'solution_terms extra ' || x.lexeme || ' of ' || x.solution_id
       FROM (SELECT lexeme, solution_id, weight FROM solution_terms EXCEPT SELECT * FROM expected_terms) x
       UNION ALL
       SELECT 'solution_term_stats missing ' || e.lexeme || ' × ' || e.solutions
       FROM (SELECT * FROM expected_stats EXCEPT SELECT lexeme, solutions FROM solution_term_stats) e
       UNION ALL
       SELECT 'solution_term_stats extra ' || x.lexeme || ' × ' || x.solutions
       FROM (SELECT lexeme, solutions FROM solution_term_stats EXCEPT SELECT * FROM expected_stats) x
       UNION ALL
       SELECT 'solution_catalogue_stats says ' || c.active_solutions || ' active, there are ' || a.n
       FROM solution_catalogue_stats c, (SELECT count(*)::int AS n FROM solutions WHERE status = 'active') a
       WHERE c.active_solutions <> a.n)
      ORDER BY 1
      LIMIT 20`);
    return rows.map((row) => row.difference);
  } catch (error) {
    // A test that dropped its database (the health check's) has nothing left to compare.
    if ((error as { code?: string }).code === '3D000') return [];
    throw error;
  }
}
