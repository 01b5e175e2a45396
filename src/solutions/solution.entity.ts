import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ConstraintMessage } from '../common/problems/constraint-messages.js';
import { oneOf } from '../common/validation/patterns.js';
import { SOLUTION_STATUSES, THEMES, type SolutionStatus, type Theme } from './solution-enums.js';

export interface TransferMaterial {
  title: string;
  url: string;
}

/**
 * How a practice came into the catalogue when a pilot nominated it (pioneer discovery), and how
 * the Transferstelle's review decided. Null for solutions added directly.
 */
export interface Nomination {
  nominatedByUserId: string;
  nominatedAt: string;
  reviewedByUserId: string | null;
  reviewedAt: string | null;
  /** Why it was taken up (active) or not (declined). */
  reviewNote: string | null;
}

/** How to reach the people behind a solution; personal data, never shown to analysts. */
export interface SolutionContact {
  name: string;
  email?: string;
  phone?: string;
}

@Entity({ name: 'solutions' })
@Unique('solutions_slug_key', ['slug'])
@Check('solutions_slug_format', `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('solutions_status_check', oneOf('status', SOLUTION_STATUSES))
@Check('solutions_theme_check', oneOf('theme', THEMES))
@Check('solutions_implemented_transfers_check', 'implemented_transfers >= 0')
@ConstraintMessage('solutions_slug_key', {
  field: 'slug',
  message: 'a solution with this slug already exists',
})
@Index('solutions_status_slug_idx', ['status', 'slug'])
@Index('solutions_theme_slug_idx', ['theme', 'slug'])
@Index('solutions_origin_idx', ['originMunicipalityId'])
@Index('solutions_status_created_idx', ['status', 'createdAt', 'id'])
// Partial index (the reviewers' queue of nominations): migration only.
@Index('solutions_nominated_queue_idx', { synchronize: false })
@Check(
  'solutions_evidence_check',
  'followed_up_adoptions >= 0 AND adoptions_in_use >= 0 AND adoptions_in_use <= followed_up_adoptions',
)
// GIN indexes over tsvector and topics: TypeORM cannot describe them; migration only.
@Index('solutions_search_vector_idx', { synchronize: false })
@Index('solutions_topics_idx', { synchronize: false })
export class Solution {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 50 })
  theme: Theme;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'text', default: '' })
  problem: string;

  @Column({ type: 'text', default: '' })
  approach: string;

  /** Wirkungsnachweis */
  @Column({ name: 'impact_evidence', type: 'text', default: '' })
  impactEvidence: string;

  @Column({ name: 'origin_municipality_id', type: 'uuid', nullable: true })
  @ForeignKey('municipalities', { name: 'solutions_origin_municipality_id_fkey', onDelete: 'RESTRICT' })
  originMunicipalityId: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ type: 'varchar', length: 100, nullable: true })
  seal: string | null;

  @Column({ type: 'text', nullable: true })
  effort: string | null;

  @Column({ name: 'transfer_materials', type: 'jsonb', default: () => "'[]'" })
  transferMaterials: TransferMaterial[];

  @Column({ type: 'jsonb', nullable: true })
  contact: SolutionContact | null;

  @Column({ type: 'varchar', length: 20, default: 'active' })
  status: SolutionStatus;

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

  /**
   * How many transfer cases adopting it reached umgesetzt: counted up by the case's transition,
   * in its transaction. A statistic, not an edit: it neither versions the solution nor records a change.
   */
  @Column({ name: 'implemented_transfers', type: 'integer', default: 0 })
  implementedTransfers: number;

  /**
   * The impact follow-ups' evidence, kept by practice/ in the transaction that records a result
   * (statistics like `implementedTransfers`): adoptions with at least one follow-up result, and
   * those whose latest result says the solution is still in use.
   */
  @Column({ name: 'followed_up_adoptions', type: 'integer', default: 0 })
  followedUpAdoptions: number;

  @Column({ name: 'adoptions_in_use', type: 'integer', default: 0 })
  adoptionsInUse: number;

  @Column({ type: 'jsonb', nullable: true })
  nomination: Nomination | null;

  /** Counted up by every change; see the write path. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
