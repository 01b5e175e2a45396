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
import { Region } from '../regions/region.entity.js';
import { State } from '../states/state.entity.js';
import type { MunicipalityKind } from './municipality-kind.js';

// Constraint and index names match the migrations, so `migration:generate` sees no difference.
// Lists are ordered by AGS, so each filter has an index that yields rows in that order.
@Entity({ name: 'municipalities' })
@Unique('municipalities_ags_key', ['ags'])
@Check('municipalities_ags_format', `ags ~ '^(0[1-9]|1[0-6])[0-9]{6}$'`)
@Check(
  'municipalities_kind_check',
  `kind IN ('gemeinde', 'stadt', 'kreisfreie_stadt', 'landkreis', 'verband')`,
)
@Check('municipalities_population_check', 'population >= 0')
@Index('municipalities_state_code_ags_idx', ['stateCode', 'ags'])
@Index('municipalities_region_id_ags_idx', ['regionId', 'ags'])
@Index('municipalities_kind_ags_idx', ['kind', 'ags'])
// Expression index `lower(name) text_pattern_ops` for the name-prefix filter; TypeORM cannot
// describe it, so it lives in the migration only.
@Index('municipalities_name_prefix_idx', { synchronize: false })
export class Municipality {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Amtlicher Gemeindeschlüssel, 8 digits. */
  @Column({ type: 'char', length: 8 })
  ags: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: MunicipalityKind;

  @Column({ type: 'integer', nullable: true })
  population: number | null;

  /** Derived from the AGS on every write; stored so lists and reports can filter by it. */
  @Column({ name: 'state_code', type: 'varchar', length: 5 })
  stateCode: string;

  @ManyToOne(() => State, { nullable: false })
  @JoinColumn({ name: 'state_code', foreignKeyConstraintName: 'municipalities_state_code_fkey' })
  state?: State;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  regionId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'municipalities_region_id_fkey' })
  region?: Region;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
