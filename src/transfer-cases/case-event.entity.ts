import type { CaseEventType } from './case-status.js';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One entry of a case's append-only timeline; a database trigger refuses updates and deletes. */
@Entity({ name: 'transfer_case_events' })
@Index('transfer_case_events_case_seq_idx', ['caseId', 'seq'])
export class CaseEvent {
  /** Global order of all case events. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ name: 'case_id', type: 'uuid' })
  @ForeignKey('transfer_cases', { name: 'transfer_case_events_case_id_fkey', onDelete: 'RESTRICT' })
  caseId: string;

  @Column({ type: 'varchar', length: 40 })
  type: CaseEventType;

  @Column({ name: 'from_status', type: 'varchar', length: 20, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 20, nullable: true })
  toStatus: string | null;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'transfer_case_events_actor_user_id_fkey', onDelete: 'SET NULL' })
  actorUserId: string | null;

  @Column({ name: 'actor_client_id', type: 'uuid', nullable: true })
  @ForeignKey('api_clients', { name: 'transfer_case_events_actor_client_id_fkey', onDelete: 'SET NULL' })
  actorClientId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
