import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Municipality } from '../municipalities/municipality.entity.js';
import { Need } from '../needs/need.entity.js';
import { Region } from '../regions/region.entity.js';
import { Solution } from '../solutions/solution.entity.js';
import { State } from '../states/state.entity.js';
import { User } from '../users/user.entity.js';
import type { CaseStatus } from './case-status.js';

/** Transferfall: one need being brought together with a proven solution. */
@Entity({ name: 'transfer_cases' })
@Check(
  'transfer_cases_status_check',
  `status IN ('erfasst', 'recherchiert', 'vermittelt', 'umgesetzt', 'abgebrochen')`,
)
@Index('transfer_cases_opened_idx', ['openedAt', 'id'])
@Index('transfer_cases_status_opened_idx', ['status', 'openedAt', 'id'])
@Index('transfer_cases_region_opened_idx', ['regionId', 'openedAt', 'id'])
@Index('transfer_cases_state_opened_idx', ['stateCode', 'openedAt', 'id'])
@Index('transfer_cases_municipality_opened_idx', ['municipalityId', 'openedAt', 'id'])
@Index('transfer_cases_assignee_opened_idx', ['assigneeId', 'openedAt', 'id'])
@Index('transfer_cases_solution_opened_idx', ['chosenSolutionId', 'openedAt', 'id'])
@Index('transfer_cases_updated_idx', ['updatedAt'])
@Index('transfer_cases_need_idx', ['needId'])
// Partial indexes (one open case per need; implemented cases per solution): migration only.
@Index('transfer_cases_one_open_per_need', { synchronize: false })
@Index('transfer_cases_implemented_solution_idx', { synchronize: false })
export class TransferCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'need_id', type: 'uuid' })
  needId: string;

  @ManyToOne(() => Need, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'transfer_cases_need_id_fkey' })
  need?: Need;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @ManyToOne(() => Municipality, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_id', foreignKeyConstraintName: 'transfer_cases_municipality_id_fkey' })
  municipality?: Municipality;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  regionId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'transfer_cases_region_id_fkey' })
  region?: Region;

  @Column({ name: 'state_code', type: 'varchar', length: 5 })
  stateCode: string;

  @ManyToOne(() => State, { nullable: false })
  @JoinColumn({ name: 'state_code', foreignKeyConstraintName: 'transfer_cases_state_code_fkey' })
  state?: State;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'transfer_cases_assignee_id_fkey' })
  assignee?: User;

  @Column({ type: 'varchar', length: 20, default: 'erfasst' })
  status: CaseStatus;

  @Column({ name: 'chosen_solution_id', type: 'uuid', nullable: true })
  chosenSolutionId: string | null;

  @ManyToOne(() => Solution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'chosen_solution_id',
    foreignKeyConstraintName: 'transfer_cases_chosen_solution_id_fkey',
  })
  chosenSolution?: Solution;

  /** How the contact to the origin municipality was made (who, when, by which channel). */
  @Column({ name: 'origin_contact', type: 'text', nullable: true })
  originContact: string | null;

  @Column({ name: 'implemented_on', type: 'date', nullable: true })
  implementedOn: string | null;

  @Column({ name: 'outcome_note', type: 'text', nullable: true })
  outcomeNote: string | null;

  @Column({ name: 'measured_effect', type: 'text', nullable: true })
  measuredEffect: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  /** Bumped by every change; the case's ETag. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'opened_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  openedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  updatedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
