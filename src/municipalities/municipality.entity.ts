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
import { MUNICIPALITY_KINDS, type MunicipalityKind } from './municipality-kind.js';

// Constraint and index names match the migrations, so `migration:generate` sees no difference.
// Lists are ordered by AGS, so each filter has an index that yields rows in that order.
@Entity({ name: 'municipalities' })
@Unique('municipalities_ags_key', ['ags'])
@Check('municipalities_ags_format', `ags ~ '^(0[1-9]|1[0-6])[0-9]{6}$'`)
@Check('municipalities_kind_check', oneOf('kind', MUNICIPALITY_KINDS))
@ConstraintMessage('municipalities_ags_key', {
  field: 'ags',
  message: 'a municipality with this ags already exists',
})
@Check('municipalities_population_check', 'population >= 0')
@Index('municipalities_state_code_ags_idx', ['stateCode', 'ags'])
@Index('municipalities_region_id_ags_idx', ['regionId', 'ags'])
@Index('municipalities_kind_ags_idx', ['kind', 'ags'])
// Expression index `lower(name) text_pattern_ops` for the name-prefix filter; TypeORM cannot
// describe it, so it lives in the migration only.
@Index('municipalities_name_prefix_idx', { synchronize: false })
// GIN over the folded words of the name, for `MunicipalityPlaces.isPlaceNameSql`; migration only.
@Index('municipalities_name_words_idx', { synchronize: false })
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
  @ForeignKey('states', { name: 'municipalities_state_code_fkey' })
  stateCode: string;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  @ForeignKey('regions', { name: 'municipalities_region_id_fkey', onDelete: 'RESTRICT' })
  regionId: string | null;

  /** Counted up by every change; see the write path. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
