import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLevel } from '../../config/app-config.js';

export const REQUEST_ID_HEADER = 'x-request-id';
// A caller's id is reused so one request can be followed across systems, but only when it is a
// plain token: anything else could forge log lines or bloat them.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** One JSON line per request and per log call, each carrying the request id. */
export function loggerOptions(level: LogLevel, stream?: NodeJS.WritableStream): Params {
  const options: Options = {
    level,
    genReqId: requestIdOf,
    customProps: (req) => ({ requestId: req.id }),
    // Only the request line and status: headers and bodies can carry credentials.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  };
  return { pinoHttp: stream ? [options, stream as DestinationStream] : options };
}
