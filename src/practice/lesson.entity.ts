import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface LessonMaterial {
  title: string;
  url: string;
}

/**
 * What a case or a cohort learned implementing a solution, for the next adopter and the origin:
 * structured figures (cost, effort, duration), what had to be adapted, obstacles, the legal basis
 * used, materials produced, free text and tags.
 */
@Entity({ name: 'lessons' })
@Check('lessons_one_subject', '(case_id IS NULL) <> (cohort_id IS NULL)')
@Check('lessons_figures_check', 'cost_euros >= 0 AND effort_person_days >= 0 AND duration_months >= 0')
@Index('lessons_solution_created_idx', ['solutionId', 'createdAt', 'id'])
@Index('lessons_case_idx', ['caseId'])
@Index('lessons_cohort_idx', ['cohortId'])
// GIN over tags: migration only.
@Index('lessons_tags_idx', { synchronize: false })
export class Lesson {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'solution_id', type: 'uuid' })
  @ForeignKey('solutions', { name: 'lessons_solution_id_fkey', onDelete: 'RESTRICT' })
  solutionId: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  @ForeignKey('transfer_cases', { name: 'lessons_case_id_fkey', onDelete: 'CASCADE' })
  caseId: string | null;

  @Column({ name: 'cohort_id', type: 'uuid', nullable: true })
  @ForeignKey('cohorts', { name: 'lessons_cohort_id_fkey', onDelete: 'CASCADE' })
  cohortId: string | null;

  /** Where a case's lesson was learned; null for a cohort's (it spans regions). */
  @Column({ name: 'municipality_id', type: 'uuid', nullable: true })
  @ForeignKey('municipalities', { name: 'lessons_municipality_id_fkey', onDelete: 'SET NULL' })
  municipalityId: string | null;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  @ForeignKey('regions', { name: 'lessons_region_id_fkey', onDelete: 'SET NULL' })
  regionId: string | null;

  @Column({ name: 'state_code', type: 'varchar', length: 5, nullable: true })
  @ForeignKey('states', { name: 'lessons_state_code_fkey' })
  stateCode: string | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', default: '' })
  body: string;

  @Column({ type: 'text', nullable: true })
  adaptations: string | null;

  @Column({ type: 'text', nullable: true })
  obstacles: string | null;

  @Column({ name: 'cost_euros', type: 'integer', nullable: true })
  costEuros: number | null;

  @Column({ name: 'effort_person_days', type: 'integer', nullable: true })
  effortPersonDays: number | null;

  @Column({ name: 'duration_months', type: 'integer', nullable: true })
  durationMonths: number | null;

  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  materials: LessonMaterial[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'lessons_author_user_id_fkey', onDelete: 'SET NULL' })
  authorUserId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  updatedAt: Date;
}
