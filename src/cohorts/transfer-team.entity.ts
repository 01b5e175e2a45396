import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ConstraintMessage } from '../common/problems/constraint-messages.js';
import { oneOf } from '../common/validation/patterns.js';
import { TEAM_STATUSES, type TeamStatus } from './cohort-status.js';

/** A named person of the origin municipality the team works with (personal contact data). */
export interface OriginContact {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
}

/** Transferteam: staff supporting the transfers of one highly demanded solution. */
@Entity({ name: 'transfer_teams' })
@Check('transfer_teams_status_check', oneOf('status', TEAM_STATUSES))
@Index('transfer_teams_created_idx', ['createdAt', 'id'])
@Index('transfer_teams_status_created_idx', ['status', 'createdAt', 'id'])
@Index('transfer_teams_solution_created_idx', ['solutionId', 'createdAt', 'id'])
// Partial (one active team per solution): migration only.
@Index('transfer_teams_one_active_per_solution', { synchronize: false })
@ConstraintMessage('transfer_teams_one_active_per_solution', {
  field: 'solutionId',
  message: 'this solution already has an active transfer team',
})
export class TransferTeam {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'solution_id', type: 'uuid' })
  @ForeignKey('solutions', { name: 'transfer_teams_solution_id_fkey', onDelete: 'RESTRICT' })
  solutionId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 10, default: 'active' })
  status: TeamStatus;

  /** People of the origin municipality the team works with: never shown to analysts. */
  @Column({ name: 'origin_contacts', type: 'jsonb', default: () => "'[]'" })
  originContacts: OriginContact[];

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  updatedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

/** A member of a team: a pilot, Transferstelle staff or an admin. */
@Entity({ name: 'transfer_team_members' })
@Index('transfer_team_members_user_idx', ['userId'])
export class TransferTeamMember {
  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  @ForeignKey('transfer_teams', { name: 'transfer_team_members_team_id_fkey', onDelete: 'CASCADE' })
  teamId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  @ForeignKey('users', { name: 'transfer_team_members_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  addedAt: Date;
}

/** A case the team supports; a case has one team at most. */
@Entity({ name: 'transfer_team_cases' })
@Index('transfer_team_cases_team_added_idx', ['teamId', 'addedAt', 'caseId'])
@ConstraintMessage('transfer_team_cases_pkey', {
  field: 'caseId',
  message: 'this case is already supported by a transfer team',
})
export class TransferTeamCase {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  @ForeignKey('transfer_cases', { name: 'transfer_team_cases_case_id_fkey', onDelete: 'CASCADE' })
  caseId: string;

  @Column({ name: 'team_id', type: 'uuid' })
  @ForeignKey('transfer_teams', { name: 'transfer_team_cases_team_id_fkey', onDelete: 'CASCADE' })
  teamId: string;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  addedAt: Date;
}
