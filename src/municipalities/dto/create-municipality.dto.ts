import { ApiProperty } from '@nestjs/swagger';
import { VALID_AGS_PATTERN } from '../ags.js';
import { IsAgs } from './is-ags.validator.js';
import { MunicipalityFields } from './municipality-fields.js';

export class CreateMunicipalityDto extends MunicipalityFields {
  @ApiProperty({
    example: '14612000',
    pattern: VALID_AGS_PATTERN,
    description: 'Amtlicher Gemeindeschlüssel: 8 digits, the first two (01–16) name the state.',
  })
  @IsAgs()
  ags: string;
}
