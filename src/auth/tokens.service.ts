import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Problems } from '../common/problems/problem.exception.js';
import type { AuthConfig } from '../config/app-config.js';
import { AUTH_CONFIG } from './auth.constants.js';
import { IdentitySources } from './identity-sources.js';
import { RefreshToken } from './refresh-token.entity.js';
import type { Role } from './role.js';

/** Whom tokens are issued to. */
export interface TokenSubject {
  id: string;
  role: Role;
}

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
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
    private readonly sources: IdentitySources,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** A new login: a new refresh-token family. */
  issue(user: TokenSubject): Promise<TokenPair> {
    return this.issueInFamily(user, randomUUID());
  }

  /**
   * Trades a refresh token for a new pair. A token is good once: presenting one that was
   * already used means it was copied, so its whole family (the login) is revoked.
   */
  async rotate(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.tokens.manager.transaction(async (tx) => {
      const [stored]: {
        id: string;
        family_id: string;
        user_id: string;
        used_at: Date | null;
        usable: boolean;
      }[] = await tx.query(
        `SELECT id, family_id, user_id, used_at, (revoked_at IS NULL AND expires_at > now()) AS usable
         FROM refresh_tokens WHERE token_hash = $1
         FOR UPDATE`,
        [hashToken(refreshToken)],
      );
      const user = stored?.usable ? await this.sources.users.activeCaller(stored.user_id, tx) : null;
      if (!stored || !user) {
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
        user: { id: user.id, role: user.role },
        familyId: stored.family_id,
      };
    });
    // Thrown after the transaction so that revoking a reused token's family is committed.
    if (!outcome.ok) throw Problems.unauthenticated(outcome.reason);
    return this.issueInFamily(outcome.user, outcome.familyId);
  }

  /** Ends the login the refresh token belongs to. Unknown tokens are ignored: logout is idempotent. */
  async revokeFamilyOf(refreshToken: string): Promise<void> {
    await this.tokens.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE revoked_at IS NULL
         AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [hashToken(refreshToken)],
    );
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.tokens.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
      [userId],
    );
  }

  private async issueInFamily(user: TokenSubject, familyId: string): Promise<TokenPair> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.tokens.insert({
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
