import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../auth/index.js';
import { mapPage } from '../common/pagination/page.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { ShowsSecretOnce } from '../common/http/idempotency.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { ApiClientsService } from './api-clients.service.js';
import { ApiClientListQuery } from './dto/api-client-list.query.js';
import { ApiClientPage, ApiClientResponse, ApiClientWithKeyResponse } from './dto/api-client.response.js';
import { CreateApiClientDto } from './dto/create-api-client.dto.js';
import { UpdateApiClientDto } from './dto/update-api-client.dto.js';

const ADMINS = { roles: ['admin'] } as const;

@ApiTags('api-clients')
@Controller('api-clients')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @Access(ADMINS)
  @ShowsSecretOnce()
  @ApiOperation({
    operationId: 'createApiClient',
    description:
      'The key is returned once, in this response; store it in the state system. Scopes decide what the client may do, `stateCodes`/`regionIds` where it may write.',
    summary: 'Register a state system; the response shows its API key once',
  })
  @ApiCreatedResponse({ type: ApiClientWithKeyResponse })
  @ApiProblems(400, 422)
  async create(@Body() dto: CreateApiClientDto): Promise<ApiClientWithKeyResponse> {
    return ApiClientWithKeyResponse.fromNew(await this.clients.create(dto));
  }

  @Get()
  @Access(ADMINS)
  @ApiOperation({
    operationId: 'listApiClients',
    description: 'Revoked clients are listed too, with `revokedAt`.',
    summary: 'List API clients, revoked ones included',
  })
  @ApiOkResponse({ type: ApiClientPage })
  @ApiProblems(400)
  async list(@Query() query: ApiClientListQuery): Promise<ApiClientPage> {
    return mapPage(await this.clients.list(query), ApiClientResponse.from);
  }

  @Get(':id')
  @Access(ADMINS)
  @ApiOperation({
    operationId: 'getApiClient',
    description: 'The key itself is never shown again, only its prefix.',
    summary: 'One API client (without its key)',
  })
  @ApiOkResponse({ type: ApiClientResponse })
  @ApiProblems(400, 404)
  async get(@UuidParam('id') id: string): Promise<ApiClientResponse> {
    return ApiClientResponse.from(await this.clients.get(id));
  }

  @Patch(':id')
  @Access(ADMINS)
  @ApiOperation({
    operationId: 'updateApiClient',
    description: 'Only the fields sent change.',
    summary: 'Change name, scopes or territory',
  })
  @ApiOkResponse({ type: ApiClientResponse })
  @ApiProblems(400, 404, 422)
  async update(@UuidParam('id') id: string, @Body() dto: UpdateApiClientDto): Promise<ApiClientResponse> {
    return ApiClientResponse.from(await this.clients.update(id, dto));
  }

  @Post(':id/key')
  @Access(ADMINS)
  @ShowsSecretOnce()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateApiClientKey',
    description: 'The old key stops working at once. 409 for a revoked client.',
    summary: 'Rotate the key: a new key is shown once and the old one stops working',
  })
  @ApiOkResponse({ type: ApiClientWithKeyResponse })
  @ApiProblems(400, 404, 409)
  async rotateKey(@UuidParam('id') id: string): Promise<ApiClientWithKeyResponse> {
    return ApiClientWithKeyResponse.fromNew(await this.clients.rotateKey(id));
  }

  @Delete(':id')
  @Access(ADMINS)
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeApiClient',
    description: 'The client stays listed with `revokedAt`; revoking twice is harmless.',
    summary: 'Revoke the client: its key stops working at once',
  })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(400, 404)
  async revoke(@UuidParam('id') id: string): Promise<void> {
    await this.clients.revoke(id);
  }
}
