import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '../municipality-kind.js';

export const MAX_POPULATION = 100_000_000;

/**
 * The fields a client may set on any write; the AGS is handled per endpoint (body or path).
 * `@IsOptional` lets `null` through on purpose: it clears population or unassigns the region.
 */
export class MunicipalityFields {
  @ApiProperty({ example: 'Dresden, Stadt', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: MUNICIPALITY_KINDS, example: 'kreisfreie_stadt' })
  @IsIn(MUNICIPALITY_KINDS, { message: `kind must be one of ${MUNICIPALITY_KINDS.join(', ')}` })
  kind: MunicipalityKind;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_POPULATION,
    nullable: true,
    example: 554649,
  })
  @IsOptional()
  @IsInt({ message: 'population must be an integer' })
  @Min(0, { message: 'population must not be negative' })
  @Max(MAX_POPULATION)
  population?: number | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Region of the responsible pilots; null unassigns.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string | null;
}
