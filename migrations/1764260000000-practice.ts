import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The community of practice (practice/): match alerts (a solution that now fits an open need),
 * lessons learned on cases and cohorts, adoptions (a case that implemented a solution, who it
 * learned from) with their impact follow-ups. Besides, in the owners' tables: nominations of local
 * practices as solutions (solutions/), the evidence follow-ups give a solution, and needs that
 * follow their case (needs/: `solved`).
 */
export class Practice1764260000000 implements MigrationInterface {
  name = 'Practice1764260000000';

  async up(db: QueryRunner): Promise<void> {
    // solutions/: nominations are solutions under review; the evidence follow-ups gave it.
    await db.query(`
      ALTER TABLE solutions
        DROP CONSTRAINT solutions_status_check,
        ADD CONSTRAINT solutions_status_check CHECK (status IN ('nominated', 'active', 'declined', 'archived')),
        ADD COLUMN nomination jsonb,
        ADD COLUMN followed_up_adoptions integer NOT NULL DEFAULT 0,
        ADD COLUMN adoptions_in_use integer NOT NULL DEFAULT 0,
        ADD CONSTRAINT solutions_evidence_check
          CHECK (followed_up_adoptions >= 0 AND adoptions_in_use >= 0 AND adoptions_in_use <= followed_up_adoptions)`);
    // The reviewers' queue, oldest first.
    await db.query(`
      CREATE INDEX solutions_nominated_queue_idx ON solutions (created_at, id) WHERE status = 'nominated'`);
    await db.query('CREATE INDEX solutions_status_created_idx ON solutions (status, created_at, id)');

    // needs/: a need follows its case (solved with it; open again when it is cancelled).
    await db.query(`
      ALTER TABLE needs
        DROP CONSTRAINT needs_status_check,
        ADD CONSTRAINT needs_status_check CHECK (status IN ('open', 'solved', 'closed')),
        ADD COLUMN solved_at timestamptz,
        ADD COLUMN solved_by_case_id uuid REFERENCES transfer_cases (id) ON DELETE SET NULL,
        ADD COLUMN reopen_reason text`);

    await db.query(`
      CREATE TABLE match_alerts (
        id               uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        solution_id      uuid          NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
        need_id          uuid          NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
        case_id          uuid          REFERENCES transfer_cases (id) ON DELETE SET NULL,
        municipality_id  uuid          NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
        region_id        uuid          REFERENCES regions (id) ON DELETE SET NULL,
        state_code       varchar(5)    NOT NULL REFERENCES states (code),
        status           varchar(10)   NOT NULL DEFAULT 'open',
        score            real          NOT NULL,
        reasons          jsonb         NOT NULL,
        decided_by_user_id uuid        REFERENCES users (id) ON DELETE SET NULL,
        decided_at       timestamptz,
        dismiss_reason   text,
        version          integer       NOT NULL DEFAULT 1,
        created_at       timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at       timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT match_alerts_status_check CHECK (status IN ('open', 'accepted', 'dismissed')),
        CONSTRAINT match_alerts_pair_key UNIQUE (solution_id, need_id)
      )`);
    // A pilot's inbox: by region (and status), newest first; everyone's by status.
    await db.query(
      'CREATE INDEX match_alerts_region_status_created_idx ON match_alerts (region_id, status, created_at, id)',
    );
    await db.query('CREATE INDEX match_alerts_status_created_idx ON match_alerts (status, created_at, id)');
    await db.query('CREATE INDEX match_alerts_need_idx ON match_alerts (need_id)');

    await db.query(`
      CREATE TABLE adoptions (
        id               uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id          uuid          NOT NULL REFERENCES transfer_cases (id) ON DELETE CASCADE,
        solution_id      uuid          NOT NULL REFERENCES solutions (id) ON DELETE RESTRICT,
        municipality_id  uuid          NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,
        region_id        uuid          REFERENCES regions (id) ON DELETE SET NULL,
        state_code       varchar(5)    NOT NULL REFERENCES states (code),
        assignee_id      uuid          REFERENCES users (id) ON DELETE SET NULL,
        implemented_on   date          NOT NULL,
        variant_note     text,
        learned_from_id  uuid          REFERENCES adoptions (id) ON DELETE SET NULL,
        version          integer       NOT NULL DEFAULT 1,
        created_at       timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at       timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT adoptions_case_key UNIQUE (case_id),
        CONSTRAINT adoptions_not_from_itself CHECK (learned_from_id IS DISTINCT FROM id)
      )`);
    await db.query(
      'CREATE INDEX adoptions_solution_implemented_idx ON adoptions (solution_id, implemented_on, id)',
    );
    await db.query('CREATE INDEX adoptions_learned_from_idx ON adoptions (learned_from_id)');

    await db.query(`
      CREATE TABLE follow_ups (
        id               uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        adoption_id      uuid          NOT NULL REFERENCES adoptions (id) ON DELETE CASCADE,
        solution_id      uuid          NOT NULL REFERENCES solutions (id) ON DELETE RESTRICT,
        region_id        uuid          REFERENCES regions (id) ON DELETE SET NULL,
        state_code       varchar(5)    NOT NULL REFERENCES states (code),
        assignee_id      uuid          REFERENCES users (id) ON DELETE SET NULL,
        after_months     integer       NOT NULL,
        due_on           date          NOT NULL,
        last_recorded_at timestamptz,
        results          integer       NOT NULL DEFAULT 0,
        version          integer       NOT NULL DEFAULT 1,
        created_at       timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at       timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT follow_ups_months_check CHECK (after_months BETWEEN 1 AND 120),
        CONSTRAINT follow_ups_adoption_months_key UNIQUE (adoption_id, after_months)
      )`);
    // Due and overdue ones, by due date: all, per region, per pilot; and every one by due date.
    await db.query(`
      CREATE INDEX follow_ups_pending_due_idx ON follow_ups (due_on, id) WHERE last_recorded_at IS NULL`);
    await db.query(`
      CREATE INDEX follow_ups_pending_region_due_idx ON follow_ups (region_id, due_on, id)
      WHERE last_recorded_at IS NULL`);
    await db.query(`
      CREATE INDEX follow_ups_pending_assignee_due_idx ON follow_ups (assignee_id, due_on, id)
      WHERE last_recorded_at IS NULL`);
    await db.query('CREATE INDEX follow_ups_due_idx ON follow_ups (due_on, id)');
    await db.query('CREATE INDEX follow_ups_region_due_idx ON follow_ups (region_id, due_on, id)');
    await db.query('CREATE INDEX follow_ups_assignee_due_idx ON follow_ups (assignee_id, due_on, id)');
    await db.query('CREATE INDEX follow_ups_solution_due_idx ON follow_ups (solution_id, due_on, id)');

    // Each result is kept: a later one corrects an earlier, never overwrites it.
    await db.query(`
      CREATE TABLE follow_up_results (
        id                  uuid           PRIMARY KEY DEFAULT gen_random_uuid(),
        follow_up_id        uuid           NOT NULL REFERENCES follow_ups (id) ON DELETE CASCADE,
        still_in_use        boolean        NOT NULL,
        effect_value        numeric(14, 2),
        effect_unit         varchar(50),
        effect_text         text,
        observed_on         date           NOT NULL,
        recorded_by_user_id uuid           REFERENCES users (id) ON DELETE SET NULL,
        recorded_at         timestamptz    NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT follow_up_results_unit_check CHECK (effect_value IS NULL OR effect_unit IS NOT NULL)
      )`);
    await db.query(
      'CREATE INDEX follow_up_results_follow_up_idx ON follow_up_results (follow_up_id, recorded_at, id)',
    );

    await db.query(`
      CREATE TABLE lessons (
        id                  uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        solution_id         uuid          NOT NULL REFERENCES solutions (id) ON DELETE RESTRICT,
        case_id             uuid          REFERENCES transfer_cases (id) ON DELETE CASCADE,
        cohort_id           uuid          REFERENCES cohorts (id) ON DELETE CASCADE,
        municipality_id     uuid          REFERENCES municipalities (id) ON DELETE SET NULL,
        region_id           uuid          REFERENCES regions (id) ON DELETE SET NULL,
        state_code          varchar(5)    REFERENCES states (code),
        title               varchar(300)  NOT NULL,
        body                text          NOT NULL DEFAULT '',
        adaptations         text,
        obstacles           text,
        cost_euros          integer,
        effort_person_days  integer,
        duration_months     integer,
        legal_basis         text,
        materials           jsonb         NOT NULL DEFAULT '[]',
        tags                text[]        NOT NULL DEFAULT '{}',
        author_user_id      uuid          REFERENCES users (id) ON DELETE SET NULL,
        version             integer       NOT NULL DEFAULT 1,
        created_at          timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at          timestamptz   NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT lessons_one_subject CHECK ((case_id IS NULL) <> (cohort_id IS NULL)),
        CONSTRAINT lessons_figures_check
          CHECK (cost_euros >= 0 AND effort_person_days >= 0 AND duration_months >= 0)
      )`);
    await db.query('CREATE INDEX lessons_solution_created_idx ON lessons (solution_id, created_at, id)');
    await db.query('CREATE INDEX lessons_case_idx ON lessons (case_id)');
    await db.query('CREATE INDEX lessons_cohort_idx ON lessons (cohort_id)');
    await db.query('CREATE INDEX lessons_tags_idx ON lessons USING gin (tags)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['lessons', 'follow_up_results', 'follow_ups', 'adoptions', 'match_alerts']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`UPDATE needs SET status = 'open' WHERE status = 'solved'`);
    await db.query(`
      ALTER TABLE needs
        DROP COLUMN reopen_reason, DROP COLUMN solved_by_case_id, DROP COLUMN solved_at,
        DROP CONSTRAINT needs_status_check,
        ADD CONSTRAINT needs_status_check CHECK (status IN ('open', 'closed'))`);
    await db.query('DROP INDEX solutions_status_created_idx');
    await db.query('DROP INDEX solutions_nominated_queue_idx');
    await db.query(`UPDATE solutions SET status = 'archived' WHERE status IN ('nominated', 'declined')`);
    await db.query(`
      ALTER TABLE solutions
        DROP CONSTRAINT solutions_evidence_check,
        DROP COLUMN adoptions_in_use, DROP COLUMN followed_up_adoptions, DROP COLUMN nomination,
        DROP CONSTRAINT solutions_status_check,
        ADD CONSTRAINT solutions_status_check CHECK (status IN ('active', 'archived'))`);
  }
}
