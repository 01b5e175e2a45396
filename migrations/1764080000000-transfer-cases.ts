import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Transfer cases, their candidate solutions and their append-only timeline. */
export class TransferCases1764080000000 implements MigrationInterface {
  name = 'TransferCases1764080000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE transfer_cases (
        id                  uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
        need_id             uuid         NOT NULL REFERENCES needs (id) ON DELETE RESTRICT,
        -- Copied from the need's municipality when the case is opened, for scoping and reports.
        municipality_id     uuid         NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,
        region_id           uuid         REFERENCES regions (id) ON DELETE RESTRICT,
        state_code          varchar(5)   NOT NULL REFERENCES states (code),
        assignee_id         uuid         REFERENCES users (id) ON DELETE SET NULL,
        status              varchar(20)  NOT NULL DEFAULT 'erfasst',
        chosen_solution_id  uuid         REFERENCES solutions (id) ON DELETE RESTRICT,
        origin_contact      text,
        implemented_on      date,
        outcome_note        text,
        measured_effect     text,
        cancel_reason       text,
        version             integer      NOT NULL DEFAULT 1,
        opened_at           timestamptz  NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at          timestamptz  NOT NULL DEFAULT date_trunc('milliseconds', now()),
        closed_at           timestamptz,
        CONSTRAINT transfer_cases_status_check
          CHECK (status IN ('erfasst', 'recherchiert', 'vermittelt', 'umgesetzt', 'abgebrochen'))
      )`);
    // One open case per need; a need whose case ended may be taken up again.
    await db.query(`
      CREATE UNIQUE INDEX transfer_cases_one_open_per_need ON transfer_cases (need_id)
      WHERE status IN ('erfasst', 'recherchiert', 'vermittelt')`);
    // Lists run newest first (read backwards); each filter has an index in that order.
    await db.query('CREATE INDEX transfer_cases_opened_idx ON transfer_cases (opened_at, id)');
    await db.query('CREATE INDEX transfer_cases_status_opened_idx ON transfer_cases (status, opened_at, id)');
    await db.query(
      'CREATE INDEX transfer_cases_region_opened_idx ON transfer_cases (region_id, opened_at, id)',
    );
    await db.query(
      'CREATE INDEX transfer_cases_state_opened_idx ON transfer_cases (state_code, opened_at, id)',
    );
    await db.query(
      'CREATE INDEX transfer_cases_municipality_opened_idx ON transfer_cases (municipality_id, opened_at, id)',
    );
    await db.query(
      'CREATE INDEX transfer_cases_assignee_opened_idx ON transfer_cases (assignee_id, opened_at, id)',
    );
    await db.query(
      'CREATE INDEX transfer_cases_solution_opened_idx ON transfer_cases (chosen_solution_id, opened_at, id)',
    );
    await db.query('CREATE INDEX transfer_cases_updated_idx ON transfer_cases (updated_at)');
    await db.query('CREATE INDEX transfer_cases_need_idx ON transfer_cases (need_id)');

    await db.query(`
      CREATE TABLE transfer_case_candidates (
        case_id      uuid        NOT NULL REFERENCES transfer_cases (id) ON DELETE CASCADE,
        solution_id  uuid        NOT NULL REFERENCES solutions (id) ON DELETE RESTRICT,
        rationale    text        NOT NULL,
        added_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, solution_id)
      )`);
    await db.query(
      'CREATE INDEX transfer_case_candidates_solution_idx ON transfer_case_candidates (solution_id)',
    );

    await db.query(`
      CREATE TABLE transfer_case_events (
        seq              bigserial    PRIMARY KEY,
        case_id          uuid         NOT NULL REFERENCES transfer_cases (id) ON DELETE RESTRICT,
        type             varchar(40)  NOT NULL,
        from_status      varchar(20),
        to_status        varchar(20),
        actor_user_id    uuid         REFERENCES users (id) ON DELETE SET NULL,
        actor_client_id  uuid         REFERENCES api_clients (id) ON DELETE SET NULL,
        at               timestamptz  NOT NULL DEFAULT now(),
        note             text,
        data             jsonb        NOT NULL DEFAULT '{}'
      )`);
    await db.query('CREATE INDEX transfer_case_events_case_seq_idx ON transfer_case_events (case_id, seq)');
    // The timeline is append-only: corrections are new events, never edits.
    await db.query(`
      CREATE FUNCTION transfer_case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'transfer case events are append-only (% refused)', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER transfer_case_events_append_only BEFORE UPDATE OR DELETE ON transfer_case_events
      FOR EACH ROW EXECUTE FUNCTION transfer_case_events_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE transfer_case_events');
    await db.query('DROP FUNCTION transfer_case_events_append_only()');
    await db.query('DROP TABLE transfer_case_candidates');
    await db.query('DROP TABLE transfer_cases');
  }
}
