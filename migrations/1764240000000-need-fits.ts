import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How well the catalogue answers each need (needs/suggestions/need-fits.ts): its best suggestion's
 * fit and score, judged against a version of the catalogue (`solution_catalogue_stats.version`).
 * Written with every write of the need; when the catalogue changes, the refresher judges again
 * what was judged against an older version, oldest first. A need starts unjudged (fit null,
 * version -1): its write judges it, or else the refresher, first of all.
 */
export class NeedFits1764240000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE need_fits (
        need_id            uuid PRIMARY KEY REFERENCES needs (id) ON DELETE CASCADE ON UPDATE CASCADE,
        fit                varchar(10) CONSTRAINT need_fits_fit_check CHECK (fit IN ('strong', 'partial', 'weak')),
        best_solution_id   uuid REFERENCES solutions (id) ON DELETE SET NULL,
        best_score         real,
        catalogue_version  bigint NOT NULL,
        assessed_at        timestamptz
      )`);
    // The needs of one fit, for the list of catalogue gaps (needs?bestFit=weak).
    await db.query('CREATE INDEX need_fits_fit_idx ON need_fits (fit, need_id)');
    // What to judge again after the catalogue changed: the oldest versions first.
    await db.query('CREATE INDEX need_fits_version_idx ON need_fits (catalogue_version, need_id)');
    await db.query('CREATE INDEX need_fits_best_solution_idx ON need_fits (best_solution_id)');
    // Every need has its row from the start, however it was inserted (a write, the seed, a bulk
    // load): unjudged until its write or the refresher judges it.
    await db.query(`
      CREATE FUNCTION needs_fit_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO need_fits (need_id, catalogue_version) SELECT id, -1 FROM new_rows ORDER BY id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER needs_fit_rows AFTER INSERT ON needs
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_fit_rows()`);
    await db.query('INSERT INTO need_fits (need_id, catalogue_version) SELECT id, -1 FROM needs');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER needs_fit_rows ON needs');
    await db.query('DROP FUNCTION needs_fit_rows()');
    await db.query('DROP TABLE need_fits');
  }
}
