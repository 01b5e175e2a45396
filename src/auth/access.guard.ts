import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Problems } from '../common/problems/problem.exception.js';
import { describeRule, isAllowed, type AccessRule } from './access-rule.js';
import { ACCESS_RULE, PUBLIC_ROUTE } from './auth.constants.js';
import type { Caller } from './caller.js';
import { CallerPassport } from './caller-passport.js';

/**
 * Global guard: every route is closed unless it is `@Public()` or its `@Access(rule)` admits
 * the caller. A route that declares neither is refused for everyone (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly passport: CallerPassport,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: Caller }>();
    const caller = await this.passport.authenticate(req, http.getResponse<Response>());
    req.user = { ...caller, requestId: typeof req.id === 'string' ? req.id : undefined };

    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (!rule) throw Problems.forbidden('this route declares no access rule');
    if (!isAllowed(req.user, rule))
      throw Problems.forbidden(`not allowed for this caller (${describeRule(rule)})`);
    return true;
  }
}
