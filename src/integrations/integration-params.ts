import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Problems } from '../common/problems/problem.exception.js';
import { SLUG_PATTERN } from '../common/validation/patterns.js';

/** A system's own ids: what state systems use as keys, no spaces or slashes. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

const externalIdMessage = (field: string) => `${field} must be 1–200 letters, digits or . _ : -`;

/** A field holding a system's own id. */
export function IsExternalId(field: string): PropertyDecorator {
  return applyDecorators(IsString(), Matches(EXTERNAL_ID_PATTERN, { message: externalIdMessage(field) }));
}

/** Documents the `{system}` path parameter of an integration route. */
export function ApiSystemParam(): MethodDecorator {
  return ApiParam({
    name: 'system',
    description: 'The state system, as named on the API client (`systems`).',
    schema: { type: 'string', pattern: SLUG_PATTERN.source, maxLength: 40, example: 'digitallotsen-sn' },
  });
}

/** Documents the `{system}` and `{externalId}` path parameters of an integration route. */
export function ApiIntegrationParams(): MethodDecorator {
  return applyDecorators(
    ApiSystemParam(),
    ApiParam({
      name: 'externalId',
      description: 'The system’s own id for the entity.',
      schema: { type: 'string', pattern: EXTERNAL_ID_PATTERN.source, example: 'bedarf-2026-0815' },
    }),
  );
}

/** `{system}` and, where the route has one, `{externalId}`, checked together: each malformed one is named (400). */
export function integrationTarget(
  system: string,
  externalId?: string,
): { system: string; externalId: string } {
  const errors = [
    ...(SLUG_PATTERN.test(system) && system.length <= 40
      ? []
      : [
          {
            field: 'system',
            message: 'system must be lower-case letters and digits separated by single hyphens',
          },
        ]),
    ...(externalId === undefined || EXTERNAL_ID_PATTERN.test(externalId)
      ? []
      : [{ field: 'externalId', message: externalIdMessage('externalId') }]),
  ];
  if (errors.length > 0) throw Problems.validation(errors);
  return { system, externalId: externalId ?? '' };
}
