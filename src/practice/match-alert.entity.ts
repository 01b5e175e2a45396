import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SuggestionReasons } from '../needs/index.js';
import { ConstraintMessage } from '../common/problems/constraint-messages.js';
import { oneOf } from '../common/validation/patterns.js';
import { ALERT_STATUSES, type AlertStatus } from './practice-enums.js';

/**
 * A solution that now fits an open need strongly, for the need's pilot to look at: found when
 * the solution was published or changed, by the matching that serves the need's suggestions.
 */
@Entity({ name: 'match_alerts' })
@Check('match_alerts_status_check', oneOf('status', ALERT_STATUSES))
@Unique('match_alerts_pair_key', ['solutionId', 'needId'])
@ConstraintMessage('match_alerts_pair_key', {
  field: 'solutionId',
  message: 'this pair already has an alert',
})
@Index('match_alerts_region_status_created_idx', ['regionId', 'status', 'createdAt', 'id'])
@Index('match_alerts_status_created_idx', ['status', 'createdAt', 'id'])
@Index('match_alerts_need_idx', ['needId'])
export class MatchAlert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'solution_id', type: 'uuid' })
  @ForeignKey('solutions', { name: 'match_alerts_solution_id_fkey', onDelete: 'CASCADE' })
  solutionId: string;

  @Column({ name: 'need_id', type: 'uuid' })
  @ForeignKey('needs', { name: 'match_alerts_need_id_fkey', onDelete: 'CASCADE' })
  needId: string;

  /** The need's open case when the alert was raised, or the case its acceptance opened. */
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  @ForeignKey('transfer_cases', { name: 'match_alerts_case_id_fkey', onDelete: 'SET NULL' })
  caseId: string | null;

  @Column({ name: 'municipality_id', type: 'uuid' })
  @ForeignKey('municipalities', { name: 'match_alerts_municipality_id_fkey', onDelete: 'CASCADE' })
  municipalityId: string;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  @ForeignKey('regions', { name: 'match_alerts_region_id_fkey', onDelete: 'SET NULL' })
  regionId: string | null;

  @Column({ name: 'state_code', type: 'varchar', length: 5 })
  @ForeignKey('states', { name: 'match_alerts_state_code_fkey' })
  stateCode: string;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: AlertStatus;

  @Column({ type: 'real' })
  score: number;

  @Column({ type: 'jsonb' })
  reasons: SuggestionReasons;

  @Column({ name: 'decided_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'match_alerts_decided_by_user_id_fkey', onDelete: 'SET NULL' })
  decidedByUserId: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'dismiss_reason', type: 'text', nullable: true })
  dismissReason: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  updatedAt: Date;
}
