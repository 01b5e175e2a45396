import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, ROLES, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { MunicipalityResponse } from '../municipalities/index.js';
import { NeedResponse } from '../needs/index.js';
import { mapPage } from '../common/pagination/page.js';
import { PageQuery } from '../common/pagination/page-query.dto.js';
import { TransferCasePage, TransferCaseSummary } from '../transfer-cases/index.js';
import { PutMunicipalityDto } from './dto/put-municipality.dto.js';
import { BulkMunicipalitiesDto } from './dto/bulk-municipalities.dto.js';
import { BulkNeedsDto } from './dto/bulk-needs.dto.js';
import { BulkItemResult, BulkRefusedProblem, BulkResult } from './dto/bulk-result.response.js';
import { PutNeedDto } from './dto/put-need.dto.js';
import { ApiIntegrationParams, ApiSystemParam, integrationTarget } from './integration-params.js';
import { IntegrationsService } from './integrations.service.js';

// People who may write anywhere, and API clients bound to the system (checked by the service).
const EDITORS = ['admin', 'transferstelle'] as const;

@ApiTags('integrations')
@Controller('integrations/:system')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Put('municipalities/:externalId')
  @Access({ roles: EDITORS, clientScope: 'municipalities:write' })
  @ApiIntegrationParams()
  @ApiOperation({
    operationId: 'putMunicipalityByExternalId',
    summary: 'Create or update a municipality by the state system’s own id',
    description:
      '201 when created, 200 when it existed (by this id or by its AGS, which it is then linked to). The same body ' +
      'again changes nothing and records nothing. An API client writes only for the systems it is bound to (403), ' +
      'in its territory. The AGS of a linked municipality cannot change (422).',
  })
  @ApiCreatedResponse({ type: MunicipalityResponse, description: 'Created.' })
  @ApiOkResponse({ type: MunicipalityResponse, description: 'Updated or unchanged.' })
  @ApiProblems(400, 409, 422)
  async putMunicipality(
    @Auth() caller: Caller,
    @Param('system') system: string,
    @Param('externalId') externalId: string,
    @Body() dto: PutMunicipalityDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MunicipalityResponse> {
    const target = integrationTarget(system, externalId);
    const { value, created } = await this.integrations.putMunicipality(
      caller,
      target.system,
      target.externalId,
      dto,
    );
    res.status(created ? 201 : 200);
    return MunicipalityResponse.from(value);
  }

  @Get('municipalities/:externalId')
  @Access({ roles: ROLES, clientScope: 'municipalities:read' })
  @ApiIntegrationParams()
  @ApiOperation({
    operationId: 'getMunicipalityByExternalId',
    summary: 'One municipality by the state system’s own id',
    description: '404 when the system has no municipality with this id.',
  })
  @ApiOkResponse({ type: MunicipalityResponse })
  @ApiProblems(400, 404)
  async getMunicipality(
    @Param('system') system: string,
    @Param('externalId') externalId: string,
  ): Promise<MunicipalityResponse> {
    const target = integrationTarget(system, externalId);
    return MunicipalityResponse.from(await this.integrations.municipality(target.system, target.externalId));
  }

  // `municipalities:bulk`: the colon is literal (escaped for the router), as for `needs:bulk`.
  @Post('municipalities\\:bulk')
  @HttpCode(200)
  @Access({ roles: EDITORS, clientScope: 'municipalities:write' })
  @ApiSystemParam()
  @ApiOperation({
    operationId: 'bulkPutMunicipalitiesByExternalId',
    summary: 'Create or update up to 1 000 municipalities by the state system’s own ids, all or nothing',
    description:
      'Each item as for `PUT …/municipalities/{externalId}`, with `externalId` in the item; each `externalId` ' +
      'and each `ags` once per batch. Every item is checked first; if any cannot be written (kind and AGS, ' +
      'region, territory, a region of another state than the municipality’s (as for `createMunicipality`), the AGS ' +
      'of a linked municipality, an AGS whose municipality has another id in this ' +
      'system), the answer is 422 naming each such item by its `index` with its errors, and nothing is written. ' +
      'Otherwise all are written in one transaction and each item answers `created`, `updated` or `unchanged` ' +
      '(an unchanged item records nothing). 409 when a concurrent request created some of these municipalities ' +
      'or ids meanwhile: nothing was written, send the batch again.',
  })
  @ApiOkResponse({ type: BulkResult })
  @ApiProblems(400, 409, {
    status: 422,
    type: BulkRefusedProblem,
    description: 'Some items cannot be written (`items` names each by its index); nothing was written.',
  })
  async bulkMunicipalities(
    @Auth() caller: Caller,
    @Param('system') system: string,
    @Body() dto: BulkMunicipalitiesDto,
  ): Promise<BulkResult> {
    const outcomes = await this.integrations.bulkMunicipalities(
      caller,
      integrationTarget(system).system,
      dto.items,
    );
    return Object.assign(new BulkResult(), {
      items: outcomes.map((outcome) => Object.assign(new BulkItemResult(), outcome)),
    });
  }

  @Put('needs/:externalId')
  @Access({ roles: EDITORS, clientScope: 'needs:write' })
  @ApiIntegrationParams()
  @ApiOperation({
    operationId: 'putNeedByExternalId',
    summary: 'Create or update a need by the state system’s own id',
    description:
      '201 when created, 200 when updated; the same body again changes nothing and records nothing. The ' +
      'municipality is named by exactly one of `municipalityId`, `municipalityAgs` or `municipalityExternalId` ' +
      '(the system’s id for it); a need stays with its municipality (422). Concurrent requests for one id create ' +
      'one need. An API client writes only for the systems it is bound to (403), in its territory.',
  })
  @ApiCreatedResponse({ type: NeedResponse, description: 'Created.' })
  @ApiOkResponse({ type: NeedResponse, description: 'Updated or unchanged.' })
  @ApiProblems(400, 404, 409, 422)
  async putNeed(
    @Auth() caller: Caller,
    @Param('system') system: string,
    @Param('externalId') externalId: string,
    @Body() dto: PutNeedDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NeedResponse> {
    const target = integrationTarget(system, externalId);
    const { value, created } = await this.integrations.putNeed(caller, target.system, target.externalId, dto);
    res.status(created ? 201 : 200);
    return NeedResponse.from(value);
  }

  // `needs:bulk`: the colon is literal (escaped for the router), as in Google's custom methods.
  @Post('needs\\:bulk')
  @HttpCode(200)
  @Access({ roles: EDITORS, clientScope: 'needs:write' })
  @ApiSystemParam()
  @ApiOperation({
    operationId: 'bulkPutNeedsByExternalId',
    summary: 'Create or update up to 1 000 needs by the state system’s own ids, all or nothing',
    description:
      'Each item as for `PUT …/needs/{externalId}`, with `externalId` in the item. Every item is checked first; if ' +
      'any cannot be written, the answer is 422 naming each such item by its `index` with its errors, and nothing ' +
      'is written. Otherwise all are written in one transaction and each item answers `created`, `updated` or ' +
      '`unchanged` (an unchanged item records nothing).',
  })
  @ApiOkResponse({ type: BulkResult })
  @ApiProblems(400, 409, {
    status: 422,
    type: BulkRefusedProblem,
    description: 'Some items cannot be written (`items` names each by its index); nothing was written.',
  })
  async bulkNeeds(
    @Auth() caller: Caller,
    @Param('system') system: string,
    @Body() dto: BulkNeedsDto,
  ): Promise<BulkResult> {
    const outcomes = await this.integrations.bulkNeeds(caller, integrationTarget(system).system, dto.items);
    return Object.assign(new BulkResult(), {
      items: outcomes.map((outcome) => Object.assign(new BulkItemResult(), outcome)),
    });
  }

  @Get('needs/:externalId/transfer-cases')
  @Access({ roles: ROLES, clientScope: 'cases:read' })
  @ApiIntegrationParams()
  @ApiOperation({
    operationId: 'listTransferCasesByNeedExternalId',
    summary: 'The transfer cases of a need, by the state system’s id for the need',
    description:
      'Newest first (a need has at most one open case); each with status, need title and municipality — the ' +
      'case progress a state system pulls back. 404 when the system has no need with this id.',
  })
  @ApiOkResponse({ type: TransferCasePage })
  @ApiProblems(400, 404)
  async casesOfNeed(
    @Param('system') system: string,
    @Param('externalId') externalId: string,
    @Query() page: PageQuery,
  ): Promise<TransferCasePage> {
    const target = integrationTarget(system, externalId);
    return mapPage(
      await this.integrations.casesOfNeed(target.system, target.externalId, page),
      TransferCaseSummary.from,
    );
  }

  @Get('needs/:externalId')
  @Access({ roles: ROLES, clientScope: 'needs:read' })
  @ApiIntegrationParams()
  @ApiOperation({
    operationId: 'getNeedByExternalId',
    summary: 'One need by the state system’s own id',
    description: '404 when the system has no need with this id.',
  })
  @ApiOkResponse({ type: NeedResponse })
  @ApiProblems(400, 404)
  async getNeed(
    @Param('system') system: string,
    @Param('externalId') externalId: string,
  ): Promise<NeedResponse> {
    const target = integrationTarget(system, externalId);
    return NeedResponse.from(await this.integrations.need(target.system, target.externalId));
  }
}
