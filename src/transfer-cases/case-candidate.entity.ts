import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Solution } from '../solutions/solution.entity.js';
import { TransferCase } from './transfer-case.entity.js';

/** A solution considered for a case, with the reason it might fit. */
@Entity({ name: 'transfer_case_candidates' })
@Index('transfer_case_candidates_solution_idx', ['solutionId'])
export class CaseCandidate {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @PrimaryColumn({ name: 'solution_id', type: 'uuid' })
  solutionId: string;

  @ManyToOne(() => TransferCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'transfer_case_candidates_case_id_fkey' })
  transferCase?: TransferCase;

  @ManyToOne(() => Solution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'solution_id', foreignKeyConstraintName: 'transfer_case_candidates_solution_id_fkey' })
  solution?: Solution;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt: Date;
}
