import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: an API client's subscriptions (where to, which kinds of change, the signing secret,
 * how far through the change feed they have been handed out), one delivery per subscription and
 * change, and every attempt to send it. The job queue itself is pg-boss's (schema `pgboss`,
 * created and upgraded by pg-boss at start).
 */
export class Webhooks1764160000000 implements MigrationInterface {
  name = 'Webhooks1764160000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_subscriptions (
        id              uuid           PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id       uuid           NOT NULL
          CONSTRAINT webhook_subscriptions_client_id_fkey REFERENCES api_clients (id) ON DELETE CASCADE,
        url             varchar(2000)  NOT NULL,
        types           varchar(40)[]  NOT NULL DEFAULT '{}',
        secret          varchar(100)   NOT NULL,
        active          boolean        NOT NULL DEFAULT true,
        paused_at       timestamptz,
        paused_reason   varchar(500),
        failing_since   timestamptz,
        after_position  bigint         NOT NULL,
        after_seq       bigint         NOT NULL,
        created_at      timestamptz    NOT NULL DEFAULT now(),
        updated_at      timestamptz    NOT NULL DEFAULT now(),
        CONSTRAINT webhook_subscriptions_paused_check CHECK ((paused_at IS NULL) = (paused_reason IS NULL))
      )`);
    await db.query('CREATE INDEX webhook_subscriptions_client_idx ON webhook_subscriptions (client_id, id)');
    // The dispatcher's round: only subscriptions that receive.
    await db.query(`
      CREATE INDEX webhook_subscriptions_receiving_idx ON webhook_subscriptions (id)
        WHERE active AND paused_at IS NULL`);
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id                uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id   uuid          NOT NULL
          CONSTRAINT webhook_deliveries_subscription_id_fkey REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        -- The change delivered; null for a test ping.
        change_seq        bigint,
        event_type        varchar(100)  NOT NULL,
        -- The exact bytes sent (and signed) on every attempt.
        payload           text          NOT NULL,
        status            varchar(20)   NOT NULL DEFAULT 'pending',
        attempts          integer       NOT NULL DEFAULT 0,
        last_status_code  integer,
        last_error        varchar(1000),
        created_at        timestamptz   NOT NULL DEFAULT now(),
        finished_at       timestamptz,
        CONSTRAINT webhook_deliveries_status_check
          CHECK (status IN ('pending', 'delivered', 'failed')),
        CONSTRAINT webhook_deliveries_change_key UNIQUE (subscription_id, change_seq)
      )`);
    // Newest first is this index read backwards.
    await db.query(`
      CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at, id)`);
    await db.query('CREATE INDEX webhook_deliveries_created_idx ON webhook_deliveries (created_at)');
    await db.query(`
      CREATE TABLE webhook_attempts (
        id            bigserial      PRIMARY KEY,
        delivery_id   uuid           NOT NULL
          CONSTRAINT webhook_attempts_delivery_id_fkey REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempted_at  timestamptz    NOT NULL,
        status_code   integer,
        duration_ms   integer        NOT NULL,
        error         varchar(1000)
      )`);
    await db.query('CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_attempts');
    await db.query('DROP TABLE webhook_deliveries');
    await db.query('DROP TABLE webhook_subscriptions');
  }
}
