import { ApiInstant, isoInstant, isoInstantOrNull } from '../../common/mapping/instant.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PersonalContact } from '../../auth/index.js';
import type { Response } from 'express';
import { withEtag } from '../../common/http/etag.js';
import { PageOf } from '../../common/pagination/page.js';
import { SolutionRef, type SolutionRefData } from '../../solutions/index.js';
import { UNMET_CONDITIONS, type UnmetCondition } from '../case-state-machine.js';
import { CASE_STATUSES, type CaseStatus } from '../case-status.js';
import type { CaseSummaryView, CaseView } from '../transfer-cases.service.js';

/** Where the need's suggestions placed a candidate when it was added from them. */
export class CandidateSuggestion {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: 'Place among the suggestions, 1 = best.',
  })
  rank: number;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.4213, description: "The suggestion's score then." })
  score: number;
}

export class CandidateResponse {
  @ApiProperty({ type: SolutionRef })
  solution: SolutionRef;

  @ApiProperty()
  rationale: string;

  @ApiInstant()
  addedAt: string;

  @ApiProperty({
    type: CandidateSuggestion,
    nullable: true,
    description:
      'Set when the candidate came from the suggestions; candidates added together are listed in this order.',
  })
  suggestion: CandidateSuggestion | null;
}

export class OutcomeResponse {
  @ApiProperty({ type: String, format: 'date', example: '2026-11-01', nullable: true })
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
    enum: UNMET_CONDITIONS,
    isArray: true,
    description: 'What is still missing; `reason`, a choice or an outcome may also come with the request.',
  })
  missing: UnmetCondition[];
}

/** The cohort a case is in, or the transfer team supporting it. */
export class CaseGroupResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'IQ-Kohorte Ostsachsen', description: 'The cohort’s title or the team’s name.' })
  name: string;

  @ApiProperty({
    example: 'running',
    description: 'Cohort: forming, running or closed; transfer team: active or closed.',
  })
  status: string;
}

/** A case summary, as in lists. */
export class TransferCaseSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  needId: string;

  @ApiProperty({
    example: 'Ersthelfer-Alarmierung im ländlichen Raum',
    description: 'The title of the need.',
  })
  needTitle: string;

  @ApiProperty({ format: 'uuid' })
  municipalityId: string;

  @ApiProperty({ example: 'Falkenstein/Vogtl.', description: 'The name of the municipality.' })
  municipalityName: string;

  @ApiProperty({
    example: '14523080',
    pattern: '^[0-9]{8}$',
    description: 'The Amtlicher Gemeindeschlüssel of the municipality (8 digits).',
  })
  municipalityAgs: string;

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

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Bumped by every change; also the ETag.' })
  version: number;

  @ApiInstant()
  openedAt: string;

  @ApiInstant()
  updatedAt: string;

  @ApiInstant({ nullable: true })
  closedAt: string | null;

  static from(view: CaseSummaryView): TransferCaseSummary {
    return Object.assign(new TransferCaseSummary(), summaryFields(view));
  }
}

function summaryFields({ transferCase: c, needTitle, municipality }: CaseSummaryView) {
  return {
    id: c.id,
    needId: c.needId,
    needTitle,
    municipalityId: c.municipalityId,
    municipalityName: municipality.name,
    municipalityAgs: municipality.ags,
    regionId: c.regionId,
    stateCode: c.stateCode,
    assigneeId: c.assigneeId,
    status: c.status,
    chosenSolutionId: c.chosenSolutionId,
    version: c.version,
    openedAt: isoInstant(c.openedAt),
    updatedAt: isoInstant(c.updatedAt),
    closedAt: isoInstantOrNull(c.closedAt),
  };
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
  @PersonalContact()
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

  @ApiProperty({
    type: CaseGroupResponse,
    nullable: true,
    description: 'The cohort the case implements its solution in, together with other municipalities.',
  })
  cohort: CaseGroupResponse | null;

  @ApiProperty({
    type: CaseGroupResponse,
    nullable: true,
    description: 'The transfer team supporting the case.',
  })
  transferTeam: CaseGroupResponse | null;

  static fromView(view: CaseView): TransferCaseResponse {
    const { transferCase: c, candidates, solutions, transitions, affiliation } = view;
    const ref = (id: string): SolutionRefData => solutions.get(id) ?? { id, slug: '', title: '' };
    return Object.assign(new TransferCaseResponse(), {
      ...summaryFields(view),
      candidates: candidates.map((candidate) => ({
        solution: ref(candidate.solutionId),
        rationale: candidate.rationale,
        addedAt: isoInstant(candidate.addedAt),
        suggestion:
          candidate.suggestionRank !== null && candidate.suggestionScore !== null
            ? { rank: candidate.suggestionRank, score: candidate.suggestionScore }
            : null,
      })),
      chosenSolution: c.chosenSolutionId ? ref(c.chosenSolutionId) : null,
      originContact: c.originContact,
      outcome:
        c.implementedOn || c.outcomeNote || c.measuredEffect
          ? { implementedOn: c.implementedOn, note: c.outcomeNote, measuredEffect: c.measuredEffect }
          : null,
      cancelReason: c.cancelReason,
      transitions,
      cohort: affiliation.cohort,
      transferTeam: affiliation.transferTeam,
    });
  }
}

export class TransferCasePage extends PageOf(TransferCaseSummary) {}

/** The case page with its version as ETag: every read and every write of a case answers with it. */
export function casePage(res: Response, view: CaseView): TransferCaseResponse {
  return withEtag(res, TransferCaseResponse.fromView(view));
}
