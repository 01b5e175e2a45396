import { ApiProperty } from '@nestjs/swagger';
import type { MunicipalityRef } from '../../municipalities/index.js';

/** How practice pages name a municipality. */
export class MunicipalityRefResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Landkreis Görlitz' })
  name: string;

  @ApiProperty({ example: '14626000', description: 'Amtlicher Gemeindeschlüssel (8 digits).' })
  ags: string;

  static from(ref: MunicipalityRef): MunicipalityRefResponse {
    return Object.assign(new MunicipalityRefResponse(), { id: ref.id, name: ref.name, ags: ref.ags });
  }
}
