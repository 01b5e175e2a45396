import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import {
  apiKeyMatches,
  apiKeyPrefix,
  type ClientCaller,
  type ClientKeys,
  type RegionRef,
} from '../auth/index.js';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { counted, RegionsService } from '../regions/index.js';
import { ApiClient } from './api-client.entity.js';

/** The API keys auth/ authenticates state systems with, and the regions client territories name. */
@Injectable()
export class ClientKeysSource implements ClientKeys {
  constructor(
    @InjectRepository(ApiClient) private readonly clients: Repository<ApiClient>,
    private readonly regions: RegionsService,
  ) {}

  async callerFor(key: string): Promise<ClientCaller | null> {
    const prefix = apiKeyPrefix(key);
    if (!prefix) return null;
    const [row]: {
      id: string;
      name: string;
      key_hash: string;
      scopes: ClientCaller['scopes'];
      state_codes: string[];
      region_ids: string[];
      systems: string[];
      use_stale: boolean;
    }[] = await this.clients.query(
      `SELECT id, name, key_hash, scopes, state_codes, region_ids, systems,
              (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS use_stale
       FROM api_clients
       WHERE key_prefix = $1 AND revoked_at IS NULL`,
      [prefix],
    );
    if (!row || !apiKeyMatches(key, row.key_hash)) return null;
    // At most one write a minute per client, and no round trip at all in between: enough to
    // see which systems are alive.
    if (row.use_stale) {
      await this.clients.query(
        `UPDATE api_clients SET last_used_at = now()
         WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [row.id],
      );
    }
    return {
      kind: 'client',
      id: row.id,
      name: row.name,
      scopes: row.scopes,
      stateCodes: row.state_codes,
      regionIds: row.region_ids,
      systems: row.systems,
    };
  }

  async activeCaller(clientId: string): Promise<ClientCaller | null> {
    const client = await this.clients.findOneBy({ id: clientId });
    if (!client || client.revokedAt) return null;
    return {
      kind: 'client',
      id: client.id,
      name: client.name,
      scopes: client.scopes,
      stateCodes: client.stateCodes,
      regionIds: client.regionIds,
      systems: client.systems,
    };
  }

  regionsOf(client: ClientCaller): Promise<RegionRef[]> {
    return this.regions.refs(client.regionIds);
  }

  async namesOf(clientIds: readonly string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (clientIds.length === 0) return new Map();
    const rows = await inTransaction(this.clients, tx).find({
      where: { id: In([...clientIds]) },
      select: { id: true, name: true },
    });
    return new Map(rows.map((client) => [client.id, client.name]));
  }

  nameSql(column: string): string {
    return `(SELECT k.name FROM api_clients k WHERE k.id = ${column})`;
  }

  /** Why a region cannot be deleted yet, for `RegionReferences`: territories hold region ids in an array, which no foreign key protects. */
  async regionUse(regionId: string): Promise<string | null> {
    const count = await this.clients
      .createQueryBuilder('c')
      .where(':regionId = ANY(c.region_ids)', { regionId })
      .getCount();
    return count > 0
      ? `is in the territory of ${counted(count, 'API client', 'API clients')}; change their territory first`
      : null;
  }
}
