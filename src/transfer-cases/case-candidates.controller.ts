import { Body, Controller, Delete, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiIfMatch } from '../common/http/etag.js';
import { IfMatchVersion } from '../common/http/if-match.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { UuidParamPipe } from '../common/pipes/uuid-param.pipe.js';
import { CASE_IF_MATCH, CASE_WRITERS } from './case-access.js';
import { CaseCandidatesService } from './case-candidates.service.js';
import { AddCandidateDto, AddSuggestedCandidatesDto } from './dto/candidate.dto.js';
import { casePage, TransferCaseResponse } from './dto/transfer-case.response.js';

@ApiTags('transfer-cases')
@Controller('transfer-cases/:id/candidates')
export class CaseCandidatesController {
  constructor(private readonly candidates: CaseCandidatesService) {}

  @Post()
  @Access(CASE_WRITERS)
  @ApiIfMatch(CASE_IF_MATCH)
  @ApiOperation({ summary: 'Add a candidate solution with a rationale (while erfasst or recherchiert)' })
  @ApiCreatedResponse({ type: TransferCaseResponse })
  @ApiProblems(400, 404, 409, 412, 422)
  async add(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: AddCandidateDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(res, await this.candidates.add(caller, id, dto.solutionId, dto.rationale, ifMatch));
  }

  @Post('suggested')
  @Access(CASE_WRITERS)
  @HttpCode(200)
  @ApiIfMatch(CASE_IF_MATCH)
  @ApiOperation({ summary: 'Add the top suggestions for the case’s need as candidates, in one call' })
  @ApiOkResponse({ type: TransferCaseResponse })
  @ApiProblems(400, 404, 409, 412)
  async addSuggested(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: AddSuggestedCandidatesDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(res, await this.candidates.addSuggested(caller, id, dto.limit, ifMatch));
  }

  @Delete(':solutionId')
  @Access(CASE_WRITERS)
  @ApiIfMatch(CASE_IF_MATCH)
  @ApiOperation({ summary: 'Remove a candidate (clears the choice if it was the chosen one)' })
  @ApiOkResponse({ type: TransferCaseResponse })
  @ApiProblems(400, 404, 409, 412)
  async remove(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
    @Param('solutionId', UuidParamPipe) solutionId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(res, await this.candidates.remove(caller, id, solutionId, ifMatch));
  }
}
