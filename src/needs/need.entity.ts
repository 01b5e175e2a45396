import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { oneOf } from '../common/validation/patterns.js';
import {
  NEED_SOURCES,
  NEED_STATUSES,
  URGENCIES,
  type NeedSource,
  type NeedStatus,
  type Urgency,
} from './need-enums.js';

/** Bedarf: what a municipality needs, in its own words. */
@Entity({ name: 'needs' })
@Check('needs_urgency_check', oneOf('urgency', URGENCIES))
@Check('needs_source_check', oneOf('source', NEED_SOURCES))
@Check('needs_status_check', oneOf('status', NEED_STATUSES))
@Index('needs_captured_idx', ['capturedAt', 'id'])
@Index('needs_municipality_captured_idx', ['municipalityId', 'capturedAt', 'id'])
@Index('needs_status_captured_idx', ['status', 'capturedAt', 'id'])
// GIN indexes: TypeORM cannot describe them; migration only.
@Index('needs_search_vector_idx', { synchronize: false })
@Index('needs_topics_idx', { synchronize: false })
export class Need {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  @ForeignKey('municipalities', { name: 'needs_municipality_id_fkey', onDelete: 'RESTRICT' })
  municipalityId: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ type: 'varchar', length: 10, default: 'medium' })
  urgency: Urgency;

  @Column({ type: 'varchar', length: 10 })
  source: NeedSource;

  @Column({ name: 'captured_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'needs_captured_by_user_id_fkey', onDelete: 'SET NULL' })
  capturedByUserId: string | null;

  @Column({ name: 'captured_by_client_id', type: 'uuid', nullable: true })
  @ForeignKey('api_clients', { name: 'needs_captured_by_client_id_fkey', onDelete: 'SET NULL' })
  capturedByClientId: string | null;

  @Column({ name: 'captured_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  capturedAt: Date;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: NeedStatus;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  /** When its transfer case reached umgesetzt, and which case that was. */
  @Column({ name: 'solved_at', type: 'timestamptz', nullable: true })
  solvedAt: Date | null;

  @Column({ name: 'solved_by_case_id', type: 'uuid', nullable: true })
  @ForeignKey('transfer_cases', { name: 'needs_solved_by_case_id_fkey', onDelete: 'SET NULL' })
  solvedByCaseId: string | null;

  /** Why it is open again: the reason its transfer case was cancelled (abgebrochen). */
  @Column({ name: 'reopen_reason', type: 'text', nullable: true })
  reopenReason: string | null;

  /** Kept by a database trigger for full-text search; never read or written by the API. */
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    nullable: true,
    select: false,
    insert: false,
    update: false,
  })
  searchVector?: string;

  /** Folded text, kept by the same trigger; suggestions compare a need's title with it. */
  @Column({ name: 'search_text', type: 'text', nullable: true, select: false, insert: false, update: false })
  searchText?: string;

  /** Counted up by every change; see the write path. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
