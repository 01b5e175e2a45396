import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersTokensApiClients1764060000000 implements MigrationInterface {
  name = 'UsersTokensApiClients1764060000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id              uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
        email           varchar(254) NOT NULL,
        name            varchar(200) NOT NULL,
        role            varchar(20)  NOT NULL,
        password_hash   text         NOT NULL,
        active          boolean      NOT NULL DEFAULT true,
        failed_logins   integer      NOT NULL DEFAULT 0,
        locked_until    timestamptz,
        created_at      timestamptz  NOT NULL DEFAULT now(),
        updated_at      timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT users_role_check CHECK (role IN ('admin', 'transferstelle', 'lotse', 'analyst')),
        -- Stored lower-cased, so this unique constraint makes emails unique case-insensitively.
        CONSTRAINT users_email_lower CHECK (email = lower(email)),
        CONSTRAINT users_email_key UNIQUE (email)
      )`);

    await db.query(`
      CREATE TABLE user_regions (
        user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        region_id  uuid NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
        PRIMARY KEY (user_id, region_id)
      )`);
    // "Which pilots work in this region?" and the region-delete check.
    await db.query('CREATE INDEX user_regions_region_id_idx ON user_regions (region_id)');

    await db.query(`
      CREATE TABLE refresh_tokens (
        id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id   uuid        NOT NULL,
        token_hash  char(64)    NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        revoked_at  timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await db.query('CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id)');
    await db.query('CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id)');

    await db.query(`
      CREATE TABLE api_clients (
        id            uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        name          varchar(200)  NOT NULL,
        key_prefix    varchar(16)   NOT NULL,
        key_hash      char(64)      NOT NULL,
        scopes        text[]        NOT NULL DEFAULT '{}',
        state_codes   varchar(5)[]  NOT NULL DEFAULT '{}',
        region_ids    uuid[]        NOT NULL DEFAULT '{}',
        revoked_at    timestamptz,
        last_used_at  timestamptz,
        created_at    timestamptz   NOT NULL DEFAULT now(),
        updated_at    timestamptz   NOT NULL DEFAULT now(),
        CONSTRAINT api_clients_key_prefix_key UNIQUE (key_prefix)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE api_clients');
    await db.query('DROP TABLE refresh_tokens');
    await db.query('DROP TABLE user_regions');
    await db.query('DROP TABLE users');
  }
}
