import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { Clock } from '../common/clock.js';
import { Problems } from '../common/problems/problem.exception.js';
import { looksLikeApiKey } from './api-key.js';
import { API_KEY_HEADER } from './auth.constants.js';
import type { Caller } from './caller.js';
import { CallerCache } from './caller-cache.js';
import { IdentitySources } from './identity-sources.js';
import { JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './tokens.service.js';

const MAX_VERIFIED_TOKENS = 10_000;

/** What verification gives back: the claims signed, and `exp`, which the signing options add. */
type VerifiedClaims = AccessTokenClaims & { exp?: number };

/**
 * Turns the request's credentials into a `Caller`: an access token (JWT) for people, an API
 * key (`Authorization: Bearer tsk_…` or `X-API-Key`) for systems. A person's account comes from
 * `CallerCache` (read again after a few seconds, or at once when it changes on any instance); a
 * key is checked against its client on every request, so revoking takes effect at once.
 */
@Injectable()
export class CallerAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly sources: IdentitySources,
    private readonly cache: CallerCache,
    private readonly clock: Clock,
  ) {}

  /**
   * Access tokens verified before, until they expire: checking a signature was a twentieth of a
   * list request's time, and a desk tool sends the same token for its whole lifetime. Only tokens
   * that passed verification are kept, at most MAX_VERIFIED_TOKENS (the oldest goes first).
   */
  private readonly verified = new Map<string, { userId: string; expiresAt: number }>();

  async authenticate(req: Request): Promise<Caller> {
    const credential = credentialOf(req);
    if (!credential)
      throw Problems.unauthenticated('authentication required: send a bearer token or an API key');
    return looksLikeApiKey(credential) ? this.client(credential) : this.user(credential);
  }

  private async user(token: string): Promise<Caller> {
    const userId = await this.userIdOf(token);
    const caller = await this.cache.user(userId, () => this.sources.users.activeCaller(userId));
    if (!caller) throw Problems.unauthenticated('the account is deactivated or no longer exists');
    return caller;
  }

  private async userIdOf(token: string): Promise<string> {
    const now = this.clock.now().getTime();
    const known = this.verified.get(token);
    if (known && now < known.expiresAt) return known.userId;
    if (known) this.verified.delete(token);
    let claims: VerifiedClaims;
    try {
      // Pinning the algorithm refuses `alg: none` and any key confusion.
      claims = await this.jwt.verifyAsync<VerifiedClaims>(token, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        clockTimestamp: Math.floor(now / 1000),
      });
    } catch {
      throw Problems.unauthenticated('access token is invalid or expired');
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') {
      throw Problems.unauthenticated('access token is invalid or expired');
    }
    if (typeof claims.exp === 'number') {
      if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { userId: claims.sub, expiresAt: claims.exp * 1000 });
    }
    return claims.sub;
  }

  private async client(key: string): Promise<Caller> {
    const caller = await this.sources.clients.callerFor(key);
    if (!caller) throw Problems.unauthenticated('API key is invalid or revoked');
    return caller;
  }
}

function credentialOf(req: Request): string | undefined {
  const apiKey = req.headers[API_KEY_HEADER];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
