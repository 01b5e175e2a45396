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
import { State } from '../states/state.entity.js';

// Constraint and index names match the migrations, so `migration:generate` sees no difference.
@Entity({ name: 'regions' })
@Unique('regions_code_key', ['code'])
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
  stateCode: string;

  @ManyToOne(() => State, { nullable: false })
  @JoinColumn({ name: 'state_code', foreignKeyConstraintName: 'regions_state_code_fkey' })
  state?: State;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
