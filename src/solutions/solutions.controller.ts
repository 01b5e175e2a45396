import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, Auth, ROLES, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { SLUG_PATTERN } from '../common/validation/patterns.js';
import { CreateSolutionDto } from './dto/create-solution.dto.js';
import { SolutionListQuery } from './dto/solution-list.query.js';
import { SolutionPage, SolutionResponse } from './dto/solution.response.js';
import { UpdateSolutionDto } from './dto/update-solution.dto.js';
import { SolutionsService } from './solutions.service.js';

const READERS = { roles: ROLES, clientScope: 'solutions:read' } as const;
const EDITORS = { roles: ['admin', 'transferstelle'] } as const;

@ApiTags('solutions')
@Controller('solutions')
export class SolutionsController {
  constructor(private readonly solutions: SolutionsService) {}

  @Post()
  @Access(EDITORS)
  @ApiOperation({
    operationId: 'createSolution',
    description: 'The slug is unique (409 otherwise); the origin municipality must exist (422 otherwise).',
    summary: 'Add a proven solution to the catalogue',
  })
  @ApiCreatedResponse({ type: SolutionResponse })
  @ApiProblems(400, 409, 422)
  async create(@Auth() caller: Caller, @Body() dto: CreateSolutionDto): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.create(caller, dto));
  }

  @Get()
  @Access(READERS)
  @ApiOperation({
    operationId: 'listSolutions',
    summary: 'Search or list solutions',
    description:
      'With `q`: German full-text search, best match first. Without: ordered by slug. Active ones by default.',
  })
  @ApiOkResponse({ type: SolutionPage })
  @ApiProblems(400)
  async list(@Query() query: SolutionListQuery): Promise<SolutionPage> {
    return mapPage(await this.solutions.list(query), SolutionResponse.from);
  }

  @Get('by-slug/:slug')
  @Access(READERS)
  @ApiOperation({
    operationId: 'getSolutionBySlug',
    description: 'Archived solutions too.',
    summary: 'One solution by its slug',
  })
  @ApiParam({
    name: 'slug',
    schema: { type: 'string', pattern: SLUG_PATTERN.source, example: 'mobile-retter' },
  })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(404)
  async getBySlug(@Param('slug') slug: string): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.getBySlug(slug));
  }

  @Get(':id')
  @Access(READERS)
  @ApiOperation({
    operationId: 'getSolution',
    description: 'Archived solutions too.',
    summary: 'One solution',
  })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(400, 404)
  async get(@UuidParam('id') id: string): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.get(id));
  }

  @Patch(':id')
  @Access(EDITORS)
  @ApiOperation({
    operationId: 'updateSolution',
    description:
      'Only the fields sent change; an empty body changes nothing and returns the solution as it is.',
    summary: 'Edit a solution (also `status: active` to bring an archived one back)',
  })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(400, 404, 409, 422)
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: UpdateSolutionDto,
  ): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.update(caller, id, dto));
  }

  @Post(':id/archive')
  @Access(EDITORS)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'archiveSolution',
    description: 'Archiving an archived solution changes nothing.',
    summary: 'Archive a solution: it stays readable but is no longer suggested',
  })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(400, 404)
  async archive(@Auth() caller: Caller, @UuidParam('id') id: string): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.archive(caller, id));
  }
}
