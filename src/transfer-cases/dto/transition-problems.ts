import { ApiProperty } from '@nestjs/swagger';
import { ProblemDetails } from '../../common/problems/problem-details.js';
import { UNMET_CONDITIONS, type UnmetCondition } from '../case-state-machine.js';
import { CASE_STATUSES, type CaseStatus } from '../case-status.js';

/** 409 on a transition: the state machine has no such move from the current status. */
export class TransitionRefusedProblem extends ProblemDetails {
  @ApiProperty({
    enum: CASE_STATUSES,
    isArray: true,
    example: ['recherchiert', 'abgebrochen'],
    description: 'The moves the state machine has from the current status (empty in a final state).',
  })
  allowedTargets: CaseStatus[];
}

/** 422 on a transition: the move exists, but conditions of it are not met. */
export class UnmetConditionsProblem extends ProblemDetails {
  @ApiProperty({
    enum: UNMET_CONDITIONS,
    isArray: true,
    example: ['chosen_solution', 'origin_contact'],
    description: 'Every condition of the move that is not met, so all can be fixed at once.',
  })
  unmetConditions: UnmetCondition[];
}
