import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, ROLES, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { NominateSolutionDto, NominationListQuery, ReviewNominationDto } from './dto/nomination.dto.js';
import { SolutionPage, SolutionResponse } from './dto/solution.response.js';
import { SolutionsService } from './solutions.service.js';

/**
 * Pioneer discovery: pilots nominate practices they found in their regions, the Transferstelle
 * reviews them. A nomination is a solution with `status: nominated` until its review.
 */
@ApiTags('nominations')
@Controller('nominations')
export class NominationsController {
  constructor(private readonly solutions: SolutionsService) {}

  @Post()
  @Access({ roles: ['admin', 'transferstelle', 'lotse'] })
  @ApiOperation({
    operationId: 'nominateSolution',
    summary: 'Nominate a local practice as a candidate solution',
    description:
      'Pilots nominate practices of municipalities in their regions (403 elsewhere). The nomination waits for ' +
      'review as `nominated`: it is not suggested, matched or chosen until it is active. 409 for a taken slug.',
  })
  @ApiCreatedResponse({ type: SolutionResponse })
  @ApiProblems(400, 403, 409, 422)
  async nominate(@Auth() caller: Caller, @Body() dto: NominateSolutionDto): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.nominate(caller, dto));
  }

  @Get()
  @Access({ roles: ROLES, clientScope: 'solutions:read' })
  @ApiOperation({
    operationId: 'listNominations',
    summary: 'The review queue: nominations, oldest first',
    description: 'By default the nominations waiting for review; `status` shows those taken up or declined.',
  })
  @ApiOkResponse({ type: SolutionPage })
  @ApiProblems(400)
  async list(@Query() query: NominationListQuery): Promise<SolutionPage> {
    return mapPage(await this.solutions.nominations(query), SolutionResponse.from);
  }

  @Post(':id/review')
  @Access({ roles: ['admin', 'transferstelle'] })
  @HttpCode(200)
  @ApiOperation({
    operationId: 'reviewNomination',
    summary: 'Take a nomination into the catalogue, or decline it',
    description:
      '`active` with the review note: from now on suggested and matched against open needs (match alerts). ' +
      '`declined` with the reason: never suggested. 409 when it is not waiting for review.',
  })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(400, 404, 409)
  async review(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: ReviewNominationDto,
  ): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.review(caller, id, dto));
  }
}
