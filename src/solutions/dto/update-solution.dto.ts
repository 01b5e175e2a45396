import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { SOLUTION_STATUSES, type SolutionStatus } from '../solution-enums.js';
import { CreateSolutionDto } from './create-solution.dto.js';

export class UpdateSolutionDto extends PartialType(CreateSolutionDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: SOLUTION_STATUSES, description: '`active` brings an archived solution back.' })
  @Optional()
  @IsIn(SOLUTION_STATUSES, { message: `status must be one of ${SOLUTION_STATUSES.join(', ')}` })
  status?: SolutionStatus;
}
