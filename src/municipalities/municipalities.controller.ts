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
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { VALID_AGS_PATTERN } from './ags.js';
import { CreateMunicipalityDto } from './dto/create-municipality.dto.js';
import { MunicipalityListQuery } from './dto/municipality-list.query.js';
import { MunicipalityPage, MunicipalityResponse } from './dto/municipality.response.js';
import { UpdateMunicipalityDto } from './dto/update-municipality.dto.js';
import { UpsertMunicipalityDto } from './dto/upsert-municipality.dto.js';
import { MunicipalitiesService } from './municipalities.service.js';

const AGS_PARAM = {
  name: 'ags',
  schema: { type: 'string', pattern: VALID_AGS_PATTERN, example: '14612000' },
  description: 'Amtlicher Gemeindeschlüssel: 8 digits, the first two (01–16) name the state.',
} as const;

const READERS = { roles: ROLES, clientScope: 'municipalities:read' } as const;
// Pilots only in their regions, clients only in their territory: checked by the service.
const WRITERS = { roles: ['admin', 'transferstelle', 'lotse'], clientScope: 'municipalities:write' } as const;

@ApiTags('municipalities')
@Controller('municipalities')
export class MunicipalitiesController {
  constructor(private readonly municipalities: MunicipalitiesService) {}

  @Post()
  @Access(WRITERS)
  @ApiOperation({
    operationId: 'createMunicipality',
    description:
      'The state comes from the AGS’s first two digits. Pilots write only in their regions, clients only in their ' +
      'territory (403). A region of another state than the municipality’s is chosen only by admins, the ' +
      'Transferstelle and API clients of the municipality’s state; for pilots and region-limited clients it is a ' +
      '403 naming `regionId`. 409 for an AGS that exists.',
    summary: 'Create a municipality; its state is derived from the AGS',
  })
  @ApiCreatedResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 409, 422)
  async create(@Auth() caller: Caller, @Body() dto: CreateMunicipalityDto): Promise<MunicipalityResponse> {
    return MunicipalityResponse.from(await this.municipalities.create(caller, dto));
  }

  @Get()
  @Access(READERS)
  @ApiOperation({
    operationId: 'listMunicipalities',
    description: '`name` matches a prefix of the name, case-insensitive.',
    summary: 'List municipalities ordered by AGS, filtered by state, region, kind or name prefix',
  })
  @ApiOkResponse({ type: MunicipalityPage })
  @ApiProblems(400)
  async list(@Query() query: MunicipalityListQuery): Promise<MunicipalityPage> {
    return mapPage(await this.municipalities.list(query), MunicipalityResponse.from);
  }

  @Get('by-ags/:ags')
  @Access(READERS)
  @ApiOperation({
    operationId: 'getMunicipalityByAgs',
    description: 'The AGS is the 8-digit Amtlicher Gemeindeschlüssel; a malformed one is a 400.',
    summary: 'One municipality by AGS',
  })
  @ApiParam(AGS_PARAM)
  @ApiOkResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 404)
  async getByAgs(@Param('ags') ags: string): Promise<MunicipalityResponse> {
    return MunicipalityResponse.from(await this.municipalities.getByAgs(ags));
  }

  @Put('by-ags/:ags')
  @Access(WRITERS)
  @ApiOperation({
    operationId: 'putMunicipalityByAgs',
    summary: 'Create or update a municipality by AGS',
    description:
      '201 when created, 200 when updated. `population` and `regionId` are kept when absent and cleared by null. ' +
      'Territory and a region of another state as for `createMunicipality` (403), decided on the row as written: ' +
      'when another request creates the AGS at the same moment, this one updates the row it created, if the ' +
      'caller may write there.',
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
  @ApiOperation({
    operationId: 'getMunicipality',
    description: 'With its state and region.',
    summary: 'One municipality',
  })
  @ApiOkResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 404)
  async get(@UuidParam('id') id: string): Promise<MunicipalityResponse> {
    return MunicipalityResponse.from(await this.municipalities.get(id));
  }

  @Patch(':id')
  @Access(WRITERS)
  @ApiOperation({
    operationId: 'updateMunicipality',
    description:
      'Only the fields sent change; `population` and `regionId` are cleared by null. Territory and a region of ' +
      'another state as for `createMunicipality` (403).',
    summary: 'Change name, kind, population or region (the AGS is fixed)',
  })
  @ApiOkResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 404, 422)
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: UpdateMunicipalityDto,
  ): Promise<MunicipalityResponse> {
    return MunicipalityResponse.from(await this.municipalities.update(caller, id, dto));
  }

  @Delete(':id')
  @Access(WRITERS)
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteMunicipality',
    description:
      'Pilots only in their regions, clients only in their territory. Refused with 409 while needs or solutions refer to it.',
    summary: 'Delete a municipality',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404, 409)
  async remove(@Auth() caller: Caller, @UuidParam('id') id: string): Promise<void> {
    await this.municipalities.remove(caller, id);
  }
}
