import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiIfMatch, ETAG_HEADERS } from '../common/http/etag.js';
import { expectedVersionOf, IfMatchVersion } from '../common/http/if-match.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { TransitionRefusedProblem, UnmetConditionsProblem } from './dto/transition-problems.js';
import { CASE_IF_MATCH, CASE_READERS, CASE_WRITERS } from './case-access.js';
import { CaseListQuery } from './dto/case-list.query.js';
import { OpenCaseDto } from './dto/open-case.dto.js';
import {
  casePage,
  TransferCasePage,
  TransferCaseResponse,
  TransferCaseSummary,
} from './dto/transfer-case.response.js';
import { TransitionDto } from './dto/transition.dto.js';
import { UpdateCaseDto } from './dto/update-case.dto.js';
import { TransferCasesService } from './transfer-cases.service.js';

@ApiTags('transfer-cases')
@Controller('transfer-cases')
export class TransferCasesController {
  constructor(private readonly cases: TransferCasesService) {}

  @Post()
  @Access(CASE_WRITERS)
  @ApiOperation({
    operationId: 'openTransferCase',
    description:
      'The case starts `erfasst`. 409 when the need already has an open case or is closed; 422 when the need does not exist.',
    summary: 'Open a case for a need (one open case per need)',
  })
  @ApiCreatedResponse({
    type: TransferCaseResponse,
    headers: ETAG_HEADERS,
    description: 'Opened; ETag header carries the version.',
  })
  @ApiProblems(400, 409, 422)
  async open(
    @Auth() caller: Caller,
    @Body() dto: OpenCaseDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(res, await this.cases.open(caller, dto));
  }

  @Get()
  @Access(CASE_READERS)
  @ApiOperation({
    operationId: 'listTransferCases',
    description: 'Each item carries the need title and the municipality’s name and AGS.',
    summary: 'List cases, newest first, by status, place, assignee, chosen solution and dates',
  })
  @ApiOkResponse({ type: TransferCasePage })
  @ApiProblems(400)
  async list(@Query() query: CaseListQuery): Promise<TransferCasePage> {
    return mapPage(await this.cases.list(query), TransferCaseSummary.from);
  }

  @Get(':id')
  @Access(CASE_READERS)
  @ApiOperation({
    operationId: 'getTransferCase',
    description:
      'The `ETag` header carries the version; send it back as `If-Match` on the next write. `availableTransitions` lists the moves the caller may take now and what each still needs.',
    summary: 'One case with candidates, choice, outcome and the transitions the caller may take now',
  })
  @ApiOkResponse({
    type: TransferCaseResponse,
    headers: ETAG_HEADERS,
    description: 'ETag header carries the version.',
  })
  @ApiProblems(400, 404)
  async get(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(res, await this.cases.view(caller, id));
  }

  @Patch(':id')
  @Access(CASE_WRITERS)
  @ApiIfMatch(CASE_IF_MATCH)
  @ApiOperation({
    operationId: 'updateTransferCase',
    description:
      'Which fields may change depends on the status (409 naming the field otherwise). Send `If-Match` (or `expectedVersion`) to refuse a stale write with 412.',
    summary:
      'Assign a pilot, choose a candidate and record the contact (recherchiert), or the measured effect',
  })
  @ApiOkResponse({ type: TransferCaseResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404, 409, 412, 422)
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: UpdateCaseDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(
      res,
      await this.cases.update(caller, id, dto, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }

  @Post(':id/transitions')
  @Access(CASE_WRITERS)
  @HttpCode(200)
  @ApiIfMatch(CASE_IF_MATCH)
  @ApiOperation({
    operationId: 'transitionTransferCase',
    summary:
      'Move the case: erfasst → recherchiert → vermittelt → umgesetzt, back to recherchiert, or abgebrochen',
    description:
      '409 for a move the state machine does not have (with `allowedTargets`), 422 listing every unmet condition ' +
      '(`unmetConditions`), 412 when If-Match/expectedVersion is stale. Runs with the case locked: of two ' +
      'concurrent moves exactly one wins.',
  })
  @ApiOkResponse({ type: TransferCaseResponse, headers: ETAG_HEADERS })
  @ApiProblems(
    400,
    404,
    412,
    {
      status: 409,
      type: TransitionRefusedProblem,
      description:
        'The state machine has no such move from the current status; `allowedTargets` lists those it has.',
    },
    {
      status: 422,
      type: UnmetConditionsProblem,
      description: 'Conditions of the move are not met; `unmetConditions` lists every one.',
    },
  )
  async transition(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: TransitionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(
      res,
      await this.cases.transition(caller, id, dto.to, dto, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }
}
