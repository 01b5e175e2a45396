import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed reads `changes` in commit order (docs/change-feed.md):
 * - each change record keeps the transaction that wrote it (`txid`, from pg_current_xact_id());
 * - `change_commits` numbers the transactions that recorded changes in the order they commit: a
 *   writer takes its `position` as the last thing before COMMIT, under a transaction-level
 *   advisory lock, so position n+1 cannot exist before n has committed;
 * - each record keeps the state and region of what it is about, so the feed shows an API client
 *   only its territory, deletions included.
 */
export class ChangeFeed1764120000000 implements MigrationInterface {
  name = 'ChangeFeed1764120000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE changes
        ADD COLUMN txid bigint,
        ADD COLUMN state_code varchar(5),
        ADD COLUMN region_id uuid`);
    // The records so far: written by this migration's transaction, placed where their entity is.
    await db.query('ALTER TABLE changes DISABLE TRIGGER changes_append_only');
    await db.query(`UPDATE changes SET txid = pg_current_xact_id()::text::bigint`);
    await db.query(`
      UPDATE changes c SET state_code = m.state_code, region_id = m.region_id
      FROM municipalities m WHERE c.entity_type = 'municipality' AND m.id = c.entity_id`);
    await db.query(`
      UPDATE changes c SET state_code = m.state_code, region_id = m.region_id
      FROM needs n JOIN municipalities m ON m.id = n.municipality_id
      WHERE c.entity_type = 'need' AND n.id = c.entity_id`);
    await db.query(`
      UPDATE changes c SET state_code = t.state_code, region_id = t.region_id
      FROM transfer_cases t WHERE c.entity_type = 'transfer_case' AND t.id = c.entity_id`);
    await db.query('ALTER TABLE changes ENABLE TRIGGER changes_append_only');
    await db.query('ALTER TABLE changes ALTER COLUMN txid SET NOT NULL');
    // The feed joins a commit's records by transaction, in the order they were written.
    await db.query('CREATE INDEX changes_txid_idx ON changes (txid, seq)');

    await db.query(`
      CREATE TABLE change_commits (
        position      bigserial    PRIMARY KEY,
        txid          bigint       NOT NULL,
        committed_at  timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT change_commits_txid_key UNIQUE (txid)
      )`);
    await db.query(`
      INSERT INTO change_commits (txid) SELECT DISTINCT txid FROM changes`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE change_commits');
    await db.query('DROP INDEX changes_txid_idx');
    await db.query('ALTER TABLE changes DROP COLUMN txid, DROP COLUMN state_code, DROP COLUMN region_id');
  }
}
