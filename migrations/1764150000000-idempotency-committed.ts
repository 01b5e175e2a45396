import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key is marked `committed` inside the transaction of the write its request makes,
 * naming what the write recorded, before its answer is stored. If the instance dies in between,
 * a retry learns that the work was done (and on what) instead of doing it again.
 */
export class IdempotencyCommitted1764150000000 implements MigrationInterface {
  name = 'IdempotencyCommitted1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_status_check');
    await db.query(`
      ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_status_check
        CHECK (status IN ('in_progress', 'committed', 'completed'))`);
    await db.query('ALTER TABLE idempotency_keys ADD COLUMN committed_entities jsonb');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE idempotency_keys DROP COLUMN committed_entities');
    await db.query(`DELETE FROM idempotency_keys WHERE status = 'committed'`);
    await db.query('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_status_check');
    await db.query(`
      ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_status_check
        CHECK (status IN ('in_progress', 'completed'))`);
  }
}
