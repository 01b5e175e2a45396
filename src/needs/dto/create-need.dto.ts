import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstant } from '../../common/validation/instant.decorator.js';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import { MAX_TEXT, SLUG_PATTERN } from '../../common/validation/patterns.js';
import { URGENCIES, type Urgency } from '../need-enums.js';

export class CreateNeedDto {
  @ApiProperty({ format: 'uuid', description: 'The municipality that has the need.' })
  @IsUUID('all', { message: 'municipalityId must be a UUID' })
  municipalityId: string;

  @ApiProperty({ example: 'Wartezeiten im Bürgerbüro', maxLength: 300 })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({
    example: 'Bürger warten wochenlang auf einen Termin für den Personalausweis.',
    maxLength: MAX_TEXT,
  })
  @Optional()
  @IsString()
  @MaxLength(MAX_TEXT)
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['buergerservice', 'termine'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(SLUG_PATTERN, {
    each: true,
    message: 'each topic must be lower-case letters and digits separated by single hyphens',
  })
  @MaxLength(50, { each: true })
  topics?: string[];

  @ApiPropertyOptional({ enum: URGENCIES, default: 'medium' })
  @Optional()
  @IsIn(URGENCIES, { message: `urgency must be one of ${URGENCIES.join(', ')}` })
  urgency?: Urgency;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the need was recorded; defaults to now, never in the future.',
  })
  @Optional()
  @IsInstant('capturedAt must be an ISO 8601 date-time')
  capturedAt?: string;
}
