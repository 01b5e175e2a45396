import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The change feed names each entity's external ids: a lookup by kind and entity, whatever the system. */
export class ExternalRefLookup1764140000000 implements MigrationInterface {
  name = 'ExternalRefLookup1764140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX external_refs_entity_idx ON external_refs (kind, entity_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX external_refs_entity_idx');
  }
}
