import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '../../common/validation/instant.decorator.js';
import { IsIn, IsInt, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { CASE_STATUSES, type CaseStatus } from '../case-status.js';

export class TransitionDto {
  @ApiProperty({ enum: CASE_STATUSES, example: 'recherchiert' })
  @IsIn(CASE_STATUSES, { message: `to must be one of ${CASE_STATUSES.join(', ')}` })
  to: CaseStatus;

  @ApiPropertyOptional({ description: 'Free note for the timeline.' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({ description: 'Required for abgebrochen and for vermittelt → recherchiert.' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For vermittelt: the chosen candidate.' })
  @Optional()
  @IsUUID('all', { message: 'chosenSolutionId must be a UUID' })
  chosenSolutionId?: string;

  @ApiPropertyOptional({
    description: 'For vermittelt: how the contact to the origin municipality was made.',
  })
  @Optional()
  @IsString()
  @MaxLength(2000)
  originContact?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-11-01',
    description: 'For umgesetzt: the implementation date (YYYY-MM-DD), not in the future.',
  })
  @Optional()
  @IsCalendarDate('implementedOn')
  implementedOn?: string;

  @ApiPropertyOptional({ description: 'For umgesetzt: what came of it.' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  outcomeNote?: string;

  @ApiPropertyOptional({ description: 'For umgesetzt: a measured effect, if already known.' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  measuredEffect?: string;

  @ApiPropertyOptional({
    description: 'The version the transition is based on (or send If-Match); stale → 412.',
  })
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
