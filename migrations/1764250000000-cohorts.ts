import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfer teams and cohorts (cohorts/): a team supports the transfers of one highly demanded
 * solution; a cohort is several municipalities implementing one solution together, with shared
 * milestones. Both are versioned records of the write path; their members, milestones and cases
 * are part of them.
 */
export class Cohorts1764250000000 implements MigrationInterface {
  name = 'Cohorts1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE transfer_teams (
        id               uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        solution_id      uuid          NOT NULL REFERENCES solutions (id) ON DELETE RESTRICT,
        name             varchar(200)  NOT NULL,
        note             text,
        status           varchar(10)   NOT NULL DEFAULT 'active',
        -- People of the origin municipality (personal data: never in change records or to analysts).
        origin_contacts  jsonb         NOT NULL DEFAULT '[]',
        version          integer       NOT NULL DEFAULT 1,
        created_at       timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at       timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        closed_at        timestamptz,
        CONSTRAINT transfer_teams_status_check CHECK (status IN ('active', 'closed'))
      )`);
    await db.query(`
      CREATE UNIQUE INDEX transfer_teams_one_active_per_solution ON transfer_teams (solution_id)
      WHERE status = 'active'`);
    // The list runs newest first, by each filter.
    await db.query('CREATE INDEX transfer_teams_created_idx ON transfer_teams (created_at, id)');
    await db.query(
      'CREATE INDEX transfer_teams_status_created_idx ON transfer_teams (status, created_at, id)',
    );
    await db.query(
      'CREATE INDEX transfer_teams_solution_created_idx ON transfer_teams (solution_id, created_at, id)',
    );

    await db.query(`
      CREATE TABLE transfer_team_members (
        team_id   uuid         NOT NULL REFERENCES transfer_teams (id) ON DELETE CASCADE,
        user_id   uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        added_at  timestamptz  NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (team_id, user_id)
      )`);
    await db.query('CREATE INDEX transfer_team_members_user_idx ON transfer_team_members (user_id)');

    // A case has one team at most (the primary key).
    await db.query(`
      CREATE TABLE transfer_team_cases (
        case_id   uuid         PRIMARY KEY REFERENCES transfer_cases (id) ON DELETE CASCADE,
        team_id   uuid         NOT NULL REFERENCES transfer_teams (id) ON DELETE CASCADE,
        added_at  timestamptz  NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(
      'CREATE INDEX transfer_team_cases_team_added_idx ON transfer_team_cases (team_id, added_at, case_id)',
    );

    await db.query(`
      CREATE TABLE cohorts (
        id                uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        solution_id       uuid          NOT NULL REFERENCES solutions (id) ON DELETE RESTRICT,
        title             varchar(200)  NOT NULL,
        description       text,
        facilitator_id    uuid          NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        transfer_team_id  uuid          REFERENCES transfer_teams (id) ON DELETE SET NULL,
        status            varchar(10)   NOT NULL DEFAULT 'forming',
        close_reason      text,
        version           integer       NOT NULL DEFAULT 1,
        created_at        timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at        timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        started_at        timestamptz,
        closed_at         timestamptz,
        CONSTRAINT cohorts_status_check CHECK (status IN ('forming', 'running', 'closed'))
      )`);
    await db.query('CREATE INDEX cohorts_created_idx ON cohorts (created_at, id)');
    await db.query('CREATE INDEX cohorts_status_created_idx ON cohorts (status, created_at, id)');
    await db.query('CREATE INDEX cohorts_solution_created_idx ON cohorts (solution_id, created_at, id)');
    await db.query(
      'CREATE INDEX cohorts_facilitator_created_idx ON cohorts (facilitator_id, created_at, id)',
    );
    await db.query('CREATE INDEX cohorts_team_created_idx ON cohorts (transfer_team_id, created_at, id)');

    // A case is in one cohort at most (the primary key), a municipality once per cohort.
    await db.query(`
      CREATE TABLE cohort_members (
        case_id          uuid         PRIMARY KEY REFERENCES transfer_cases (id) ON DELETE CASCADE,
        cohort_id        uuid         NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
        municipality_id  uuid         NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,
        joined_at        timestamptz  NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT cohort_members_municipality_key UNIQUE (cohort_id, municipality_id)
      )`);
    await db.query(
      'CREATE INDEX cohort_members_cohort_joined_idx ON cohort_members (cohort_id, joined_at, case_id)',
    );

    await db.query(`
      CREATE TABLE cohort_milestones (
        id          uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        cohort_id   uuid          NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
        title       varchar(200)  NOT NULL,
        due_on      date          NOT NULL,
        created_at  timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(
      'CREATE INDEX cohort_milestones_cohort_due_idx ON cohort_milestones (cohort_id, due_on, id)',
    );

    await db.query(`
      CREATE TABLE cohort_milestone_progress (
        milestone_id  uuid         NOT NULL REFERENCES cohort_milestones (id) ON DELETE CASCADE,
        case_id       uuid         NOT NULL REFERENCES transfer_cases (id) ON DELETE CASCADE,
        done_on       date         NOT NULL,
        note          text,
        recorded_at   timestamptz  NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (milestone_id, case_id)
      )`);
    await db.query('CREATE INDEX cohort_milestone_progress_case_idx ON cohort_milestone_progress (case_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'cohort_milestone_progress',
      'cohort_milestones',
      'cohort_members',
      'cohorts',
      'transfer_team_cases',
      'transfer_team_members',
      'transfer_teams',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
