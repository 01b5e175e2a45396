import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { STATE_CODES } from '../../states/state-codes.js';

export class RegionListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'DE-SN', enum: STATE_CODES })
  @IsOptional()
  @IsIn(STATE_CODES, { message: 'stateCode must be one of the ISO 3166-2 state codes DE-SH … DE-TH' })
  stateCode?: string;
}
