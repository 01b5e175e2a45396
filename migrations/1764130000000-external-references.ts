import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * State systems address municipalities and needs by their own ids:
 * - `external_refs` maps (kind, system, external id) to an entity, one id per system and entity;
 * - an API client names the systems it may write for (`api_clients.systems`).
 */
export class ExternalReferences1764130000000 implements MigrationInterface {
  name = 'ExternalReferences1764130000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_clients ADD COLUMN systems varchar(40)[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE TABLE external_refs (
        kind         varchar(40)   NOT NULL,
        system       varchar(40)   NOT NULL,
        external_id  varchar(200)  NOT NULL,
        -- No foreign key: the entity lives in its module's table (which one depends on kind).
        entity_id    uuid          NOT NULL,
        created_at   timestamptz   NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, system, external_id),
        CONSTRAINT external_refs_entity_key UNIQUE (kind, system, entity_id),
        CONSTRAINT external_refs_kind_check CHECK (kind IN ('municipality', 'need'))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE external_refs');
    await db.query('ALTER TABLE api_clients DROP COLUMN systems');
  }
}
