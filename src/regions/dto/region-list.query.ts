import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsStateCode, STATE_CODES } from '../../states/index.js';

export class RegionListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'DE-SN', enum: STATE_CODES })
  @IsOptional()
  @IsStateCode()
  stateCode?: string;
}
