import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Municipality } from '../municipalities/municipality.entity.js';
import type { SolutionStatus, Theme } from './solution-enums.js';

export interface TransferMaterial {
  title: string;
  url: string;
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
@Check('solutions_status_check', `status IN ('active', 'archived')`)
@Check(
  'solutions_theme_check',
  `theme IN ('ankommen-teilhabe', 'klima-ressourcen', 'nachhaltiges-bauen', 'verwaltung-von-morgen', 'sicherheit-gesundheit')`,
)
@Index('solutions_status_slug_idx', ['status', 'slug'])
@Index('solutions_theme_slug_idx', ['theme', 'slug'])
@Index('solutions_origin_idx', ['originMunicipalityId'])
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
  originMunicipalityId: string | null;

  @ManyToOne(() => Municipality, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'origin_municipality_id',
    foreignKeyConstraintName: 'solutions_origin_municipality_id_fkey',
  })
  originMunicipality?: Municipality;

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
