import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiIfMatch } from '../common/http/etag.js';
import { expectedVersionOf, IfMatchVersion } from '../common/http/if-match.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParamPipe } from '../common/pipes/uuid-param.pipe.js';
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
  @ApiOperation({ summary: 'Open a case for a need (one open case per need)' })
  @ApiCreatedResponse({ type: TransferCaseResponse, description: 'Opened; ETag header carries the version.' })
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
    summary: 'One case with candidates, choice, outcome and the transitions the caller may take now',
  })
  @ApiOkResponse({ type: TransferCaseResponse, description: 'ETag header carries the version.' })
  @ApiProblems(400, 404)
  async get(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(res, await this.cases.view(caller, id));
  }

  @Patch(':id')
  @Access(CASE_WRITERS)
  @ApiIfMatch(CASE_IF_MATCH)
  @ApiOperation({
    summary:
      'Assign a pilot, choose a candidate and record the contact (recherchiert), or the measured effect',
  })
  @ApiOkResponse({ type: TransferCaseResponse })
  @ApiProblems(400, 404, 409, 412, 422)
  async update(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
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
    summary:
      'Move the case: erfasst → recherchiert → vermittelt → umgesetzt, back to recherchiert, or abgebrochen',
    description:
      '409 for a move the state machine does not have (with `allowedTargets`), 422 listing every unmet condition ' +
      '(`unmetConditions`), 412 when If-Match/expectedVersion is stale. Runs with the case locked: of two ' +
      'concurrent moves exactly one wins.',
  })
  @ApiOkResponse({ type: TransferCaseResponse })
  @ApiProblems(400, 404, 409, 412, 422)
  async transition(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
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
