import { Inject, Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { RateLimitConfig } from '../../config/app-config.js';
import { Problems } from '../../common/problems/problem.exception.js';
import { Metrics } from '../../metrics/index.js';
import type { Caller } from '../caller.js';

const UNTHROTTLED = 'transferstelle:unthrottled';

/** Not counted against any limit: the health check must tell the truth while callers are limited. */
export const Unthrottled = (): MethodDecorator & ClassDecorator => SetMetadata(UNTHROTTLED, true);

type LimitedRequest = Request & { user?: Caller; rateLimits?: string[]; rateLimitPolicies?: string[] };

const isLogin = (req: Request) => req.method === 'POST' && req.path.endsWith('/auth/login');
const isAuth = (req: Request) => /\/auth\//.test(req.path);
const callerOf = (context: ExecutionContext) => context.switchToHttp().getRequest<LimitedRequest>().user;

/**
 * The limits, by who is calling: a person by user id, a state system by client id, anyone else by
 * IP (with `TRUST_PROXY` the client's, not the proxy's). `/auth/*` also counts per IP, and a login
 * per account, so that neither one address nor many addresses can guess one account's password
 * faster than the lockout allows.
 */
export function throttlerOptions(config: RateLimitConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  const window = config.windowSeconds * 1000;
  const throttlers: ThrottlerOptions[] = [
    {
      name: 'user',
      limit: config.perUser,
      ttl: window,
      skipIf: (context) => callerOf(context)?.kind !== 'user',
      getTracker: (req) => (req as LimitedRequest).user!.id,
    },
    {
      name: 'client',
      limit: config.perClient,
      ttl: window,
      skipIf: (context) => callerOf(context)?.kind !== 'client',
      getTracker: (req) => (req as LimitedRequest).user!.id,
    },
    {
      name: 'anonymous',
      limit: config.perAnonymousIp,
      ttl: window,
      skipIf: (context) => callerOf(context) !== undefined,
    },
    {
      name: 'auth-ip',
      limit: config.authPerIp,
      ttl: window,
      skipIf: (context) => !isAuth(context.switchToHttp().getRequest<Request>()),
    },
    {
      name: 'login-account',
      limit: config.loginsPerAccount,
      ttl: config.authAccountWindowSeconds * 1000,
      skipIf: (context) => !isLogin(context.switchToHttp().getRequest<Request>()),
      // The account the login names, as it is looked up; a body without one counts for nobody.
      getTracker: (req) => {
        const email = (req as Request).body?.email;
        return typeof email === 'string' ? `account:${email.trim().toLowerCase()}` : 'account:';
      },
    },
  ];
  return {
    throttlers,
    storage,
    setHeaders: false,
    // One bucket per throttler and caller across every route, not per route (the default).
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
  };
}

/**
 * @nestjs/throttler's guard, asked by the AccessGuard once it knows the caller (or that the
 * credentials failed, which count against the IP). It answers 429 as problem+json with
 * `Retry-After`, and sets the IETF draft's `RateLimit` and `RateLimit-Policy` fields on every
 * answer, one item per limit that applied.
 */
@Injectable()
export class RateLimiter extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly metrics: Metrics,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return (
      this.reflector.getAllAndOverride<boolean>(UNTHROTTLED, [context.getHandler(), context.getClass()]) ===
      true
    );
  }

  protected override async handleRequest(
    props: Parameters<ThrottlerGuard['handleRequest']>[0],
  ): Promise<boolean> {
    const { context, limit, ttl, throttler, getTracker, generateKey } = props;
    const http = context.switchToHttp();
    const req = http.getRequest<LimitedRequest>();
    const res = http.getResponse<Response>();
    const name = throttler.name ?? 'default';
    const key = generateKey(context, await getTracker(req, context), name);
    const { totalHits, timeToExpire } = await this.storageService.increment(key, ttl, limit, ttl, name);
    const remaining = Math.max(0, limit - totalHits);
    (req.rateLimitPolicies ??= []).push(`"${name}";q=${limit};w=${Math.round(ttl / 1000)}`);
    (req.rateLimits ??= []).push(`"${name}";r=${remaining};t=${timeToExpire}`);
    res.setHeader('RateLimit-Policy', req.rateLimitPolicies.join(', '));
    res.setHeader('RateLimit', req.rateLimits.join(', '));
    if (totalHits > limit) {
      this.metrics.rateLimitRejected(name);
      res.setHeader('Retry-After', String(timeToExpire));
      throw Problems.retryLater(
        429,
        'rate-limited',
        `Over the ${name} limit of ${limit} requests per ${Math.round(ttl / 1000)} s; retry in ${timeToExpire} s.`,
      );
    }
    return true;
  }
}
