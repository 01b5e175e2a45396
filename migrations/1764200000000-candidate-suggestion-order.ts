import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidates added from suggestions keep where the suggestion placed them and its score. Added in
 * one call they share one `added_at`, so without the rank the case page fell back to slug order.
 * Candidates a pilot adds by hand have neither.
 */
export class CandidateSuggestionOrder1764200000000 implements MigrationInterface {
  name = 'CandidateSuggestionOrder1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE transfer_case_candidates
        ADD COLUMN suggestion_rank smallint
          CONSTRAINT transfer_case_candidates_suggestion_rank_check CHECK (suggestion_rank >= 1),
        ADD COLUMN suggestion_score real
          CONSTRAINT transfer_case_candidates_suggestion_score_check CHECK (suggestion_score BETWEEN 0 AND 1),
        ADD CONSTRAINT transfer_case_candidates_suggestion_check
          CHECK ((suggestion_rank IS NULL) = (suggestion_score IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE transfer_case_candidates
        DROP CONSTRAINT transfer_case_candidates_suggestion_check,
        DROP COLUMN suggestion_score,
        DROP COLUMN suggestion_rank`);
  }
}
