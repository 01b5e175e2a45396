import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiIfMatch, ETAG_HEADERS, withEtag } from '../common/http/etag.js';
import { expectedVersionOf, IfMatchVersion } from '../common/http/if-match.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { COHORT_IF_MATCH, COHORT_MANAGERS, GROUP_READERS, MEMBER_WRITERS } from './cohort-access.js';
import { CohortsService } from './cohorts.service.js';
import {
  AddMemberDto,
  CohortListQuery,
  CohortMoveDto,
  CohortStatusTransitionDto,
  CreateCohortDto,
  CreateMilestoneDto,
  MilestoneProgressDto,
  UpdateCohortDto,
  UpdateMilestoneDto,
} from './dto/cohort.dto.js';
import {
  CohortTransitionRefusedProblem,
  CohortUnmetConditionsProblem,
  NoMemberMovedProblem,
} from './dto/group-problems.js';
import { CohortMoveResponse, CohortPage, CohortResponse, CohortSummary } from './dto/group.response.js';
import type { CohortView } from './views.js';

function cohortPage(res: Response, view: CohortView): CohortResponse {
  return withEtag(res, CohortResponse.fromView(view));
}

@ApiTags('cohorts')
@Controller('cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Post()
  @Access(COHORT_MANAGERS)
  @ApiOperation({
    operationId: 'formCohort',
    summary: 'Form a cohort: several municipalities implementing one solution together',
    description:
      'Starts `forming`. The facilitator is an active pilot or a member of the cohort’s transfer team (422 otherwise); a pilot ' +
      'forms cohorts she facilitates herself (403 otherwise).',
  })
  @ApiCreatedResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 422)
  async create(
    @Auth() caller: Caller,
    @Body() dto: CreateCohortDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(res, await this.cohorts.create(caller, dto));
  }

  @Get()
  @Access(GROUP_READERS)
  @ApiOperation({
    operationId: 'listCohorts',
    summary: 'List cohorts, newest first, by status, solution, facilitator and team',
    description: 'Each item carries its solution and member count.',
  })
  @ApiOkResponse({ type: CohortPage })
  @ApiProblems(400)
  async list(@Query() query: CohortListQuery): Promise<CohortPage> {
    return mapPage(await this.cohorts.list(query), CohortSummary.from);
  }

  @Get(':id')
  @Access(GROUP_READERS)
  @ApiOperation({
    operationId: 'getCohort',
    summary: 'The cohort page: each member’s case status, days in stage, milestone progress, who is behind',
    description:
      'A constant number of queries whatever the number of members. `transitions` lists the cohort’s own moves for whoever ' +
      'leads it. The ETag carries the version.',
  })
  @ApiOkResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404)
  async get(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(res, await this.cohorts.view(caller, id));
  }

  @Patch(':id')
  @Access(COHORT_MANAGERS)
  @ApiIfMatch(COHORT_IF_MATCH)
  @ApiOperation({
    operationId: 'updateCohort',
    summary: 'Retitle the cohort, change its facilitator or transfer team',
    description: 'For the Transferstelle and the facilitator (403 otherwise). Stale If-Match → 412.',
  })
  @ApiOkResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 412, 422)
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: UpdateCohortDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(
      res,
      await this.cohorts.update(caller, id, dto, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }

  @Post(':id/status-transitions')
  @Access(COHORT_MANAGERS)
  @HttpCode(200)
  @ApiIfMatch(COHORT_IF_MATCH)
  @ApiOperation({
    operationId: 'transitionCohort',
    summary: 'Move the cohort itself: forming → running → closed',
    description:
      'running needs two members and a milestone; closing a forming cohort needs a reason, a running one every member case ' +
      'ended or a reason. 409 for a move the cohort does not have (`allowedTargets`), 422 listing every unmet condition, 412 stale.',
  })
  @ApiOkResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(
    400,
    403,
    404,
    412,
    {
      status: 409,
      type: CohortTransitionRefusedProblem,
      description: 'No such move from the cohort’s status.',
    },
    { status: 422, type: CohortUnmetConditionsProblem, description: 'Conditions of the move are not met.' },
  )
  async transition(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: CohortStatusTransitionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(
      res,
      await this.cohorts.transition(caller, id, dto, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }

  @Post(':id/transitions')
  @Access(COHORT_MANAGERS)
  @HttpCode(200)
  @ApiIfMatch(COHORT_IF_MATCH)
  @ApiOperation({
    operationId: 'moveCohortMembers',
    summary: 'Move every member case that is ready to the same next stage, in one transaction',
    description:
      'Each case through its own guards, with the cohort’s solution as its choice and the shared facts where it has none of ' +
      'its own; each moved case gets its own timeline entry and change record. `moves` lists per member moved or why not ' +
      '(unmet conditions, wrong stage, stale: its version differs from the one sent in `members`). While the cohort is running ' +
      '(409 otherwise); 409 `no-member-moved` when no one was ready; 412 when the cohort’s version is stale, so of two ' +
      'concurrent moves sent with the same version exactly one wins.',
  })
  @ApiOkResponse({ type: CohortMoveResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 412, 422, {
    status: 409,
    type: NoMemberMovedProblem,
    description: 'The cohort is not running, or no member was ready (`members` says why each stayed).',
  })
  async move(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: CohortMoveDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortMoveResponse> {
    const moved = await this.cohorts.move(caller, id, dto, expectedVersionOf(ifMatch, dto.expectedVersion));
    return withEtag(res, CohortMoveResponse.fromMove(moved));
  }

  @Post(':id/members')
  @Access(MEMBER_WRITERS)
  @ApiIfMatch(COHORT_IF_MATCH)
  @ApiOperation({
    operationId: 'addCohortMember',
    summary: 'A case joins the cohort',
    description:
      'The cohort’s solution must be the case’s choice or a candidate and the case still open (422); one case per ' +
      'municipality, a case in one cohort, none into a closed cohort (409). Pilots add cases of their regions (403 otherwise).',
  })
  @ApiCreatedResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async addMember(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: AddMemberDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(
      res,
      await this.cohorts.addMember(caller, id, dto.caseId, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }

  @Delete(':id/members/:caseId')
  @Access(MEMBER_WRITERS)
  @ApiIfMatch(COHORT_IF_MATCH)
  @ApiOperation({
    operationId: 'removeCohortMember',
    summary: 'A case leaves the cohort, with its milestone progress',
    description: 'Its own pilot or whoever leads the cohort. 404 when the case is not a member.',
  })
  @ApiOkResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 412)
  async removeMember(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @UuidParam('caseId') caseId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(res, await this.cohorts.removeMember(caller, id, caseId, ifMatch));
  }

  @Post(':id/milestones')
  @Access(COHORT_MANAGERS)
  @ApiIfMatch(COHORT_IF_MATCH)
  @ApiOperation({
    operationId: 'addCohortMilestone',
    summary: 'Add a shared milestone with its due date',
    description: 'For the Transferstelle and the facilitator; not in a closed cohort (409).',
  })
  @ApiCreatedResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 409, 412)
  async addMilestone(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: CreateMilestoneDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(
      res,
      await this.cohorts.addMilestone(caller, id, dto, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }

  @Patch(':id/milestones/:milestoneId')
  @Access(COHORT_MANAGERS)
  @ApiIfMatch(COHORT_IF_MATCH)
  @ApiOperation({
    operationId: 'updateCohortMilestone',
    summary: 'Retitle a milestone or move its due date',
    description: 'For the Transferstelle and the facilitator.',
  })
  @ApiOkResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 412)
  async updateMilestone(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @UuidParam('milestoneId') milestoneId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: UpdateMilestoneDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(
      res,
      await this.cohorts.updateMilestone(
        caller,
        id,
        milestoneId,
        dto,
        expectedVersionOf(ifMatch, dto.expectedVersion),
      ),
    );
  }

  @Put(':id/milestones/:milestoneId/members/:caseId')
  @Access(MEMBER_WRITERS)
  @ApiIfMatch(COHORT_IF_MATCH)
  @ApiOperation({
    operationId: 'recordMilestoneProgress',
    summary: 'Record whether a member reached a milestone',
    description:
      'Its own pilot or whoever leads the cohort. `doneOn` defaults to today and may not be in the future (422). Repeating ' +
      'what is recorded changes nothing.',
  })
  @ApiOkResponse({ type: CohortResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 412, 422)
  async setProgress(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @UuidParam('milestoneId') milestoneId: string,
    @UuidParam('caseId') caseId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: MilestoneProgressDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortResponse> {
    return cohortPage(
      res,
      await this.cohorts.setProgress(
        caller,
        id,
        milestoneId,
        caseId,
        dto,
        expectedVersionOf(ifMatch, dto.expectedVersion),
      ),
    );
  }
}
