import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { Problems } from '../common/problems/problem.exception.js';
import { SLUG_PATTERN } from '../common/validation/patterns.js';

/** A system's own ids: what state systems use as keys, no spaces or slashes. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

/** Documents the `{system}` and `{externalId}` path parameters of an integration route. */
export function ApiIntegrationParams(): MethodDecorator {
  return applyDecorators(
    ApiParam({
      name: 'system',
      description: 'The state system, as named on the API client (`systems`).',
      schema: { type: 'string', pattern: SLUG_PATTERN.source, maxLength: 40, example: 'digitallotsen-sn' },
    }),
    ApiParam({
      name: 'externalId',
      description: 'The system’s own id for the entity.',
      schema: { type: 'string', pattern: EXTERNAL_ID_PATTERN.source, example: 'bedarf-2026-0815' },
    }),
  );
}

/** `{system}` and `{externalId}`, checked: a malformed one is a 400 naming it. */
export function integrationTarget(
  system: string,
  externalId: string,
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
    ...(EXTERNAL_ID_PATTERN.test(externalId)
      ? []
      : [{ field: 'externalId', message: 'externalId must be 1–200 letters, digits or . _ : -' }]),
  ];
  if (errors.length > 0) throw Problems.validation(errors);
  return { system, externalId };
}
