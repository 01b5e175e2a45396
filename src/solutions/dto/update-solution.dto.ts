import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
const CATALOGUE_STATUSES = ['active', 'archived'] as const;
import { CreateSolutionDto } from './create-solution.dto.js';

export class UpdateSolutionDto extends PartialType(CreateSolutionDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    enum: CATALOGUE_STATUSES,
    description: '`active` brings an archived solution back.',
  })
  @Optional()
  @IsIn(CATALOGUE_STATUSES, { message: `status must be one of ${CATALOGUE_STATUSES.join(', ')}` })
  status?: (typeof CATALOGUE_STATUSES)[number];
}
