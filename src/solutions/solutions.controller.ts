import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, ROLES, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParamPipe } from '../common/pipes/uuid-param.pipe.js';
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
  @ApiOperation({ summary: 'Add a proven solution to the catalogue' })
  @ApiCreatedResponse({ type: SolutionResponse })
  @ApiProblems(400, 409, 422)
  async create(@Auth() caller: Caller, @Body() dto: CreateSolutionDto): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.create(caller, dto));
  }

  @Get()
  @Access(READERS)
  @ApiOperation({
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
  @ApiOperation({ summary: 'One solution by its slug' })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(404)
  async getBySlug(@Param('slug') slug: string): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.getBySlug(slug));
  }

  @Get(':id')
  @Access(READERS)
  @ApiOperation({ summary: 'One solution' })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidParamPipe) id: string): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.get(id));
  }

  @Patch(':id')
  @Access(EDITORS)
  @ApiOperation({ summary: 'Edit a solution (also `status: active` to bring an archived one back)' })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(400, 404, 409, 422)
  async update(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateSolutionDto,
  ): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.update(caller, id, dto));
  }

  @Post(':id/archive')
  @Access(EDITORS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a solution: it stays readable but is no longer suggested' })
  @ApiOkResponse({ type: SolutionResponse })
  @ApiProblems(400, 404)
  async archive(@Auth() caller: Caller, @Param('id', UuidParamPipe) id: string): Promise<SolutionResponse> {
    return SolutionResponse.from(await this.solutions.archive(caller, id));
  }
}
