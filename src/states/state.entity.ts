import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'states' })
export class State {
  /** ISO 3166-2 code, e.g. `DE-SN`. */
  @PrimaryColumn({ type: 'varchar', length: 5 })
  code: string;

  @Column({ name: 'ags_prefix', type: 'char', length: 2, unique: true })
  agsPrefix: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;
}
