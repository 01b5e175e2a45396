import { Body, Controller, Delete, HttpCode, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiIfMatch, ETAG_HEADERS } from '../common/http/etag.js';
import { IfMatchVersion } from '../common/http/if-match.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
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
  @ApiOperation({
    operationId: 'addCandidate',
    description:
      'Allowed while the case is `erfasst` or `recherchiert`. 409 when the solution is already a candidate; 422 when it is not an active solution.',
    summary: 'Add a candidate solution with a rationale (while erfasst or recherchiert)',
  })
  @ApiCreatedResponse({ type: TransferCaseResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404, 409, 412, 422)
  async add(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
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
  @ApiOperation({
    operationId: 'addSuggestedCandidates',
    description:
      'Adds up to `limit` of the need’s suggestions that are not yet candidates, each with its reasons as rationale.',
    summary: 'Add the top suggestions for the case’s need as candidates, in one call',
  })
  @ApiOkResponse({ type: TransferCaseResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404, 409, 412)
  async addSuggested(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: AddSuggestedCandidatesDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(res, await this.candidates.addSuggested(caller, id, dto.limit, ifMatch));
  }

  @Delete(':solutionId')
  @Access(CASE_WRITERS)
  @ApiIfMatch(CASE_IF_MATCH)
  @ApiOperation({
    operationId: 'removeCandidate',
    description: 'Allowed while the case is `erfasst` or `recherchiert`.',
    summary: 'Remove a candidate (clears the choice if it was the chosen one)',
  })
  @ApiOkResponse({ type: TransferCaseResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404, 409, 412)
  async remove(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @UuidParam('solutionId') solutionId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferCaseResponse> {
    return casePage(res, await this.candidates.remove(caller, id, solutionId, ifMatch));
  }
}
