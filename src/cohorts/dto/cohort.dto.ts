import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsCalendarDate } from '../../common/validation/instant.decorator.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import {
  COHORT_STATUSES,
  GROUP_MOVE_TARGETS,
  type CohortStatus,
  type GroupMoveTarget,
} from '../cohort-status.js';
import { GroupWriteDto } from './team.dto.js';

const uuid = (field: string) => IsUUID('all', { message: `${field} must be a UUID` });

export class CreateCohortDto {
  @ApiProperty({ format: 'uuid', description: 'The (active) solution the members implement together.' })
  @uuid('solutionId')
  solutionId: string;

  @ApiProperty({ example: 'IQ-Kohorte Ostsachsen', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({
    format: 'uuid',
    description: 'Who leads the cohort: an active pilot, or a member of its transfer team.',
  })
  @uuid('facilitatorId')
  facilitatorId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active transfer team of the same solution.' })
  @Optional()
  @uuid('transferTeamId')
  transferTeamId?: string;
}

export class UpdateCohortDto extends GroupWriteDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @uuid('facilitatorId')
  facilitatorId?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null: no transfer team.' })
  @IsOptional()
  @uuid('transferTeamId')
  transferTeamId?: string | null;
}

export class CohortListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COHORT_STATUSES })
  @Optional()
  @IsIn(COHORT_STATUSES, { message: `status must be one of ${COHORT_STATUSES.join(', ')}` })
  status?: CohortStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @uuid('solutionId')
  solutionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @uuid('facilitatorId')
  facilitatorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @uuid('transferTeamId')
  transferTeamId?: string;
}

export class CohortStatusTransitionDto extends GroupWriteDto {
  @ApiProperty({ enum: COHORT_STATUSES, example: 'running' })
  @IsIn(COHORT_STATUSES, { message: `to must be one of ${COHORT_STATUSES.join(', ')}` })
  to: CohortStatus;

  @ApiPropertyOptional({
    maxLength: 5000,
    description: 'Required to close a forming cohort, or a running one whose members are not all done.',
  })
  @Optional()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class MemberVersionDto {
  @ApiProperty({ format: 'uuid' })
  @uuid('caseId')
  caseId: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The case version the caller saw.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

export class CohortMoveDto extends GroupWriteDto {
  @ApiProperty({ enum: GROUP_MOVE_TARGETS, example: 'vermittelt' })
  @IsIn(GROUP_MOVE_TARGETS, { message: `to must be one of ${GROUP_MOVE_TARGETS.join(', ')}` })
  to: GroupMoveTarget;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'For vermittelt: the shared contact to the origin, for members that have none recorded.',
  })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  originContact?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-11-01',
    description: 'For umgesetzt: the shared implementation date (not in the future).',
  })
  @Optional()
  @IsCalendarDate('implementedOn')
  implementedOn?: string;

  @ApiPropertyOptional({ maxLength: 5000, description: 'For umgesetzt: the shared outcome note.' })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  outcomeNote?: string;

  @ApiPropertyOptional({ maxLength: 5000, description: 'For umgesetzt: a measured effect, if known.' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  measuredEffect?: string;

  @ApiPropertyOptional({ maxLength: 5000, description: 'A note for each moved case’s timeline.' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({
    type: [MemberVersionDto],
    description:
      'The member case versions the caller saw (the cohort page shows them): a member changed since stays where it is (`stale`).',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MemberVersionDto)
  members?: MemberVersionDto[];
}

export class AddMemberDto extends GroupWriteDto {
  @ApiProperty({ format: 'uuid', description: 'A transfer case of a municipality not yet in the cohort.' })
  @uuid('caseId')
  caseId: string;
}

export class CreateMilestoneDto extends GroupWriteDto {
  @ApiProperty({ example: 'Auftaktworkshop mit der Herkunftskommune', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  title: string;

  @ApiProperty({ type: String, format: 'date', example: '2027-01-15' })
  @IsCalendarDate('dueOn')
  dueOn: string;
}

export class UpdateMilestoneDto extends GroupWriteDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2027-01-15' })
  @Optional()
  @IsCalendarDate('dueOn')
  dueOn?: string;
}

export class MilestoneProgressDto extends GroupWriteDto {
  @ApiProperty({ description: 'true: the member reached the milestone; false: not (yet).' })
  @IsBoolean({ message: 'done must be true or false' })
  done: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'When it was reached (default today); not in the future.',
  })
  @Optional()
  @IsCalendarDate('doneOn')
  doneOn?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
