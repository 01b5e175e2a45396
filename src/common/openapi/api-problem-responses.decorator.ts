import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, StaleVersionProblem } from '../problems/problem-details.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: unknown field, malformed value or id; `errors[]` names each field.',
  401: 'Missing or invalid credentials.',
  403: 'The caller may not do this.',
  404: 'The resource does not exist.',
  409: 'Conflicts with the current state (duplicate, still in use).',
  412: 'The expected version is stale; `currentVersion` says where the resource is now.',
  413: 'The request body is too large.',
  422: 'Well-formed but refers to something that does not exist or breaks a rule.',
  503: 'A dependency (the database) is unavailable.',
};

/** Problems whose body carries extension members of their own, whatever the operation. */
const SCHEMAS: Record<number, Type> = { 412: StaleVersionProblem };

/** A status whose problem has its own schema on this operation, e.g. `{ status: 409, type: …, description }`. */
export interface SpecificProblem {
  status: number;
  type: Type<ProblemDetails>;
  description: string;
}

/** Documents error responses as `application/problem+json` with the shared schema or a specific one. */
export function ApiProblems(...problems: Array<number | SpecificProblem>): MethodDecorator & ClassDecorator {
  const specific = problems.filter((p): p is SpecificProblem => typeof p !== 'number');
  return applyDecorators(
    ApiExtraModels(ProblemDetails, ...Object.values(SCHEMAS), ...specific.map((p) => p.type)),
    ...problems.map((problem) => {
      const { status, type, description } =
        typeof problem === 'number'
          ? {
              status: problem,
              type: SCHEMAS[problem] ?? ProblemDetails,
              description: DESCRIPTIONS[problem] ?? 'Error',
            }
          : problem;
      return ApiResponse({
        status,
        description,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(type) } } },
      });
    }),
  );
}
