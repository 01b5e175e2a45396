import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A solution considered for a case, with the reason it might fit. */
@Entity({ name: 'transfer_case_candidates' })
@Index('transfer_case_candidates_solution_idx', ['solutionId'])
@Check('transfer_case_candidates_suggestion_rank_check', 'suggestion_rank >= 1')
@Check('transfer_case_candidates_suggestion_score_check', 'suggestion_score BETWEEN 0 AND 1')
@Check('transfer_case_candidates_suggestion_check', '(suggestion_rank IS NULL) = (suggestion_score IS NULL)')
export class CaseCandidate {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  @ForeignKey('transfer_cases', { name: 'transfer_case_candidates_case_id_fkey', onDelete: 'CASCADE' })
  caseId: string;

  @PrimaryColumn({ name: 'solution_id', type: 'uuid' })
  @ForeignKey('solutions', { name: 'transfer_case_candidates_solution_id_fkey', onDelete: 'RESTRICT' })
  solutionId: string;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt: Date;

  /** Where the suggestions placed it (1 = best), when it was added from them. */
  @Column({ name: 'suggestion_rank', type: 'smallint', nullable: true })
  suggestionRank: number | null;

  /** The suggestion's score (0 … 1) when it was added. */
  @Column({ name: 'suggestion_score', type: 'real', nullable: true })
  suggestionScore: number | null;
}
