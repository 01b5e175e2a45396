import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstant } from '../../common/validation/instant.decorator.js';
import { IsString, IsUUID, Matches } from 'class-validator';
import { VALID_AGS_PATTERN } from '../../municipalities/index.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import { UpdateNeedDto } from '../../needs/index.js';
import { IsExternalId } from '../integration-params.js';

/**
 * Body of `PUT /integrations/{system}/needs/{externalId}`: the need as the system knows it, and
 * its municipality by exactly one of our id, its AGS or the system's own id for it.
 */
export class PutNeedDto extends UpdateNeedDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The municipality by our id.' })
  @Optional()
  @IsUUID('all', { message: 'municipalityId must be a UUID' })
  municipalityId?: string;

  @ApiPropertyOptional({
    example: '14625020',
    description: 'The municipality by its AGS.',
  })
  @Optional()
  @IsString()
  @Matches(new RegExp(VALID_AGS_PATTERN), {
    message: 'municipalityAgs must be an AGS: 8 digits, starting 01–16',
  })
  municipalityAgs?: string;

  @ApiPropertyOptional({
    example: 'gemeinde-4711',
    description: 'The municipality by this system’s id for it.',
  })
  @Optional()
  @IsExternalId('municipalityExternalId')
  municipalityExternalId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the need was recorded (on creation; defaults to now, never in the future).',
  })
  @Optional()
  @IsInstant('capturedAt must be an ISO 8601 date-time')
  capturedAt?: string;
}
