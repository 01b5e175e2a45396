import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { etagOf } from './if-match.js';

/** Sends the version of the resource in the body as its ETag, so the next write can send If-Match. */
export function withEtag<T extends { version: number }>(res: Response, body: T): T {
  res.setHeader('ETag', etagOf(body.version));
  return body;
}

/** Documents the optional `If-Match` request header of a write. */
export function ApiIfMatch(description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiHeader({ name: 'If-Match', required: false, description }));
}

/** Documents the `ETag` response header `withEtag` sends. */
export const ETAG_HEADERS = {
  ETag: {
    required: true,
    description: 'The version of the resource (`"<version>"`); send it back as `If-Match` on the next write.',
    schema: { type: 'string', pattern: '^"[1-9][0-9]*"$', example: '"3"' },
  },
};
