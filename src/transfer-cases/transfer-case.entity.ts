import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ConstraintMessage } from '../common/problems/constraint-messages.js';
import { oneOf } from '../common/validation/patterns.js';
import type { CaseCandidate } from './case-candidate.entity.js';
import { CASE_STATUSES, type CaseStatus } from './case-status.js';

/** Transferfall: one need being brought together with a proven solution. */
@Entity({ name: 'transfer_cases' })
@Check('transfer_cases_status_check', oneOf('status', CASE_STATUSES))
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
@ConstraintMessage('transfer_cases_one_open_per_need', {
  field: 'needId',
  message: 'this need already has an open transfer case',
})
@Index('transfer_cases_implemented_solution_idx', { synchronize: false })
export class TransferCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'need_id', type: 'uuid' })
  @ForeignKey('needs', { name: 'transfer_cases_need_id_fkey', onDelete: 'RESTRICT' })
  needId: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  @ForeignKey('municipalities', { name: 'transfer_cases_municipality_id_fkey', onDelete: 'RESTRICT' })
  municipalityId: string;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  @ForeignKey('regions', { name: 'transfer_cases_region_id_fkey', onDelete: 'RESTRICT' })
  regionId: string | null;

  @Column({ name: 'state_code', type: 'varchar', length: 5 })
  @ForeignKey('states', { name: 'transfer_cases_state_code_fkey' })
  stateCode: string;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'transfer_cases_assignee_id_fkey', onDelete: 'SET NULL' })
  assigneeId: string | null;

  @Column({ type: 'varchar', length: 20, default: 'erfasst' })
  status: CaseStatus;

  @Column({ name: 'chosen_solution_id', type: 'uuid', nullable: true })
  @ForeignKey('solutions', { name: 'transfer_cases_chosen_solution_id_fkey', onDelete: 'RESTRICT' })
  chosenSolutionId: string | null;

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

  /** Filled where a query joins them in (the case page), else absent. */
  candidates?: CaseCandidate[];
}
