import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Problems } from '../common/problems/problem.exception.js';
import { describeRule, isAllowed, type AccessRule } from './access-rule.js';
import { ACCESS_RULE, PUBLIC_ROUTE } from './auth.constants.js';
import type { Caller } from './caller.js';
import { CallerPassport } from './caller-passport.js';
import { EXPENSIVE, ExpensiveCalls } from './rate-limits/expensive-calls.js';
import { RateLimiter } from './rate-limits/rate-limiter.js';

/**
 * Global guard: every route is closed unless it is `@Public()` or its `@Access(rule)` admits
 * the caller. A route that declares neither is refused for everyone (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly passport: CallerPassport,
    private readonly limits: RateLimiter,
    private readonly expensive: ExpensiveCalls,
  ) {}

  /**
   * Rate limits are counted once the caller is known: by user or client when the credentials
   * hold, by IP when there are none or they fail — so a flood of bad keys is limited too.
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: Caller }>();
    const res = http.getResponse<Response>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      await this.limits.canActivate(context);
      this.admitIfExpensive(context, req, res);
      return true;
    }

    let caller: Caller;
    try {
      caller = await this.passport.authenticate(req, res);
    } catch (error) {
      await this.limits.canActivate(context);
      throw error;
    }
    req.user = { ...caller, requestId: typeof req.id === 'string' ? req.id : undefined };
    await this.limits.canActivate(context);

    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (!rule) throw Problems.forbidden('this route declares no access rule');
    if (!isAllowed(req.user, rule))
      throw Problems.forbidden(`not allowed for this caller (${describeRule(rule)})`);
    this.admitIfExpensive(context, req, res);
    return true;
  }

  private admitIfExpensive(context: ExecutionContext, req: Request & { user?: Caller }, res: Response): void {
    if (this.reflector.get<boolean>(EXPENSIVE, context.getHandler()))
      this.expensive.admit(req, res, req.user);
  }
}
