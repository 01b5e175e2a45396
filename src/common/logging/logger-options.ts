import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../../config/app-config.js';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id, set by `requestLogger` before anything else sees the request. */
    id?: string;
  }
  interface ServerResponse {
    /** What the problem filter noted about an expected failure, for the request's log line. */
    failure?: unknown;
  }
}

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

export function createLogger(level: LogLevel, stream?: NodeJS.WritableStream): Logger {
  return stream ? pino({ level }, stream as DestinationStream) : pino({ level });
}

/**
 * One JSON line per request, carrying the request id: `{requestId, req: {id, method, url}, res:
 * {statusCode}, responseTime}`, at info, warn for 4xx and error for 5xx (with what the problem
 * filter noted about an expected failure, e.g. the database away; an unforeseen one is logged
 * with its stack by the filter). Only the request line and status: headers and bodies can carry
 * credentials. pino-http did this with two child loggers per request, a tenth of a list
 * request's time in the profile (docs/performance.md); this writes the one line at the end.
 */
export function requestLogger(
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const started = performance.now();
    const id = requestIdOf(req, res);
    req.id = id;
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const failure = res.failure;
      logger[level](
        {
          requestId: id,
          req: { id, method: req.method, url: req.url },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
          ...(failure === undefined ? {} : { failure }),
        },
        status >= 500 ? 'request errored' : 'request completed',
      );
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

// Nest's start-up chatter (one line per module and per route) is for debugging, not for the
// operator: at info level the start-up log shows the URL and the demo logins first.
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/**
 * Nest's logger interface over pino. Nest appends the context (the `new Logger(context)` name) as
 * the last argument; a first argument that is an object is merged into the line, as in pino.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    this.write(
      typeof context === 'string' && START_UP_CONTEXTS.has(context) ? 'debug' : 'info',
      message,
      rest,
    );
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const args = [...rest];
    const context = typeof args.at(-1) === 'string' && args.length > 0 ? (args.pop() as string) : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const text = args.find((arg): arg is string => typeof arg === 'string');
      this.logger[level]({ context, ...message }, text);
    } else if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else {
      // Nest passes a stack trace as the second argument of error().
      const stack = args.find((arg): arg is string => typeof arg === 'string');
      this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
