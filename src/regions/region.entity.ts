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

// Constraint and index names match the migrations, so `migration:generate` sees no difference.
@Entity({ name: 'regions' })
@Unique('regions_code_key', ['code'])
@ConstraintMessage('regions_code_key', { field: 'code', message: 'a region with this code already exists' })
@Check('regions_code_format', `code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Index('regions_state_code_code_idx', ['stateCode', 'code'])
export class Region {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Primary state; the region may still hold municipalities of a neighbouring state. */
  @Column({ name: 'state_code', type: 'varchar', length: 5 })
  @ForeignKey('states', { name: 'regions_state_code_fkey' })
  stateCode: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
