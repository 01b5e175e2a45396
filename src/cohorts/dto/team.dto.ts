import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import { TEAM_STATUSES, type TeamStatus } from '../cohort-status.js';

export class OriginContactDto {
  @ApiProperty({ example: 'Dr. Maria Beispiel' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Leiterin Organisationsentwicklung' })
  @Optional()
  @IsString()
  @MaxLength(200)
  role?: string;

  @ApiPropertyOptional({ example: 'iq@example.org' })
  @Optional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+49 721 0000000' })
  @Optional()
  @IsString()
  @Matches(/^[+0-9 ()/-]{3,40}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

/** The version a write is based on, for writes that bring nothing else. */
export class GroupWriteDto {
  @ApiPropertyOptional({ description: 'The version the change is based on (or send If-Match); stale → 412.' })
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class CreateTeamDto {
  @ApiProperty({ format: 'uuid', description: 'The (active) solution the team supports transfers of.' })
  @IsUUID('all', { message: 'solutionId must be a UUID' })
  solutionId: string;

  @ApiProperty({ example: 'Transferteam IQ Karlsruhe', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Users in the team: pilots, Transferstelle staff or admins.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'each of memberIds must be a UUID' })
  memberIds?: string[];

  @ApiPropertyOptional({
    type: [OriginContactDto],
    description: 'People of the origin municipality the team works with; not shown to analysts.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OriginContactDto)
  originContacts?: OriginContactDto[];
}

export class UpdateTeamDto extends GroupWriteDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({ enum: TEAM_STATUSES, description: 'closed ends the team; active opens it again.' })
  @Optional()
  @IsIn(TEAM_STATUSES, { message: `status must be one of ${TEAM_STATUSES.join(', ')}` })
  status?: TeamStatus;

  @ApiPropertyOptional({ type: [OriginContactDto], description: 'Replaces the list; not shown to analysts.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OriginContactDto)
  originContacts?: OriginContactDto[];
}

export class TeamListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TEAM_STATUSES })
  @Optional()
  @IsIn(TEAM_STATUSES, { message: `status must be one of ${TEAM_STATUSES.join(', ')}` })
  status?: TeamStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'solutionId must be a UUID' })
  solutionId?: string;
}
