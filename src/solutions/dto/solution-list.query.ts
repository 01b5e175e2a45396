import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsBooleanQuery } from '../../common/validation/boolean-query.decorator.js';
import { SearchText } from '../../search/index.js';
import { THEMES, type Theme } from '../solution-enums.js';
import { SLUG_PATTERN } from '../../common/validation/patterns.js';

export const SOLUTION_STATUS_FILTERS = ['active', 'archived', 'nominated', 'declined', 'all'] as const;

export class SolutionListQuery extends PageQuery {
  @SearchText()
  q?: string;

  @ApiPropertyOptional({ enum: THEMES })
  @IsOptional()
  @IsIn(THEMES, { message: `theme must be one of ${THEMES.join(', ')}` })
  theme?: Theme;

  @ApiPropertyOptional({ example: 'notfallversorgung' })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'topic must be a topic slug' })
  @MaxLength(50)
  topic?: string;

  @ApiPropertyOptional({ example: 'bewaehrt-vor-ort-2024' })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'seal must be a seal slug' })
  @MaxLength(100)
  seal?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Only solutions with (true) or without (false) any seal.',
  })
  @IsOptional()
  @IsBooleanQuery()
  hasSeal?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'originMunicipalityId must be a UUID' })
  originMunicipalityId?: string;

  @ApiPropertyOptional({ enum: SOLUTION_STATUS_FILTERS, default: 'active' })
  @IsOptional()
  @IsIn(SOLUTION_STATUS_FILTERS, { message: `status must be one of ${SOLUTION_STATUS_FILTERS.join(', ')}` })
  status: (typeof SOLUTION_STATUS_FILTERS)[number] = 'active';
}
