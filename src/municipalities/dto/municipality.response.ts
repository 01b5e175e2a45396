import { ApiInstant, isoInstant } from '../../common/mapping/instant.js';
import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/pagination/page.js';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '../municipality-kind.js';
import type { Municipality } from '../municipality.entity.js';

export class MunicipalityResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '14612000' })
  ags: string;

  @ApiProperty({ example: 'Dresden, Stadt' })
  name: string;

  @ApiProperty({ enum: MUNICIPALITY_KINDS })
  kind: MunicipalityKind;

  @ApiProperty({ type: 'integer', nullable: true, example: 554649 })
  population: number | null;

  @ApiProperty({ example: 'DE-SN', description: 'Derived from the AGS.' })
  stateCode: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  regionId: string | null;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from(m: Municipality): MunicipalityResponse {
    return Object.assign(new MunicipalityResponse(), {
      id: m.id,
      ags: m.ags,
      name: m.name,
      kind: m.kind,
      population: m.population,
      stateCode: m.stateCode,
      regionId: m.regionId,
      createdAt: isoInstant(m.createdAt),
      updatedAt: isoInstant(m.updatedAt),
    });
  }
}

export class MunicipalityPage extends PageOf(MunicipalityResponse) {}
