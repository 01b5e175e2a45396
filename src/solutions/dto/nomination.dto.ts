import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { MAX_TEXT } from '../../common/validation/patterns.js';
import { CreateSolutionDto } from './create-solution.dto.js';

/**
 * A practice a pilot found in a municipality of her region, proposed as a solution: where it
 * was built and what it solves are required, the evidence so far goes to `impactEvidence`.
 */
export class NominateSolutionDto extends PickType(CreateSolutionDto, [
  'slug',
  'title',
  'theme',
  'summary',
  'approach',
  'impactEvidence',
  'topics',
  'effort',
  'transferMaterials',
  'contact',
] as const) {
  @ApiProperty({
    format: 'uuid',
    description: 'The municipality that built it (in the nominating pilot’s region).',
  })
  @IsUUID('all', { message: 'originMunicipalityId must be a UUID' })
  originMunicipalityId: string;

  @ApiProperty({ maxLength: MAX_TEXT, description: 'What it solves: the problem the municipality had.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_TEXT)
  problem: string;
}

export const REVIEW_DECISIONS = ['active', 'declined'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export class ReviewNominationDto {
  @ApiProperty({
    enum: REVIEW_DECISIONS,
    description: '`active` takes it into the catalogue (suggested from now on); `declined` does not.',
  })
  @IsIn(REVIEW_DECISIONS, { message: `decision must be one of ${REVIEW_DECISIONS.join(', ')}` })
  decision: ReviewDecision;

  @ApiProperty({
    maxLength: 2000,
    description: 'The review note: why it is taken up, or the reason it is declined.',
    example: 'Wirkung in zwei Jahren belegt; Materialien übertragbar.',
  })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  note: string;
}

export const NOMINATION_STATUS_FILTERS = ['nominated', 'declined', 'active', 'all'] as const;

export class NominationListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: NOMINATION_STATUS_FILTERS,
    default: 'nominated',
    description:
      '`nominated`: the reviewers’ queue; `active`: nominations taken up; `declined`; `all` of them.',
  })
  @IsOptional()
  @IsIn(NOMINATION_STATUS_FILTERS, {
    message: `status must be one of ${NOMINATION_STATUS_FILTERS.join(', ')}`,
  })
  status: (typeof NOMINATION_STATUS_FILTERS)[number] = 'nominated';
}
