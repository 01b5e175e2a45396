import { ApiInstant, isoInstant } from '../../common/mapping/instant.js';
import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/pagination/page.js';
import type { Region } from '../region.entity.js';

export class RegionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'sachsen-chemnitz' })
  code: string;

  @ApiProperty({ example: 'Region Chemnitz' })
  name: string;

  @ApiProperty({ example: 'DE-SN' })
  stateCode: string;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from(region: Region): RegionResponse {
    return Object.assign(new RegionResponse(), {
      id: region.id,
      code: region.code,
      name: region.name,
      stateCode: region.stateCode,
      createdAt: isoInstant(region.createdAt),
      updatedAt: isoInstant(region.updatedAt),
    });
  }
}

export class RegionPage extends PageOf(RegionResponse) {}
