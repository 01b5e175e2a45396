import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A pilot's assignment to a region: she writes municipalities, needs and cases only there. */
@Entity({ name: 'user_regions' })
@Index('user_regions_region_id_idx', ['regionId'])
export class UserRegion {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  @ForeignKey('users', { name: 'user_regions_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @PrimaryColumn({ name: 'region_id', type: 'uuid' })
  @ForeignKey('regions', { name: 'user_regions_region_id_fkey', onDelete: 'RESTRICT' })
  regionId: string;
}
