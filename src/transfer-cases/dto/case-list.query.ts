import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstant } from '../../common/validation/instant.decorator.js';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsStateCode, STATE_CODES } from '../../states/index.js';
import { CASE_STATUSES, type CaseStatus } from '../case-status.js';

const uuid = (field: string) => IsUUID('all', { message: `${field} must be a UUID` });
const instant = (field: string) => IsInstant(`${field} must be an ISO 8601 date or date-time`);

export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `status must be one of ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: STATE_CODES })
  @IsOptional()
  @IsStateCode()
  stateCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @uuid('regionId')
  regionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @uuid('municipalityId')
  municipalityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The cases of one need (at most one open).' })
  @IsOptional()
  @uuid('needId')
  needId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @uuid('assigneeId')
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Cases that chose this solution.' })
  @IsOptional()
  @uuid('solutionId')
  solutionId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened at or after.' })
  @IsOptional()
  @instant('openedFrom')
  openedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened before.' })
  @IsOptional()
  @instant('openedTo')
  openedTo?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Last changed at or after.' })
  @IsOptional()
  @instant('changedFrom')
  changedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Last changed before.' })
  @IsOptional()
  @instant('changedTo')
  changedTo?: string;
}
