import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MunicipalityKind } from './municipality-kind.js';

@Entity({ name: 'municipalities' })
export class Municipality {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Amtlicher Gemeindeschlüssel, 8 digits. */
  @Column({ type: 'char', length: 8, unique: true })
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

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  regionId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
