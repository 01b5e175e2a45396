import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

@Entity({ name: 'states' })
@Unique('states_ags_prefix_key', ['agsPrefix'])
export class State {
  /** ISO 3166-2 code, e.g. `DE-SN`. */
  @PrimaryColumn({ type: 'varchar', length: 5 })
  code: string;

  @Column({ name: 'ags_prefix', type: 'char', length: 2 })
  agsPrefix: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;
}
