import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsStateCode, STATE_CODES } from '../../states/index.js';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '../municipality-kind.js';

export class MunicipalityListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATE_CODES, example: 'DE-SN' })
  @IsOptional()
  @IsStateCode()
  stateCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string;

  @ApiPropertyOptional({ enum: MUNICIPALITY_KINDS })
  @IsOptional()
  @IsIn(MUNICIPALITY_KINDS, { message: `kind must be one of ${MUNICIPALITY_KINDS.join(', ')}` })
  kind?: MunicipalityKind;

  @ApiPropertyOptional({ description: 'Case-insensitive name prefix, e.g. `dres`.', example: 'Dres' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}
