import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
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

export function createLogger(level: LogLevel, stream?: NodeJS.WritableStream): Logger {
  return stream ? pino({ level }, stream as DestinationStream) : pino({ level });
}

/** One JSON line per request, carrying the request id. */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
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
    // pino-http makes up an Error (with a stack) for every 5xx. An unforeseen failure is logged
    // with its stack by the problem filter; an expected one (the database away) only here, once,
    // with what the filter noted about it.
    customErrorObject: (_req, res, _error, value: Record<string, unknown>) => {
      const { err: _err, ...line } = value;
      const failure = (res as { failure?: unknown }).failure;
      return failure ? { ...line, failure } : line;
    },
  });
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
