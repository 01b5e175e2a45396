import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Region } from '../regions/region.entity.js';
import { User } from './user.entity.js';

/** A pilot's assignment to a region: she writes municipalities, needs and cases only there. */
@Entity({ name: 'user_regions' })
@Index('user_regions_region_id_idx', ['regionId'])
export class UserRegion {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'region_id', type: 'uuid' })
  regionId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_regions_user_id_fkey' })
  user?: User;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'user_regions_region_id_fkey' })
  region?: Region;
}
