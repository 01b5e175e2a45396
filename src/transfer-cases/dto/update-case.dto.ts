import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';

export class UpdateCaseDto {
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'A pilot of the case’s region; null unassigns.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'While recherchiert: one of the candidates.' })
  @Optional()
  @IsUUID('all', { message: 'chosenSolutionId must be a UUID' })
  chosenSolutionId?: string;

  @ApiPropertyOptional({
    description: 'While recherchiert: how the contact to the origin municipality was made.',
  })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  originContact?: string;

  @ApiPropertyOptional({ description: 'Once umgesetzt: the effect measured since.' })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  measuredEffect?: string;

  @ApiPropertyOptional({ description: 'The version the change is based on (or send If-Match).' })
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
