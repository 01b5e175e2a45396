import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Problems } from '../problems/problem.exception.js';

/** A resource's ETag for its version number: `"7"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version a client expects, from `If-Match: "7"` (weak `W/"7"` accepted). Undefined when the
 * header is absent; a header that names no version is a 400, not a silent pass.
 */
export const IfMatchVersion = createParamDecorator(
  (_: unknown, context: ExecutionContext): number | undefined => {
    const header = context.switchToHttp().getRequest<Request>().headers['if-match'];
    if (header === undefined) return undefined;
    const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
    if (!match) {
      throw Problems.validation([
        { field: 'If-Match', message: 'If-Match must be the ETag of the resource, e.g. "3"' },
      ]);
    }
    return Number(match[1]);
  },
);

/** Body and header may both name the expected version; when both do, they must agree. */
export function expectedVersionOf(header: number | undefined, body: number | undefined): number | undefined {
  if (header !== undefined && body !== undefined && header !== body) {
    throw Problems.validation([
      { field: 'expectedVersion', message: 'expectedVersion and If-Match disagree' },
    ]);
  }
  return header ?? body;
}
