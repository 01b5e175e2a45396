import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from '../problems/problem-details.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: unknown field, malformed value or id; `errors[]` names each field.',
  401: 'Missing or invalid credentials.',
  403: 'The caller may not do this.',
  404: 'The resource does not exist.',
  409: 'Conflicts with the current state (duplicate, still in use).',
  412: 'The expected version is stale.',
  413: 'The request body is too large.',
  422: 'Well-formed but refers to something that does not exist or breaks a rule.',
  503: 'A dependency (the database) is unavailable.',
};

/** Documents error responses as `application/problem+json` with the shared schema. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      }),
    ),
  );
}
