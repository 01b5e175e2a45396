import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suggestions from an inverted index of the catalogue instead of full-text checks per candidate.
 *
 * `solution_terms` holds, per stem of an active solution, how strongly the solution speaks of it
 * (its best section: title, summary/problem/topics, approach/evidence); `solution_term_stats`
 * how many active solutions use each stem (the catalogue's own document frequency, from which
 * suggestions weigh words: a stem in many solutions says little); `solution_catalogue_stats` how
 * many active solutions there are. Statement triggers keep all three in the writing transaction,
 * so a need's candidates are gathered by one lookup of its stems' postings.
 */
export class SolutionTerms1764230000000 implements MigrationInterface {
  name = 'SolutionTerms1764230000000';

  async up(db: QueryRunner): Promise<void> {
    // COLLATE "C": stems are compared byte-wise, so the primary key also serves prefix ranges
    // ("mehrweg" … "mehrwegangebotspflicht") whatever the database's collation.
    await db.query(`
      CREATE TABLE solution_terms (
        lexeme       text COLLATE "C" NOT NULL,
        solution_id  uuid NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
        weight       real NOT NULL CONSTRAINT solution_terms_weight_check CHECK (weight > 0 AND weight <= 1),
        PRIMARY KEY (lexeme, solution_id)
      )`);
    await db.query('CREATE INDEX solution_terms_solution_idx ON solution_terms (solution_id)');
    await db.query(`
      CREATE TABLE solution_term_stats (
        lexeme     text COLLATE "C" PRIMARY KEY,
        -- No CHECK (solutions > 0): the upsert below proposes negative counts for stems that leave,
        -- and Postgres checks the proposed row before it sees the conflict. Emptied rows are deleted.
        solutions  integer NOT NULL
      )`);
    // Compounds that end with a word ("notfallalarmier" for "alarmier") by a prefix range over the
    // reversed stems. Typo candidates share a word's first or last three letters and are about as
    // long ("hizteschutz" → "hitzeschutz"): two small ranges whose few rows are then compared by
    // trigrams, where a trigram index (GiST or GIN) compares far more of the lexicon per lookup.
    await db.query('CREATE INDEX solution_term_stats_reverse_idx ON solution_term_stats (reverse(lexeme))');
    await db.query(
      'CREATE INDEX solution_term_stats_head_idx ON solution_term_stats (left(lexeme, 3), length(lexeme))',
    );
    await db.query(
      'CREATE INDEX solution_term_stats_tail_idx ON solution_term_stats (right(lexeme, 3), length(lexeme))',
    );
    await db.query(
      'CREATE INDEX solution_term_stats_unused_idx ON solution_term_stats (lexeme) WHERE solutions = 0',
    );
    await db.query(`
      CREATE TABLE solution_catalogue_stats (
        singleton         boolean PRIMARY KEY DEFAULT true CONSTRAINT solution_catalogue_stats_singleton_check CHECK (singleton),
        active_solutions  integer NOT NULL CONSTRAINT solution_catalogue_stats_active_check CHECK (active_solutions >= 0),
        -- Counts every change to what the catalogue offers (an active solution's text, a status):
        -- whatever was judged against an older version (a need's best fit) may be out of date.
        version           bigint NOT NULL DEFAULT 0
      )`);

    // A stem in the title speaks for the solution, one in its summary, problem or topics less, one
    // only in the approach or evidence least; mentioned often, a little more.
    await db.query(`
      CREATE FUNCTION solution_term_weight(weights text[]) RETURNS real
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT least(1, (CASE WHEN 'A' = ANY (weights) THEN 1.0
                              WHEN 'B' = ANY (weights) THEN 0.6
                              ELSE 0.35 END) * (1 + 0.1 * ln(greatest(cardinality(weights), 1))))::real
      $$`);

    // ids with their tsvector before and after (null: not an active solution then).
    await db.query(`
      CREATE FUNCTION solution_terms_apply(ids uuid[], before tsvector[], after tsvector[]) RETURNS void
      LANGUAGE sql VOLATILE
      AS $$
        DELETE FROM solution_terms t
        USING unnest(ids, before) AS c (id, vector)
        WHERE t.solution_id = c.id AND c.vector IS NOT NULL;

        INSERT INTO solution_terms (lexeme, solution_id, weight)
        SELECT v.lexeme, c.id, solution_term_weight(v.weights)
        FROM unnest(ids, after) AS c (id, vector), unnest(c.vector) v
        WHERE c.vector IS NOT NULL
        ORDER BY v.lexeme, c.id;

        -- In stem order, so that concurrent writers lock the shared counters in the same order.
        INSERT INTO solution_term_stats AS s (lexeme, solutions)
        SELECT d.lexeme, sum(d.delta)
        FROM (SELECT unnest(tsvector_to_array(c.vector)) AS lexeme, -1 AS delta
              FROM unnest(before) AS c (vector) WHERE c.vector IS NOT NULL
              UNION ALL
              SELECT unnest(tsvector_to_array(c.vector)), 1
              FROM unnest(after) AS c (vector) WHERE c.vector IS NOT NULL) d
        GROUP BY d.lexeme
        HAVING sum(d.delta) <> 0
        ORDER BY d.lexeme
        ON CONFLICT (lexeme) DO UPDATE SET solutions = s.solutions + EXCLUDED.solutions;

        DELETE FROM solution_term_stats WHERE solutions = 0;

        -- Last, after the stems (locked in stem order): every writer takes this row at the end.
        UPDATE solution_catalogue_stats
        SET active_solutions = active_solutions
              + (SELECT count(*) FROM unnest(after) v WHERE v IS NOT NULL)
              - (SELECT count(*) FROM unnest(before) v WHERE v IS NOT NULL),
            version = version + 1;
      $$`);

    await db.query(`
      CREATE FUNCTION solutions_terms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
        before tsvector[];
        after tsvector[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(n.id), array_agg(NULL::tsvector),
                 array_agg(CASE WHEN n.status = 'active' THEN n.search_vector END)
          INTO ids, before, after
          FROM new_rows n;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(o.id), array_agg(CASE WHEN o.status = 'active' THEN o.search_vector END),
                 array_agg(NULL::tsvector)
          INTO ids, before, after
          FROM old_rows o;
        ELSE
          SELECT array_agg(n.id), array_agg(CASE WHEN o.status = 'active' THEN o.search_vector END),
                 array_agg(CASE WHEN n.status = 'active' THEN n.search_vector END)
          INTO ids, before, after
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE o.status IS DISTINCT FROM n.status OR o.search_vector IS DISTINCT FROM n.search_vector;
        END IF;
        IF ids IS NOT NULL THEN
          PERFORM solution_terms_apply(ids, before, after);
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER solutions_terms_insert AFTER INSERT ON solutions
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION solutions_terms_sync()`);
    await db.query(`
      CREATE TRIGGER solutions_terms_update AFTER UPDATE ON solutions
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION solutions_terms_sync()`);
    await db.query(`
      CREATE TRIGGER solutions_terms_delete AFTER DELETE ON solutions
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION solutions_terms_sync()`);

    await db.query('INSERT INTO solution_catalogue_stats (active_solutions) VALUES (0)');
    await db.query(`
      SELECT solution_terms_apply(array_agg(id), array_agg(NULL::tsvector), array_agg(search_vector))
      FROM solutions WHERE status = 'active'`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete'])
      await db.query(`DROP TRIGGER solutions_terms_${op} ON solutions`);
    await db.query('DROP FUNCTION solutions_terms_sync()');
    await db.query('DROP FUNCTION solution_terms_apply(uuid[], tsvector[], tsvector[])');
    await db.query('DROP FUNCTION solution_term_weight(text[])');
    await db.query('DROP TABLE solution_catalogue_stats');
    await db.query('DROP TABLE solution_term_stats');
    await db.query('DROP TABLE solution_terms');
  }
}
