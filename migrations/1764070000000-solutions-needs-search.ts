import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Solutions and needs with German full-text search in Postgres:
 * - `fold_de` folds case, umlauts and ß the way Germans type without them (ä → ae, ß → ss) and
 *   strips other accents, so "Buergerbuero" and "Bürgerbüro" meet; it is applied to documents
 *   and queries alike before the `german` stemmer (named explicitly: the server default may differ).
 * - weighted tsvectors (title A; summary, problem, topics B; the rest C), kept by triggers, with
 *   GIN indexes;
 * - a folded text column with a trigram GIN index for typos and compound parts
 *   ("Alarmierung" in "Notfallalarmierung"), which the stemmer cannot split.
 */
export class SolutionsNeedsSearch1764070000000 implements MigrationInterface {
  name = 'SolutionsNeedsSearch1764070000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes the
    // folding deterministic, so it may be used in indexes.
    // The german stop-word list spells 8 words with umlauts or ß; folded ("fuer", "ueber") the
    // stemmer no longer knows them, so they are dropped here (with "dass", today's spelling).
    await db.query(`
      CREATE FUNCTION fold_de(input text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT regexp_replace(
          lower(public.unaccent('public.unaccent'::regdictionary,
            replace(replace(replace(replace(replace(replace(replace(input,
              'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'))),
          '\\m(dass|fuer|koennen|koennte|ueber|waehrend|wuerde|wuerden)\\M', ' ', 'g')
      $$`);
    // array_to_string() is STABLE in general but deterministic for text[].
    await db.query(`
      CREATE FUNCTION topics_text(topics text[]) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT array_to_string(topics, ' ') $$`);

    // A user's words as a prefix-OR query: stemmed, stop words dropped, folded like documents.
    // Prefixes let a word find compounds that start with it ("Mehrweg" → Mehrwegangebotspflicht);
    // stems shorter than 4 letters match whole only, or they would match half the vocabulary.
    // Lexemes are quoted, so nothing a user types is read as tsquery syntax.
    await db.query(`
      CREATE FUNCTION search_tsquery(input text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT coalesce(
          string_agg(quote_literal(lexeme) || CASE WHEN length(lexeme) >= 4 THEN ':*' ELSE '' END, ' | ')::tsquery,
          ''::tsquery)
        FROM unnest(to_tsvector('german'::regconfig, fold_de(input)))
      $$`);

    await db.query(`
      CREATE TABLE solutions (
        id                      uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        slug                    varchar(100)  NOT NULL,
        title                   varchar(300)  NOT NULL,
        theme                   varchar(50)   NOT NULL,
        summary                 text          NOT NULL DEFAULT '',
        problem                 text          NOT NULL DEFAULT '',
        approach                text          NOT NULL DEFAULT '',
        impact_evidence         text          NOT NULL DEFAULT '',
        origin_municipality_id  uuid          REFERENCES municipalities (id) ON DELETE RESTRICT,
        topics                  text[]        NOT NULL DEFAULT '{}',
        seal                    varchar(100),
        effort                  text,
        transfer_materials      jsonb         NOT NULL DEFAULT '[]',
        contact                 jsonb,
        status                  varchar(20)   NOT NULL DEFAULT 'active',
        created_at              timestamptz   NOT NULL DEFAULT now(),
        updated_at              timestamptz   NOT NULL DEFAULT now(),
        -- Filled by the trigger below from the columns above.
        search_vector           tsvector,
        search_text             text,
        CONSTRAINT solutions_slug_key UNIQUE (slug),
        CONSTRAINT solutions_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT solutions_status_check CHECK (status IN ('active', 'archived')),
        CONSTRAINT solutions_theme_check CHECK (theme IN
          ('ankommen-teilhabe', 'klima-ressourcen', 'nachhaltiges-bauen', 'verwaltung-von-morgen', 'sicherheit-gesundheit'))
      )`);
    // Triggers rather than generated columns: TypeORM keeps generation expressions in a table of
    // its own, which hand-written migrations would have to feed; a trigger is plain Postgres.
    await db.query(`
      CREATE FUNCTION solutions_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('german'::regconfig, fold_de(NEW.title)), 'A') ||
          setweight(to_tsvector('german'::regconfig,
            fold_de(NEW.summary || ' ' || NEW.problem || ' ' || topics_text(NEW.topics))), 'B') ||
          setweight(to_tsvector('german'::regconfig, fold_de(NEW.approach || ' ' || NEW.impact_evidence)), 'C');
        NEW.search_text := fold_de(NEW.title || ' ' || NEW.summary || ' ' || NEW.problem || ' ' || topics_text(NEW.topics));
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER solutions_search_fill BEFORE INSERT OR UPDATE ON solutions
      FOR EACH ROW EXECUTE FUNCTION solutions_search_fill()`);
    await db.query('CREATE INDEX solutions_search_vector_idx ON solutions USING gin (search_vector)');
    await db.query(
      'CREATE INDEX solutions_search_text_trgm_idx ON solutions USING gin (search_text gin_trgm_ops)',
    );
    await db.query('CREATE INDEX solutions_topics_idx ON solutions USING gin (topics)');
    await db.query('CREATE INDEX solutions_status_slug_idx ON solutions (status, slug)');
    await db.query('CREATE INDEX solutions_theme_slug_idx ON solutions (theme, slug)');
    await db.query('CREATE INDEX solutions_origin_idx ON solutions (origin_municipality_id)');

    await db.query(`
      CREATE TABLE needs (
        id                       uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id          uuid          NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,
        title                    varchar(300)  NOT NULL,
        description              text          NOT NULL DEFAULT '',
        topics                   text[]        NOT NULL DEFAULT '{}',
        urgency                  varchar(10)   NOT NULL DEFAULT 'medium',
        source                   varchar(10)   NOT NULL,
        captured_by_user_id      uuid          REFERENCES users (id) ON DELETE SET NULL,
        captured_by_client_id    uuid          REFERENCES api_clients (id) ON DELETE SET NULL,
        -- Millisecond precision, like the cursors that carry it.
        captured_at              timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        status                   varchar(10)   NOT NULL DEFAULT 'open',
        closed_at                timestamptz,
        close_reason             text,
        created_at               timestamptz   NOT NULL DEFAULT now(),
        updated_at               timestamptz   NOT NULL DEFAULT now(),
        -- Filled by the trigger below from the columns above.
        search_vector            tsvector,
        search_text              text,
        CONSTRAINT needs_urgency_check CHECK (urgency IN ('low', 'medium', 'high')),
        CONSTRAINT needs_source_check CHECK (source IN ('desk', 'api')),
        CONSTRAINT needs_status_check CHECK (status IN ('open', 'closed'))
      )`);
    await db.query(`
      CREATE FUNCTION needs_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('german'::regconfig, fold_de(NEW.title)), 'A') ||
          setweight(to_tsvector('german'::regconfig, fold_de(NEW.description || ' ' || topics_text(NEW.topics))), 'B');
        NEW.search_text := fold_de(NEW.title || ' ' || NEW.description);
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER needs_search_fill BEFORE INSERT OR UPDATE ON needs
      FOR EACH ROW EXECUTE FUNCTION needs_search_fill()`);
    await db.query('CREATE INDEX needs_search_vector_idx ON needs USING gin (search_vector)');
    await db.query('CREATE INDEX needs_search_text_trgm_idx ON needs USING gin (search_text gin_trgm_ops)');
    await db.query('CREATE INDEX needs_topics_idx ON needs USING gin (topics)');
    // Lists without a query run newest first (read backwards); each filter has an index in that order.
    await db.query('CREATE INDEX needs_captured_idx ON needs (captured_at, id)');
    await db.query(
      'CREATE INDEX needs_municipality_captured_idx ON needs (municipality_id, captured_at, id)',
    );
    await db.query('CREATE INDEX needs_status_captured_idx ON needs (status, captured_at, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE needs');
    await db.query('DROP TABLE solutions');
    await db.query('DROP FUNCTION needs_search_fill()');
    await db.query('DROP FUNCTION solutions_search_fill()');
    await db.query('DROP FUNCTION search_tsquery(text)');
    await db.query('DROP FUNCTION topics_text(text[])');
    await db.query('DROP FUNCTION fold_de(text)');
    // The extensions stay: other objects of the database may use them.
  }
}
