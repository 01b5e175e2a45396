import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApiClient } from '../api-clients/api-client.entity.js';
import { User } from '../users/user.entity.js';
import { TransferCase } from './transfer-case.entity.js';

export const CASE_EVENT_TYPES = [
  'created',
  'assigned',
  'candidate_added',
  'candidate_removed',
  'solution_chosen',
  'contact_recorded',
  'transitioned',
  'outcome_recorded',
  'commented',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** One entry of a case's append-only timeline; a database trigger refuses updates and deletes. */
@Entity({ name: 'transfer_case_events' })
@Index('transfer_case_events_case_seq_idx', ['caseId', 'seq'])
export class CaseEvent {
  /** Global order of all case events. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => TransferCase, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'transfer_case_events_case_id_fkey' })
  transferCase?: TransferCase;

  @Column({ type: 'varchar', length: 40 })
  type: CaseEventType;

  @Column({ name: 'from_status', type: 'varchar', length: 20, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 20, nullable: true })
  toStatus: string | null;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_user_id', foreignKeyConstraintName: 'transfer_case_events_actor_user_id_fkey' })
  actorUser?: User;

  @Column({ name: 'actor_client_id', type: 'uuid', nullable: true })
  actorClientId: string | null;

  @ManyToOne(() => ApiClient, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'actor_client_id',
    foreignKeyConstraintName: 'transfer_case_events_actor_client_id_fkey',
  })
  actorClient?: ApiClient;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
