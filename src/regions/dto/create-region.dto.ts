import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsStateCode, STATE_CODES } from '../../states/index.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';

export const REGION_CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class CreateRegionDto {
  @ApiProperty({
    example: 'sachsen-chemnitz',
    description: 'Unique slug: lower-case letters, digits, single hyphens.',
  })
  @IsString()
  @Length(2, 64)
  @Matches(REGION_CODE_PATTERN, {
    message: 'code must be lower-case letters and digits separated by single hyphens',
  })
  code: string;

  @ApiProperty({ example: 'Region Chemnitz', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'DE-SN', enum: STATE_CODES, description: 'Primary state (ISO 3166-2).' })
  @IsStateCode()
  stateCode: string;
}
