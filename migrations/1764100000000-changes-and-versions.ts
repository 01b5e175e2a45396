import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One write path for every module (see docs/architecture.md):
 * - municipalities, needs and solutions get a `version`, counted up by every change, as cases have;
 * - `changes` receives one record per change of any of them, in the transaction that makes the
 *   change (the outbox the integrations' change feed will read); it is append-only like the case
 *   timeline, and names its actor without foreign keys, so it stays readable whatever happens to
 *   accounts;
 * - solutions keep how often they were implemented, counted up by the transfer case that reaches
 *   umgesetzt, so the suggestions module no longer reads `transfer_cases`;
 * - the search lexicon's close stems become a function, so the solution matcher no longer reads
 *   `search_terms`.
 */
export class ChangesAndVersions1764100000000 implements MigrationInterface {
  name = 'ChangesAndVersions1764100000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['municipalities', 'needs', 'solutions']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN version integer NOT NULL DEFAULT 1`);
    }

    await db.query(`
      CREATE TABLE changes (
        seq              bigserial    PRIMARY KEY,
        entity_type      varchar(40)  NOT NULL,
        entity_id        uuid         NOT NULL,
        -- The entity's version after the change (a comment on a case leaves it as it was).
        version          integer      NOT NULL,
        action           varchar(40)  NOT NULL,
        actor_user_id    uuid,
        actor_client_id  uuid,
        -- The X-Request-Id of the request that made the change, to find it in the logs.
        request_id       varchar(128),
        at               timestamptz  NOT NULL DEFAULT now(),
        data             jsonb        NOT NULL DEFAULT '{}',
        CONSTRAINT changes_version_check CHECK (version >= 1),
        CONSTRAINT changes_one_actor CHECK (actor_user_id IS NULL OR actor_client_id IS NULL)
      )`);
    // An entity's history in order.
    await db.query('CREATE INDEX changes_entity_idx ON changes (entity_type, entity_id, seq)');
    await db.query(`
      CREATE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'change records are append-only (% refused)', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON changes
      FOR EACH ROW EXECUTE FUNCTION changes_append_only()`);

    await db.query(`
      ALTER TABLE solutions ADD COLUMN implemented_transfers integer NOT NULL DEFAULT 0
        CONSTRAINT solutions_implemented_transfers_check CHECK (implemented_transfers >= 0)`);
    await db.query(`
      UPDATE solutions s SET implemented_transfers = c.count
      FROM (SELECT chosen_solution_id, count(*)::int AS count FROM transfer_cases
            WHERE status = 'umgesetzt' GROUP BY chosen_solution_id) c
      WHERE c.chosen_solution_id = s.id`);

    // The stems of the lexicon close to one stem (typos, compound parts), as a tsquery; null
    // when there are none. The same widening fuzzy_tsquery applies to every word of a query.
    await db.query(`
      CREATE FUNCTION close_stems_tsquery(lexeme text) RETURNS tsquery
      LANGUAGE sql STABLE STRICT PARALLEL SAFE
      AS $$
        SELECT string_agg(quote_literal(t.term), ' | ')::tsquery
        FROM (SELECT term FROM search_terms
              WHERE length(lexeme) >= 5 AND lexeme <% term AND term <> lexeme
              ORDER BY word_similarity(lexeme, term) DESC, term
              LIMIT 6) t
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION close_stems_tsquery(text)');
    await db.query('ALTER TABLE solutions DROP COLUMN implemented_transfers');
    await db.query('DROP TABLE changes');
    await db.query('DROP FUNCTION changes_append_only()');
    for (const table of ['municipalities', 'needs', 'solutions']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN version`);
    }
  }
}
