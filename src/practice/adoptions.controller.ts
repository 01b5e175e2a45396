import { Body, Controller, Get, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiIfMatch, ETAG_HEADERS, withEtag } from '../common/http/etag.js';
import { expectedVersionOf, IfMatchVersion } from '../common/http/if-match.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { Adoptions } from './adoptions.service.js';
import {
  AdoptionListQuery,
  FollowUpListQuery,
  RecordFollowUpDto,
  UpdateAdoptionDto,
} from './dto/adoption.dto.js';
import {
  AdoptionLineageResponse,
  AdoptionResponse,
  FollowUpDetailResponse,
  FollowUpPage,
  FollowUpResponse,
} from './dto/practice.response.js';
import { PRACTICE_READERS, PRACTICE_WRITERS } from './practice-access.js';

@ApiTags('adoptions')
@Controller()
export class AdoptionsController {
  constructor(private readonly adoptions: Adoptions) {}

  @Get('solutions/:id/adoptions')
  @Access(PRACTICE_READERS)
  @ApiTags('solutions')
  @ApiOperation({
    operationId: 'listSolutionAdoptions',
    summary: 'Adoption lineage: the origin and every municipality that implemented a solution',
    description:
      'First implemented first, each with its date, whether and how it adapted the solution, the earlier ' +
      'adopter it learned from (null: the origin) and its follow-ups; `counts` cover all adoptions.',
  })
  @ApiOkResponse({ type: AdoptionLineageResponse })
  @ApiProblems(400, 404)
  async lineage(
    @UuidParam('id') id: string,
    @Query() query: AdoptionListQuery,
  ): Promise<AdoptionLineageResponse> {
    return AdoptionLineageResponse.from(await this.adoptions.lineage(id, query));
  }

  @Get('adoptions/:id')
  @Access(PRACTICE_READERS)
  @ApiOperation({ operationId: 'getAdoption', summary: 'One adoption', description: 'With its follow-ups.' })
  @ApiOkResponse({ type: AdoptionResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404)
  async get(
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdoptionResponse> {
    return withEtag(res, AdoptionResponse.from(await this.adoptions.get(id)));
  }

  @Patch('adoptions/:id')
  @Access(PRACTICE_WRITERS)
  @ApiIfMatch('The adoption’s ETag (its version) the change is based on; stale → 412.')
  @ApiOperation({
    operationId: 'updateAdoption',
    summary: 'Record how an adoption adapted the solution and whom it learned from',
    description:
      'Its region’s pilot, the Transferstelle, admins. `learnedFromAdoptionId` must be an earlier adoption of ' +
      'the same solution (422); null: the origin. Repeating what is stored changes nothing.',
  })
  @ApiOkResponse({ type: AdoptionResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 412, 422)
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: UpdateAdoptionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdoptionResponse> {
    const view = await this.adoptions.update(
      caller,
      id,
      dto,
      expectedVersionOf(ifMatch, dto.expectedVersion),
    );
    return withEtag(res, AdoptionResponse.from(view));
  }
}

@ApiTags('follow-ups')
@Controller('follow-ups')
export class FollowUpsController {
  constructor(private readonly adoptions: Adoptions) {}

  @Get()
  @Access(PRACTICE_READERS)
  @ApiOperation({
    operationId: 'listFollowUps',
    summary: 'Impact follow-ups by due date: what is overdue, per pilot and region',
    description:
      'Each implemented case gets follow-ups (default 6 and 12 months after its implementation date). ' +
      '`status=overdue` with `assigneeId` is a pilot’s to-do list, with `regionId` a region’s.',
  })
  @ApiOkResponse({ type: FollowUpPage })
  @ApiProblems(400)
  async list(@Query() query: FollowUpListQuery): Promise<FollowUpPage> {
    return mapPage(await this.adoptions.followUpList(query), FollowUpResponse.fromList);
  }

  @Get(':id')
  @Access(PRACTICE_READERS)
  @ApiOperation({
    operationId: 'getFollowUp',
    summary: 'One follow-up',
    description: 'With every result recorded.',
  })
  @ApiOkResponse({ type: FollowUpDetailResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404)
  async get(
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FollowUpDetailResponse> {
    return withEtag(res, FollowUpDetailResponse.fromDetail(await this.adoptions.followUp(id)));
  }

  @Post(':id/results')
  @Access(PRACTICE_WRITERS)
  @ApiIfMatch('The follow-up’s ETag (its version) the result is based on; stale → 412.')
  @ApiOperation({
    operationId: 'recordFollowUpResult',
    summary: 'Record what a follow-up found: still in use, the measured effect',
    description:
      'Its region’s pilot, the Transferstelle, admins. Every result is kept; a later one corrects an earlier one ' +
      'and the latest observation counts for the solution’s evidence. `observedOn` not in the future (422).',
  })
  @ApiCreatedResponse({ type: FollowUpDetailResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 412, 422)
  async record(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: RecordFollowUpDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FollowUpDetailResponse> {
    const view = await this.adoptions.recordResult(
      caller,
      id,
      dto,
      expectedVersionOf(ifMatch, dto.expectedVersion),
    );
    return withEtag(res, FollowUpDetailResponse.fromDetail(view));
  }
}
