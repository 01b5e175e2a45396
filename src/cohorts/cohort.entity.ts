import {
  Check,
  Column,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ConstraintMessage } from '../common/problems/constraint-messages.js';
import { oneOf } from '../common/validation/patterns.js';
import { COHORT_STATUSES, type CohortStatus } from './cohort-status.js';

/** Umsetzungskohorte: several municipalities implementing one proven solution together. */
@Entity({ name: 'cohorts' })
@Check('cohorts_status_check', oneOf('status', COHORT_STATUSES))
@Index('cohorts_created_idx', ['createdAt', 'id'])
@Index('cohorts_status_created_idx', ['status', 'createdAt', 'id'])
@Index('cohorts_solution_created_idx', ['solutionId', 'createdAt', 'id'])
@Index('cohorts_facilitator_created_idx', ['facilitatorId', 'createdAt', 'id'])
@Index('cohorts_team_created_idx', ['transferTeamId', 'createdAt', 'id'])
export class Cohort {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'solution_id', type: 'uuid' })
  @ForeignKey('solutions', { name: 'cohorts_solution_id_fkey', onDelete: 'RESTRICT' })
  solutionId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Who leads the cohort: a pilot or a member of its transfer team. */
  @Column({ name: 'facilitator_id', type: 'uuid' })
  @ForeignKey('users', { name: 'cohorts_facilitator_id_fkey', onDelete: 'RESTRICT' })
  facilitatorId: string;

  @Column({ name: 'transfer_team_id', type: 'uuid', nullable: true })
  @ForeignKey('transfer_teams', { name: 'cohorts_transfer_team_id_fkey', onDelete: 'SET NULL' })
  transferTeamId: string | null;

  @Column({ type: 'varchar', length: 10, default: 'forming' })
  status: CohortStatus;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  updatedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

/** A member: one transfer case, of a municipality no other member of the cohort is from. */
@Entity({ name: 'cohort_members' })
@Unique('cohort_members_municipality_key', ['cohortId', 'municipalityId'])
@ConstraintMessage('cohort_members_municipality_key', {
  field: 'caseId',
  message: 'a case of this municipality is already a member of the cohort',
})
@ConstraintMessage('cohort_members_pkey', { field: 'caseId', message: 'this case is already in a cohort' })
@Index('cohort_members_cohort_joined_idx', ['cohortId', 'joinedAt', 'caseId'])
export class CohortMember {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  @ForeignKey('transfer_cases', { name: 'cohort_members_case_id_fkey', onDelete: 'CASCADE' })
  caseId: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  @ForeignKey('cohorts', { name: 'cohort_members_cohort_id_fkey', onDelete: 'CASCADE' })
  cohortId: string;

  /** The case's municipality, kept here for the one-per-municipality rule. */
  @Column({ name: 'municipality_id', type: 'uuid' })
  @ForeignKey('municipalities', { name: 'cohort_members_municipality_id_fkey', onDelete: 'RESTRICT' })
  municipalityId: string;

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  joinedAt: Date;
}

/** A milestone the members reach together (each member on its own date). */
@Entity({ name: 'cohort_milestones' })
@Index('cohort_milestones_cohort_due_idx', ['cohortId', 'dueOn', 'id'])
export class CohortMilestone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  @ForeignKey('cohorts', { name: 'cohort_milestones_cohort_id_fkey', onDelete: 'CASCADE' })
  cohortId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;
}

/** A member has reached a milestone. */
@Entity({ name: 'cohort_milestone_progress' })
@Index('cohort_milestone_progress_case_idx', ['caseId'])
export class CohortMilestoneProgress {
  @PrimaryColumn({ name: 'milestone_id', type: 'uuid' })
  @ForeignKey('cohort_milestones', {
    name: 'cohort_milestone_progress_milestone_id_fkey',
    onDelete: 'CASCADE',
  })
  milestoneId: string;

  /** A member's case (leaving the cohort deletes its progress with it). */
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  @ForeignKey('transfer_cases', { name: 'cohort_milestone_progress_case_id_fkey', onDelete: 'CASCADE' })
  caseId: string;

  @Column({ name: 'done_on', type: 'date' })
  doneOn: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  recordedAt: Date;
}
