import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller, ROLES } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParamPipe } from '../common/pipes/uuid-param.pipe.js';
import { CreateMunicipalityDto } from './dto/create-municipality.dto.js';
import { MunicipalityListQuery } from './dto/municipality-list.query.js';
import { MunicipalityPage, MunicipalityResponse } from './dto/municipality.response.js';
import { UpdateMunicipalityDto } from './dto/update-municipality.dto.js';
import { UpsertMunicipalityDto } from './dto/upsert-municipality.dto.js';
import { MunicipalitiesService } from './municipalities.service.js';

const AGS_PARAM = { name: 'ags', example: '14612000', description: 'Amtlicher Gemeindeschlüssel (8 digits)' };

const READERS = { roles: ROLES, clientScope: 'municipalities:read' } as const;
// Pilots only in their regions, clients only in their territory: checked by the service.
const WRITERS = { roles: ['admin', 'transferstelle', 'lotse'], clientScope: 'municipalities:write' } as const;

@ApiTags('municipalities')
@Controller('municipalities')
export class MunicipalitiesController {
  constructor(private readonly municipalities: MunicipalitiesService) {}

  @Post()
  @Access(WRITERS)
  @ApiOperation({ summary: 'Create a municipality; its state is derived from the AGS' })
  @ApiCreatedResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 409, 422)
  async create(@Auth() caller: Caller, @Body() dto: CreateMunicipalityDto): Promise<MunicipalityResponse> {
    return MunicipalityResponse.from(await this.municipalities.create(caller, dto));
  }

  @Get()
  @Access(READERS)
  @ApiOperation({
    summary: 'List municipalities ordered by AGS, filtered by state, region, kind or name prefix',
  })
  @ApiOkResponse({ type: MunicipalityPage })
  @ApiProblems(400)
  async list(@Query() query: MunicipalityListQuery): Promise<MunicipalityPage> {
    return mapPage(await this.municipalities.list(query), MunicipalityResponse.from);
  }

  @Get('by-ags/:ags')
  @Access(READERS)
  @ApiOperation({ summary: 'One municipality by AGS' })
  @ApiParam(AGS_PARAM)
  @ApiOkResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 404)
  async getByAgs(@Param('ags') ags: string): Promise<MunicipalityResponse> {
    return MunicipalityResponse.from(await this.municipalities.getByAgs(ags));
  }

  @Put('by-ags/:ags')
  @Access(WRITERS)
  @ApiOperation({
    summary: 'Create or update a municipality by AGS',
    description:
      '201 when created, 200 when updated. `population` and `regionId` are kept when absent and cleared by null.',
  })
  @ApiParam(AGS_PARAM)
  @ApiCreatedResponse({ type: MunicipalityResponse, description: 'Created.' })
  @ApiOkResponse({ type: MunicipalityResponse, description: 'Updated.' })
  @ApiProblems(400, 422)
  async upsertByAgs(
    @Auth() caller: Caller,
    @Param('ags') ags: string,
    @Body() dto: UpsertMunicipalityDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MunicipalityResponse> {
    const { municipality, created } = await this.municipalities.upsertByAgs(caller, ags, dto);
    res.status(created ? 201 : 200);
    return MunicipalityResponse.from(municipality);
  }

  @Get(':id')
  @Access(READERS)
  @ApiOperation({ summary: 'One municipality' })
  @ApiOkResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidParamPipe) id: string): Promise<MunicipalityResponse> {
    return MunicipalityResponse.from(await this.municipalities.get(id));
  }

  @Patch(':id')
  @Access(WRITERS)
  @ApiOperation({ summary: 'Change name, kind, population or region (the AGS is fixed)' })
  @ApiOkResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 404, 422)
  async update(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateMunicipalityDto,
  ): Promise<MunicipalityResponse> {
    return MunicipalityResponse.from(await this.municipalities.update(caller, id, dto));
  }

  @Delete(':id')
  @Access(WRITERS)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a municipality' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404)
  async remove(@Auth() caller: Caller, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.municipalities.remove(caller, id);
  }
}
