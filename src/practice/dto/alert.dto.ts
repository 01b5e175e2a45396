import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import { ALERT_STATUSES, type AlertStatus } from '../practice-enums.js';

export const ALERT_STATUS_FILTERS = [...ALERT_STATUSES, 'all'] as const;

export class AlertListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUS_FILTERS, default: 'open' })
  @IsOptional()
  @IsIn(ALERT_STATUS_FILTERS, { message: `status must be one of ${ALERT_STATUS_FILTERS.join(', ')}` })
  status: (typeof ALERT_STATUS_FILTERS)[number] = 'open';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Alerts of needs in this region. A pilot sees her own regions’ alerts without it.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'needId must be a UUID' })
  needId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'solutionId must be a UUID' })
  solutionId?: string;
}

export class AcceptAlertDto {
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Why the solution is a candidate; by default written from the alert’s reasons.',
  })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  rationale?: string;
}

export class DismissAlertDto {
  @ApiProperty({ maxLength: 2000, example: 'Die Gemeinde hat bereits eine eigene Lösung beauftragt.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}

export type { AlertStatus };
