import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemDetails } from '../../common/problems/problem-details.js';
import { COHORT_CONDITIONS, type CohortCondition } from '../cohort-rules.js';
import { COHORT_STATUSES, type CohortStatus } from '../cohort-status.js';
import { MemberMoveResponse } from './group.response.js';

/** 409: the cohort has no such move from its status. */
export class CohortTransitionRefusedProblem extends ProblemDetails {
  @ApiProperty({ enum: COHORT_STATUSES, isArray: true, example: ['closed'] })
  allowedTargets: CohortStatus[];
}

/** 422: the move exists, but conditions of it are not met. */
export class CohortUnmetConditionsProblem extends ProblemDetails {
  @ApiProperty({ enum: COHORT_CONDITIONS, isArray: true, example: ['two_members', 'milestone'] })
  unmetConditions: CohortCondition[];
}

/** 409 on a move together: the cohort is not running, or no one moved (then each member with why it stayed). */
export class NoMemberMovedProblem extends ProblemDetails {
  @ApiPropertyOptional({ type: [MemberMoveResponse], description: 'Set when no member was ready.' })
  members?: MemberMoveResponse[];
}
