import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit windows, shared by every instance on the database: one row per throttler and caller
 * (user, API client, IP or login account), counting its requests in a fixed window. UNLOGGED: a
 * crash may forget the counts (every caller starts a fresh window), which costs nothing worth a
 * WAL write on every request.
 */
export class RateLimits1764190000000 implements MigrationInterface {
  name = 'RateLimits1764190000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE rate_limit_windows (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends timestamptz NOT NULL
      )`);
    // The sweep of ended windows.
    await db.query('CREATE INDEX rate_limit_windows_window_ends_idx ON rate_limit_windows (window_ends)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rate_limit_windows');
  }
}
