import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, type Caller, Expensive, ROLES } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { CloseNeedDto } from './dto/close-need.dto.js';
import { CreateNeedDto } from './dto/create-need.dto.js';
import { NeedListQuery } from './dto/need-list.query.js';
import { NeedPage, NeedResponse } from './dto/need.response.js';
import { SolutionSuggestionList } from './dto/solution-suggestion.response.js';
import { SuggestionQuery } from './dto/suggestion.query.js';
import { UpdateNeedDto } from './dto/update-need.dto.js';
import { NeedsService } from './needs.service.js';
import { SolutionSuggestionsService } from './suggestions/solution-suggestions.service.js';

const READERS = { roles: ROLES, clientScope: 'needs:read' } as const;
// Pilots only for municipalities in their regions, clients only in their territory: checked by the service.
const WRITERS = { roles: ['admin', 'transferstelle', 'lotse'], clientScope: 'needs:write' } as const;

@ApiTags('needs')
@Controller('needs')
export class NeedsController {
  constructor(
    private readonly needs: NeedsService,
    private readonly suggestions: SolutionSuggestionsService,
  ) {}

  @Post()
  @Access(WRITERS)
  @ApiOperation({
    operationId: 'createNeed',
    description:
      'Pilots for municipalities of their regions, clients with `needs:write` in their territory. `source` is `api` for clients, `desk` for people.',
    summary: 'Record what a municipality needs (Bedarf)',
  })
  @ApiCreatedResponse({ type: NeedResponse })
  @ApiProblems(400, 422)
  async create(@Auth() caller: Caller, @Body() dto: CreateNeedDto): Promise<NeedResponse> {
    return NeedResponse.from(await this.needs.create(caller, dto));
  }

  @Get()
  @Access(READERS)
  @ApiOperation({
    operationId: 'listNeeds',
    summary: 'Search or list needs',
    description: 'With `q`: German full-text search, best match first. Without: newest first.',
  })
  @ApiOkResponse({ type: NeedPage })
  @ApiProblems(400)
  async list(@Query() query: NeedListQuery): Promise<NeedPage> {
    return mapPage(await this.needs.list(query), NeedResponse.from);
  }

  @Get(':id')
  @Access(READERS)
  @ApiOperation({
    operationId: 'getNeed',
    description: 'With who captured it and when.',
    summary: 'One need',
  })
  @ApiOkResponse({ type: NeedResponse })
  @ApiProblems(400, 404)
  async get(@UuidParam('id') id: string): Promise<NeedResponse> {
    return NeedResponse.from(await this.needs.view(id));
  }

  @Get(':id/solution-suggestions')
  @Expensive()
  @Access(READERS)
  @ApiOperation({
    operationId: 'listSolutionSuggestions',
    summary: 'Proven solutions for this need, best first, each with its reasons',
    description:
      'Only active solutions. Reasons: matched words, near words, shared topics, seal, successful transfers, same state.',
  })
  @ApiOkResponse({ type: SolutionSuggestionList })
  @ApiProblems(400, 404)
  async suggest(
    @UuidParam('id') id: string,
    @Query() query: SuggestionQuery,
  ): Promise<SolutionSuggestionList> {
    return SolutionSuggestionList.of(await this.suggestions.suggest(await this.needs.get(id), query.limit));
  }

  @Patch(':id')
  @Access(WRITERS)
  @ApiOperation({
    operationId: 'updateNeed',
    description:
      'Only the fields sent change; an empty body changes nothing. Pilots for municipalities of their regions, clients in their territory.',
    summary: 'Edit title, description, topics or urgency',
  })
  @ApiOkResponse({ type: NeedResponse })
  @ApiProblems(400, 404)
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: UpdateNeedDto,
  ): Promise<NeedResponse> {
    return NeedResponse.from(await this.needs.update(caller, id, dto));
  }

  @Post(':id/close')
  @Access(WRITERS)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'closeNeed',
    description: '409 when the need is already closed.',
    summary: 'Close a need that no longer needs a solution, with the reason',
  })
  @ApiOkResponse({ type: NeedResponse })
  @ApiProblems(400, 404, 409)
  async close(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: CloseNeedDto,
  ): Promise<NeedResponse> {
    return NeedResponse.from(await this.needs.close(caller, id, dto));
  }
}
