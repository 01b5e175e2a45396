import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { SearchText } from '../../search/index.js';
import { SLUG_PATTERN } from '../../common/validation/patterns.js';
import { IsStateCode, STATE_CODES } from '../../states/index.js';
import {
  NEED_SOURCES,
  NEED_STATUSES,
  URGENCIES,
  type NeedSource,
  type NeedStatus,
  type Urgency,
} from '../need-enums.js';
import { FITS, type Fit } from '../suggestions/suggestion-ranking.js';

export class NeedListQuery extends PageQuery {
  @SearchText()
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'municipalityId must be a UUID' })
  municipalityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Needs of the municipalities in this region.' })
  @IsOptional()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string;

  @ApiPropertyOptional({ enum: STATE_CODES })
  @IsOptional()
  @IsStateCode()
  stateCode?: string;

  @ApiPropertyOptional({ enum: NEED_STATUSES })
  @IsOptional()
  @IsIn(NEED_STATUSES, { message: `status must be one of ${NEED_STATUSES.join(', ')}` })
  status?: NeedStatus;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES, { message: `urgency must be one of ${URGENCIES.join(', ')}` })
  urgency?: Urgency;

  @ApiPropertyOptional({ enum: NEED_SOURCES })
  @IsOptional()
  @IsIn(NEED_SOURCES, { message: `source must be one of ${NEED_SOURCES.join(', ')}` })
  source?: NeedSource;

  @ApiPropertyOptional({ example: 'buergerservice' })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'topic must be a topic slug' })
  @MaxLength(50)
  topic?: string;

  @ApiPropertyOptional({
    enum: FITS,
    description:
      'Needs whose best suggestion fits so (see `bestFit` on a need). `weak`: the needs the catalogue does ' +
      'not answer yet, the discovery list of catalogue gaps (with `status=open`).',
  })
  @IsOptional()
  @IsIn(FITS, { message: `bestFit must be one of ${FITS.join(', ')}` })
  bestFit?: Fit;
}
