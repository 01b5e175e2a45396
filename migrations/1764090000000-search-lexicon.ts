import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typo and compound tolerance through a lexicon instead of trigrams over whole documents.
 *
 * Matching every document's text by trigram similarity cost a scan of the table as soon as a
 * query word was common (measured: 0.6–1.1 s at 100 000 needs). Instead, every stem that occurs
 * in a solution or need is kept once in `search_terms`; a query stem is widened with the stems of
 * the lexicon that are close to it by trigrams ("mehrwegangebotsplicht" → "mehrwegangebotspflicht",
 * "alarmier" → "notfallalarmier"), and documents are then found by the GIN index on their
 * tsvector alone. The lexicon is small and grows by a few rows per new document.
 */
export class SearchLexicon1764090000000 implements MigrationInterface {
  name = 'SearchLexicon1764090000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE search_terms (term text PRIMARY KEY)');
    await db.query('CREATE INDEX search_terms_trgm_idx ON search_terms USING gin (term gin_trgm_ops)');
    await db.query(`
      INSERT INTO search_terms (term)
      SELECT lexeme FROM solutions, unnest(search_vector) WHERE length(lexeme) >= 4
      UNION
      SELECT lexeme FROM needs, unnest(search_vector) WHERE length(lexeme) >= 4
      ON CONFLICT DO NOTHING`);

    // The triggers keep the lexicon: after filling the tsvector, its stems are added.
    for (const table of ['solutions', 'needs']) {
      await db.query(`
        CREATE FUNCTION ${table}_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO search_terms (term)
          SELECT lexeme FROM unnest(NEW.search_vector) WHERE length(lexeme) >= 4
          ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$`);
      await db.query(`
        CREATE TRIGGER ${table}_search_terms AFTER INSERT OR UPDATE OF search_vector ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ${table}_search_terms()`);
    }

    // A user's words as a prefix-OR query (see search_tsquery), each stem of 5+ letters widened
    // with up to 6 close stems of the lexicon. STABLE: it reads the lexicon; callers evaluate it
    // once per request and pass the result on as a constant.
    await db.query(`
      CREATE FUNCTION fuzzy_tsquery(input text) RETURNS tsquery
      LANGUAGE sql STABLE STRICT PARALLEL SAFE
      AS $$
        SELECT coalesce(string_agg(alternatives, ' | ')::tsquery, ''::tsquery)
        FROM (
          SELECT quote_literal(q.lexeme) || CASE WHEN length(q.lexeme) >= 4 THEN ':*' ELSE '' END ||
                 coalesce((SELECT string_agg(' | ' || quote_literal(t.term), '')
                           FROM (SELECT term FROM search_terms
                                 WHERE length(q.lexeme) >= 5 AND q.lexeme <% term AND term <> q.lexeme
                                 ORDER BY word_similarity(q.lexeme, term) DESC, term
                                 LIMIT 6) t), '') AS alternatives
          FROM unnest(to_tsvector('german'::regconfig, fold_de(input))) q
        ) per_word
      $$`);

    // Trigram matching over whole documents is gone; these indexes would only cost writes.
    await db.query('DROP INDEX needs_search_text_trgm_idx');
    await db.query('DROP INDEX solutions_search_text_trgm_idx');

    // Suggestions count the implemented transfers of each candidate solution.
    await db.query(`
      CREATE INDEX transfer_cases_implemented_solution_idx ON transfer_cases (chosen_solution_id)
      WHERE status = 'umgesetzt'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX transfer_cases_implemented_solution_idx');
    await db.query(
      'CREATE INDEX solutions_search_text_trgm_idx ON solutions USING gin (search_text gin_trgm_ops)',
    );
    await db.query('CREATE INDEX needs_search_text_trgm_idx ON needs USING gin (search_text gin_trgm_ops)');
    await db.query('DROP FUNCTION fuzzy_tsquery(text)');
    for (const table of ['solutions', 'needs']) {
      await db.query(`DROP TRIGGER ${table}_search_terms ON ${table}`);
      await db.query(`DROP FUNCTION ${table}_search_terms()`);
    }
    await db.query('DROP TABLE search_terms');
  }
}
