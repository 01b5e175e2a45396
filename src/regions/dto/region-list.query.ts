import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { STATE_CODES } from '../../states/state-codes.js';
import { IsStateCode } from '../../states/is-state-code.decorator.js';

export class RegionListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'DE-SN', enum: STATE_CODES })
  @IsOptional()
  @IsStateCode()
  stateCode?: string;
}
