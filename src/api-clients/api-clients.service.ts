import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { UUID_PATTERN } from '../common/validation/patterns.js';
import { RegionsService } from '../regions/index.js';
import { ApiClient } from './api-client.entity.js';
import { generateApiKey } from '../auth/index.js';
import type { CreateApiClientDto } from './dto/create-api-client.dto.js';
import type { ApiClientListQuery } from './dto/api-client-list.query.js';
import type { UpdateApiClientDto } from './dto/update-api-client.dto.js';

/** A client with its key, which exists in clear only in the response that creates or rotates it. */
export interface ApiClientWithKey {
  client: ApiClient;
  key: string;
}

@Injectable()
export class ApiClientsService {
  constructor(
    @InjectRepository(ApiClient) private readonly clients: Repository<ApiClient>,
    private readonly regions: RegionsService,
  ) {}

  async create(dto: CreateApiClientDto): Promise<ApiClientWithKey> {
    await this.regions.assertAllExist(dto.regionIds ?? [], 'regionIds');
    const { key, prefix, hash } = generateApiKey();
    const client = await this.clients.save(
      this.clients.create({
        name: dto.name.trim(),
        scopes: dto.scopes,
        stateCodes: dto.stateCodes ?? [],
        regionIds: dto.regionIds ?? [],
        systems: dto.systems ?? [],
        keyPrefix: prefix,
        keyHash: hash,
      }),
    );
    return { client, key };
  }

  async get(id: string): Promise<ApiClient> {
    const client = await this.clients.findOneBy({ id });
    if (!client) throw Problems.notFound('API client', id);
    return client;
  }

  list(query: ApiClientListQuery): Promise<Page<ApiClient>> {
    return keysetPage(
      this.clients.createQueryBuilder('c'),
      { columns: ['c.id'], shape: [UUID_PATTERN], keyOf: (c) => [c.id] },
      query,
      cursorScope('api-clients', {}),
    );
  }

  async update(id: string, dto: UpdateApiClientDto): Promise<ApiClient> {
    const client = await this.get(id);
    if (dto.regionIds) await this.regions.assertAllExist(dto.regionIds, 'regionIds');
    if (dto.name !== undefined) client.name = dto.name.trim();
    if (dto.scopes !== undefined) client.scopes = dto.scopes;
    if (dto.stateCodes !== undefined) client.stateCodes = dto.stateCodes;
    if (dto.regionIds !== undefined) client.regionIds = dto.regionIds;
    if (dto.systems !== undefined) client.systems = dto.systems;
    return this.clients.save(client);
  }

  /** A new key replaces the old one at once; the old one stops working with this response. */
  async rotateKey(id: string): Promise<ApiClientWithKey> {
    const client = await this.get(id);
    if (client.revokedAt) throw Problems.conflict('api-client-revoked', `API client ${id} is revoked`);
    const { key, prefix, hash } = generateApiKey();
    client.keyPrefix = prefix;
    client.keyHash = hash;
    return { client: await this.clients.save(client), key };
  }

  /** Revoked clients stay listed (with `revokedAt`) so their past actions keep a name. */
  async revoke(id: string): Promise<void> {
    await this.get(id);
    await this.clients.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
