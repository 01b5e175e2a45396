import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { apiKeyMatches, apiKeyPrefix, looksLikeApiKey } from '../api-clients/api-key.js';
import { Problems } from '../common/problems/problem.exception.js';
import type { Role } from '../users/role.js';
import { API_KEY_HEADER } from './auth.constants.js';
import type { Caller } from './caller.js';
import type { Scope } from './scopes.js';
import { JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './tokens.service.js';

/**
 * Turns the request's credentials into a `Caller`: an access token (JWT) for people, an API
 * key (`Authorization: Bearer tsk_…` or `X-API-Key`) for systems. Each request re-reads the user
 * or client (one indexed query), so deactivating or revoking takes effect at once.
 */
@Injectable()
export class CallerAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async authenticate(req: Request): Promise<Caller> {
    const credential = credentialOf(req);
    if (!credential)
      throw Problems.unauthenticated('authentication required: send a bearer token or an API key');
    return looksLikeApiKey(credential) ? this.client(credential) : this.user(credential);
  }

  private async user(token: string): Promise<Caller> {
    let claims: AccessTokenClaims;
    try {
      // Pinning the algorithm refuses `alg: none` and any key confusion.
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch {
      throw Problems.unauthenticated('access token is invalid or expired');
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') {
      throw Problems.unauthenticated('access token is invalid or expired');
    }
    const [row]: { id: string; role: Role; region_ids: string[] }[] = await this.db.query(
      `SELECT u.id, u.role, ARRAY(SELECT region_id FROM user_regions WHERE user_id = u.id) AS region_ids
       FROM users u WHERE u.id = $1 AND u.active`,
      [claims.sub],
    );
    if (!row) throw Problems.unauthenticated('the account is deactivated or no longer exists');
    return { kind: 'user', id: row.id, role: row.role, regionIds: row.region_ids };
  }

  private async client(key: string): Promise<Caller> {
    const prefix = apiKeyPrefix(key);
    const [row]: {
      id: string;
      name: string;
      key_hash: string;
      scopes: Scope[];
      state_codes: string[];
      region_ids: string[];
      use_stale: boolean;
    }[] = prefix
      ? await this.db.query(
          `SELECT id, name, key_hash, scopes, state_codes, region_ids,
                  (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS use_stale
           FROM api_clients
           WHERE key_prefix = $1 AND revoked_at IS NULL`,
          [prefix],
        )
      : [];
    if (!row || !apiKeyMatches(key, row.key_hash))
      throw Problems.unauthenticated('API key is invalid or revoked');
    // At most one write a minute per client, and no round trip at all in between: enough to
    // see which systems are alive.
    if (row.use_stale) {
      await this.db.query(
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
    };
  }
}

function credentialOf(req: Request): string | undefined {
  const apiKey = req.headers[API_KEY_HEADER];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
