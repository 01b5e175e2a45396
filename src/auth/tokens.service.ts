import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Problems } from '../common/problems/problem.exception.js';
import { AUTH_CONFIG } from './auth.constants.js';
import type { AuthConfig } from '../config/app-config.js';
import type { Role } from '../users/role.js';
import type { User } from '../users/user.entity.js';
import { RefreshToken } from './refresh-token.entity.js';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  /** seconds */
  expiresIn: number;
  refreshToken: string;
  /** seconds */
  refreshExpiresIn: number;
}

export interface AccessTokenClaims {
  sub: string;
  role: string;
  typ: 'access';
}

export const JWT_ISSUER = 'transferstelle';
export const JWT_AUDIENCE = 'transferstelle-api';

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** A new login: a new refresh-token family. */
  issue(user: Pick<User, 'id' | 'role'>): Promise<TokenPair> {
    return this.issueInFamily(user, randomUUID());
  }

  /**
   * Trades a refresh token for a new pair. A token is good once: presenting one that was
   * already used means it was copied, so its whole family (the login) is revoked.
   */
  async rotate(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.db.transaction(async (tx) => {
      const [stored]: {
        id: string;
        family_id: string;
        used_at: Date | null;
        usable: boolean;
        user_id: string;
        role: Role;
      }[] = await tx.query(
        `SELECT t.id, t.family_id, t.used_at, t.user_id, u.role,
                (t.revoked_at IS NULL AND t.expires_at > now() AND u.active) AS usable
         FROM refresh_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1
         FOR UPDATE OF t`,
        [hashToken(refreshToken)],
      );
      if (!stored || !stored.usable) {
        return { ok: false as const, reason: 'refresh token is invalid, expired or revoked' };
      }
      if (stored.used_at) {
        await tx.query(
          'UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
          [stored.family_id],
        );
        return { ok: false as const, reason: 'refresh token was already used; the session has been revoked' };
      }
      await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [stored.id]);
      return {
        ok: true as const,
        user: { id: stored.user_id, role: stored.role },
        familyId: stored.family_id,
      };
    });
    // Thrown after the transaction so that revoking a reused token's family is committed.
    if (!outcome.ok) throw Problems.unauthenticated(outcome.reason);
    return this.issueInFamily(outcome.user, outcome.familyId);
  }

  /** Ends the login the refresh token belongs to. Unknown tokens are ignored: logout is idempotent. */
  async revokeFamilyOf(refreshToken: string): Promise<void> {
    await this.db.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE revoked_at IS NULL
         AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [hashToken(refreshToken)],
    );
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.db.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
      [userId],
    );
  }

  private async issueInFamily(user: Pick<User, 'id' | 'role'>, familyId: string): Promise<TokenPair> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.db.getRepository(RefreshToken).insert({
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.accessTokenTtlSeconds,
      refreshToken,
      refreshExpiresIn: this.config.refreshTokenTtlSeconds,
    };
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
