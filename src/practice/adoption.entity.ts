import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ConstraintMessage } from '../common/problems/constraint-messages.js';

/**
 * A municipality that implemented a solution: one per transfer case that reached umgesetzt,
 * recorded in that case's write. Its lineage (who it learned from) and variant are the pilot's
 * to add; its impact is followed up (`FollowUp`).
 */
@Entity({ name: 'adoptions' })
@Unique('adoptions_case_key', ['caseId'])
@ConstraintMessage('adoptions_case_key', { field: 'caseId', message: 'this case is already an adoption' })
@Check('adoptions_not_from_itself', 'learned_from_id IS DISTINCT FROM id')
@Index('adoptions_solution_implemented_idx', ['solutionId', 'implementedOn', 'id'])
@Index('adoptions_learned_from_idx', ['learnedFromId'])
export class Adoption {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  @ForeignKey('transfer_cases', { name: 'adoptions_case_id_fkey', onDelete: 'CASCADE' })
  caseId: string;

  @Column({ name: 'solution_id', type: 'uuid' })
  @ForeignKey('solutions', { name: 'adoptions_solution_id_fkey', onDelete: 'RESTRICT' })
  solutionId: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  @ForeignKey('municipalities', { name: 'adoptions_municipality_id_fkey', onDelete: 'RESTRICT' })
  municipalityId: string;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  @ForeignKey('regions', { name: 'adoptions_region_id_fkey', onDelete: 'SET NULL' })
  regionId: string | null;

  @Column({ name: 'state_code', type: 'varchar', length: 5 })
  @ForeignKey('states', { name: 'adoptions_state_code_fkey' })
  stateCode: string;

  /** The case's pilot when it was implemented: who follows its impact up. */
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'adoptions_assignee_id_fkey', onDelete: 'SET NULL' })
  assigneeId: string | null;

  @Column({ name: 'implemented_on', type: 'date' })
  implementedOn: string;

  /** How this municipality adapted the solution; null: taken over as it was. */
  @Column({ name: 'variant_note', type: 'text', nullable: true })
  variantNote: string | null;

  /** The earlier adoption it learned from; null: from the origin. */
  @Column({ name: 'learned_from_id', type: 'uuid', nullable: true })
  @ForeignKey('adoptions', { name: 'adoptions_learned_from_id_fkey', onDelete: 'SET NULL' })
  learnedFromId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  updatedAt: Date;
}

/** An impact follow-up of an adoption, due some months after its implementation. */
@Entity({ name: 'follow_ups' })
@Unique('follow_ups_adoption_months_key', ['adoptionId', 'afterMonths'])
@Check('follow_ups_months_check', 'after_months BETWEEN 1 AND 120')
@Index('follow_ups_due_idx', ['dueOn', 'id'])
@Index('follow_ups_region_due_idx', ['regionId', 'dueOn', 'id'])
@Index('follow_ups_assignee_due_idx', ['assigneeId', 'dueOn', 'id'])
@Index('follow_ups_solution_due_idx', ['solutionId', 'dueOn', 'id'])
// Partial indexes over the pending ones (no result yet): migration only.
@Index('follow_ups_pending_due_idx', { synchronize: false })
@Index('follow_ups_pending_region_due_idx', { synchronize: false })
@Index('follow_ups_pending_assignee_due_idx', { synchronize: false })
export class FollowUp {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'adoption_id', type: 'uuid' })
  @ForeignKey('adoptions', { name: 'follow_ups_adoption_id_fkey', onDelete: 'CASCADE' })
  adoptionId: string;

  @Column({ name: 'solution_id', type: 'uuid' })
  @ForeignKey('solutions', { name: 'follow_ups_solution_id_fkey', onDelete: 'RESTRICT' })
  solutionId: string;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  @ForeignKey('regions', { name: 'follow_ups_region_id_fkey', onDelete: 'SET NULL' })
  regionId: string | null;

  @Column({ name: 'state_code', type: 'varchar', length: 5 })
  @ForeignKey('states', { name: 'follow_ups_state_code_fkey' })
  stateCode: string;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'follow_ups_assignee_id_fkey', onDelete: 'SET NULL' })
  assigneeId: string | null;

  @Column({ name: 'after_months', type: 'integer' })
  afterMonths: number;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  /** When its latest result was recorded; null while it is pending. */
  @Column({ name: 'last_recorded_at', type: 'timestamptz', nullable: true })
  lastRecordedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  results: number;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  updatedAt: Date;
}

/** What a follow-up found; every result is kept, the latest counts. */
@Entity({ name: 'follow_up_results' })
@Check('follow_up_results_unit_check', 'effect_value IS NULL OR effect_unit IS NOT NULL')
@Index('follow_up_results_follow_up_idx', ['followUpId', 'recordedAt', 'id'])
export class FollowUpResult {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'follow_up_id', type: 'uuid' })
  @ForeignKey('follow_ups', { name: 'follow_up_results_follow_up_id_fkey', onDelete: 'CASCADE' })
  followUpId: string;

  @Column({ name: 'still_in_use', type: 'boolean' })
  stillInUse: boolean;

  @Column({ name: 'effect_value', type: 'numeric', precision: 14, scale: 2, nullable: true })
  effectValue: string | null;

  @Column({ name: 'effect_unit', type: 'varchar', length: 50, nullable: true })
  effectUnit: string | null;

  @Column({ name: 'effect_text', type: 'text', nullable: true })
  effectText: string | null;

  @Column({ name: 'observed_on', type: 'date' })
  observedOn: string;

  @Column({ name: 'recorded_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'follow_up_results_recorded_by_user_id_fkey', onDelete: 'SET NULL' })
  recordedByUserId: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  recordedAt: Date;
}
