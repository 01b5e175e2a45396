import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The words of municipality names, folded, so a need's words can be told from place names
 * ("bautzen" in a need from Bautzen) in one index lookup: place names never count as a match.
 */
export class PlaceNameWords1764210000000 implements MigrationInterface {
  name = 'PlaceNameWords1764210000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX municipalities_name_words_idx ON municipalities
      USING gin (to_tsvector('simple'::regconfig, fold_de(name)))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX municipalities_name_words_idx');
  }
}
