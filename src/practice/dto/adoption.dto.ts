import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsCalendarDate } from '../../common/validation/instant.decorator.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import { FOLLOW_UP_STATUSES } from '../practice-enums.js';

/** A write based on a version the caller saw (or If-Match). */
export class VersionedWriteDto {
  @ApiPropertyOptional({ description: 'The version the change is based on (or send If-Match); stale → 412.' })
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class AdoptionListQuery extends PageQuery {}

export class UpdateAdoptionDto extends VersionedWriteDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 5000,
    description: 'How this municipality adapted the solution (a variant); null: taken over as it was.',
    example: 'Statt einer App ein SMS-Verfahren, weil die Leitstelle keine App-Schnittstelle hat.',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  variantNote?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The earlier adoption of the same solution this municipality learned from; null: it learned from the origin.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'learnedFromAdoptionId must be a UUID' })
  learnedFromAdoptionId?: string | null;
}

export const FOLLOW_UP_FILTERS = [...FOLLOW_UP_STATUSES, 'pending'] as const;

export class FollowUpListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: FOLLOW_UP_FILTERS,
    description:
      '`overdue`: no result and due before today; `due`: no result yet, due today or later; `pending`: both.',
  })
  @IsOptional()
  @IsIn(FOLLOW_UP_FILTERS, { message: `status must be one of ${FOLLOW_UP_FILTERS.join(', ')}` })
  status?: (typeof FOLLOW_UP_FILTERS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Follow-ups of adoptions in this region.' })
  @IsOptional()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Follow-ups this pilot is responsible for (the case’s pilot).',
  })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'solutionId must be a UUID' })
  solutionId?: string;
}

export class MeasuredEffectDto {
  @ApiPropertyOptional({
    example: 12.5,
    description: 'The measured value (kept to two decimals); needs a unit.',
  })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'measuredEffect.value must be a number' })
  @Min(-999_999_999_999)
  @Max(999_999_999_999)
  value?: number;

  @ApiPropertyOptional({ maxLength: 50, example: 'Minuten schnellere Ersthilfe' })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(50)
  unit?: string;

  @ApiPropertyOptional({
    maxLength: 5000,
    example: 'Median der Eintreffzeit der Ersthelfenden gegenüber 2025.',
  })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  text?: string;
}

export class RecordFollowUpDto extends VersionedWriteDto {
  @ApiProperty({ description: 'Is the solution still in use?' })
  @IsBoolean({ message: 'stillInUse must be true or false' })
  stillInUse: boolean;

  @ApiProperty({ type: String, format: 'date', description: 'When it was checked; not in the future.' })
  @IsCalendarDate('observedOn')
  observedOn: string;

  @ApiPropertyOptional({ type: MeasuredEffectDto })
  @Optional()
  @ValidateNested()
  @Type(() => MeasuredEffectDto)
  measuredEffect?: MeasuredEffectDto;
}
