import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A solution considered for a case, with the reason it might fit. */
@Entity({ name: 'transfer_case_candidates' })
@Index('transfer_case_candidates_solution_idx', ['solutionId'])
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
}
