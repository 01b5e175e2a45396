import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { ROLES } from '../auth/index.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { CreateRegionDto } from './dto/create-region.dto.js';
import { RegionListQuery } from './dto/region-list.query.js';
import { RegionPage, RegionResponse } from './dto/region.response.js';
import { UpdateRegionDto } from './dto/update-region.dto.js';
import { RegionsService } from './regions.service.js';

const READERS = { roles: ROLES, clientScope: 'regions:read' } as const;
const EDITORS = { roles: ['admin', 'transferstelle'] } as const;

@ApiTags('regions')
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Post()
  @Access(EDITORS)
  @ApiOperation({
    operationId: 'createRegion',
    description: 'The code is unique (409 otherwise).',
    summary: 'Create a region (the working area of one or more pilots)',
  })
  @ApiCreatedResponse({ type: RegionResponse })
  @ApiProblems(400, 409)
  async create(@Body() dto: CreateRegionDto): Promise<RegionResponse> {
    return RegionResponse.from(await this.regions.create(dto));
  }

  @Get()
  @Access(READERS)
  @ApiOperation({
    operationId: 'listRegions',
    description: 'By code and name.',
    summary: 'List regions ordered by code',
  })
  @ApiOkResponse({ type: RegionPage })
  @ApiProblems(400)
  async list(@Query() query: RegionListQuery): Promise<RegionPage> {
    return mapPage(await this.regions.list(query), RegionResponse.from);
  }

  @Get(':id')
  @Access(READERS)
  @ApiOperation({
    operationId: 'getRegion',
    description: 'By code and name.',
    summary: 'One region',
  })
  @ApiOkResponse({ type: RegionResponse })
  @ApiProblems(400, 404)
  async get(@UuidParam('id') id: string): Promise<RegionResponse> {
    return RegionResponse.from(await this.regions.get(id));
  }

  @Patch(':id')
  @Access(EDITORS)
  @ApiOperation({
    operationId: 'updateRegion',
    description: 'Only the fields sent change.',
    summary: 'Change code, name or primary state',
  })
  @ApiOkResponse({ type: RegionResponse })
  @ApiProblems(400, 404, 409)
  async update(@UuidParam('id') id: string, @Body() dto: UpdateRegionDto): Promise<RegionResponse> {
    return RegionResponse.from(await this.regions.update(id, dto));
  }

  @Delete(':id')
  @Access(EDITORS)
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteRegion',
    description: '409 while municipalities, pilots or API clients refer to it.',
    summary: 'Delete a region that no municipality belongs to',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404, 409)
  async remove(@UuidParam('id') id: string): Promise<void> {
    await this.regions.remove(id);
  }
}
