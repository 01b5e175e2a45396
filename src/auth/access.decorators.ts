import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { describeRule, type AccessRule } from './access-rule.js';
import { ACCESS_RULE, PUBLIC_ROUTE } from './auth.constants.js';
import type { Caller } from './caller.js';

/** Who may call this route; shown in the OpenAPI document as `x-access`. */
export function Access(rule: AccessRule): MethodDecorator {
  const schemes =
    rule.clientScope === undefined ? [ApiBearerAuth()] : [ApiBearerAuth(), ApiSecurity('api-key')];
  return applyDecorators(
    SetMetadata(ACCESS_RULE, rule),
    ...schemes,
    ApiExtension('x-access', describeRule(rule)),
    ApiProblems(401, 403),
  );
}

/** Reachable without credentials (login, health). */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension('x-access', 'public'));
}

/** The authenticated caller, for services that check territory or record who acted. */
export const Auth = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  return context.switchToHttp().getRequest<{ user: Caller }>().user;
});
