import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldError {
  @ApiProperty({ example: 'ags', description: 'Path of the offending field, e.g. `ags` or `items[3].name`.' })
  field: string;

  @ApiProperty({ example: 'ags must be exactly 8 digits' })
  message: string;
}

/** RFC 9457 problem details, the body of every error response (`application/problem+json`). */
export class ProblemDetails {
  @ApiProperty({ example: 'urn:transferstelle:problem:validation-failed' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  status: number;

  @ApiPropertyOptional({ example: 'The request has 1 invalid field.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/municipalities', description: 'The request path.' })
  instance?: string;

  @ApiPropertyOptional({ description: 'Echo of the X-Request-Id header, to find the request in the logs.' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldError], description: 'One entry per invalid field.' })
  errors?: FieldError[];
}

/** 412: the write was based on an older version of the resource. */
export class StaleVersionProblem extends ProblemDetails {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 4,
    description: 'The version the resource is at now.',
  })
  currentVersion: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(slug: string): string {
  return `urn:transferstelle:problem:${slug}`;
}
