import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { SolutionResponse } from '../../solutions/dto/solution.response.js';
import { PageOf } from '../../common/pagination/page.js';
import { CASE_STATUSES, type CaseStatus } from '../case-status.js';
import type { UnmetCondition } from '../case-state-machine.js';

export class SolutionRef extends PickType(SolutionResponse, ['id', 'slug', 'title'] as const) {}

export class CandidateResponse {
  @ApiProperty({ type: SolutionRef })
  solution: SolutionRef;

  @ApiProperty()
  rationale: string;

  @ApiProperty()
  addedAt: Date;
}

export class OutcomeResponse {
  @ApiProperty({ type: String, example: '2026-11-01', nullable: true })
  implementedOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: String, nullable: true })
  measuredEffect: string | null;
}

export class AvailableTransition {
  @ApiProperty({ enum: CASE_STATUSES })
  to: CaseStatus;

  @ApiProperty({ description: 'True when the case already meets every condition of this move.' })
  ready: boolean;

  @ApiProperty({
    type: [String],
    description: 'What is still missing; `reason`, a choice or an outcome may also come with the request.',
  })
  missing: UnmetCondition[];
}

/** A case summary, as in lists. */
export class TransferCaseSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  needId: string;

  @ApiProperty({ format: 'uuid' })
  municipalityId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  regionId: string | null;

  @ApiProperty({ example: 'DE-SN' })
  stateCode: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId: string | null;

  @ApiProperty({ enum: CASE_STATUSES })
  status: CaseStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  chosenSolutionId: string | null;

  @ApiProperty({ description: 'Bumped by every change; also the ETag.' })
  version: number;

  @ApiProperty()
  openedAt: Date;

  @ApiProperty()
  updatedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: Date | null;
}

/** A case with everything a desk tool shows on the case page. */
export class TransferCaseResponse extends TransferCaseSummary {
  @ApiProperty({ type: [CandidateResponse] })
  candidates: CandidateResponse[];

  @ApiProperty({ type: SolutionRef, nullable: true })
  chosenSolution: SolutionRef | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Not shown to analysts (personal contact data).',
  })
  originContact?: string | null;

  @ApiProperty({ type: OutcomeResponse, nullable: true })
  outcome: OutcomeResponse | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason: string | null;

  @ApiProperty({
    type: [AvailableTransition],
    description: 'The moves the caller may take now, if she may write.',
  })
  transitions: AvailableTransition[];
}

export class TransferCasePage extends PageOf(TransferCaseSummary) {}
