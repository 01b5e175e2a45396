import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): one row per caller and
 * key, claimed by the first request that carries it and completed with that request's answer, so
 * a retry gets the same answer without the work being done twice, on any instance.
 */
export class IdempotencyKeys1764110000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764110000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        -- 'user:<id>' or 'client:<id>': a key belongs to its caller, the same key of two callers is two keys.
        caller            varchar(80)  NOT NULL,
        key               varchar(255) NOT NULL,
        -- sha256 of method, path and body: the same key with another request is refused.
        fingerprint       char(64)     NOT NULL,
        status            varchar(20)  NOT NULL,
        response_status   integer,
        response_headers  jsonb,
        response_body     text,
        created_at        timestamptz  NOT NULL DEFAULT now(),
        expires_at        timestamptz  NOT NULL,
        PRIMARY KEY (caller, key),
        CONSTRAINT idempotency_keys_status_check CHECK (status IN ('in_progress', 'completed'))
      )`);
    // The sweep deletes by expiry.
    await db.query(`CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
  }
}
