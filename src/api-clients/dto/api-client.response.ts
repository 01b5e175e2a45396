import { ApiInstant, isoInstant, isoInstantOrNull } from '../../common/mapping/instant.js';
import { ApiProperty } from '@nestjs/swagger';
import { SCOPES, type Scope } from '../../auth/index.js';
import { PageOf } from '../../common/pagination/page.js';
import type { ApiClient } from '../api-client.entity.js';
import type { ApiClientWithKey } from '../api-clients.service.js';

/** Never carries the key or its hash; the key is shown once, by `ApiClientWithKeyResponse`. */
export class ApiClientResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: '3f9c0a1b2c4d', description: 'Public part of the key, to tell keys apart.' })
  keyPrefix: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes: Scope[];

  @ApiProperty({ type: [String], example: ['DE-SN'] })
  stateCodes: string[];

  @ApiProperty({ type: [String], format: 'uuid' })
  regionIds: string[];

  @ApiProperty({
    type: [String],
    example: ['digitallotsen-sn'],
    description: 'External systems whose ids it may write.',
  })
  systems: string[];

  @ApiInstant({ nullable: true })
  revokedAt: string | null;

  @ApiInstant({
    nullable: true,
    description: 'Updated at most once a minute.',
  })
  lastUsedAt: string | null;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from(client: ApiClient): ApiClientResponse {
    return Object.assign(new ApiClientResponse(), {
      id: client.id,
      name: client.name,
      keyPrefix: client.keyPrefix,
      scopes: client.scopes,
      stateCodes: client.stateCodes,
      regionIds: client.regionIds,
      systems: client.systems,
      revokedAt: isoInstantOrNull(client.revokedAt),
      lastUsedAt: isoInstantOrNull(client.lastUsedAt),
      createdAt: isoInstant(client.createdAt),
      updatedAt: isoInstant(client.updatedAt),
    });
  }
}

export class ApiClientWithKeyResponse extends ApiClientResponse {
  @ApiProperty({
    example: 'tsk_3f9c0a1b2c4d_…',
    description:
      'The API key. Shown only in this response; store it now. Send it as `X-API-Key` or `Authorization: Bearer`.',
  })
  key: string;

  static fromNew({ client, key }: ApiClientWithKey): ApiClientWithKeyResponse {
    return Object.assign(new ApiClientWithKeyResponse(), ApiClientResponse.from(client), { key });
  }
}

export class ApiClientPage extends PageOf(ApiClientResponse) {}
