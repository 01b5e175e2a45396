import { ApiProperty } from '@nestjs/swagger';
import { IsAgs } from './is-ags.validator.js';
import { MunicipalityFields } from './municipality-fields.js';

export class CreateMunicipalityDto extends MunicipalityFields {
  @ApiProperty({
    example: '14612000',
    pattern: '^(0[1-9]|1[0-6])[0-9]{6}$',
    description: 'Amtlicher Gemeindeschlüssel: 8 digits, the first two (01–16) name the state.',
  })
  @IsAgs()
  ags: string;
}
