import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from './problem-details.js';
import { constraintMessage } from './constraint-messages.js';
import { databaseUnavailable, unavailableProblem } from './database-unavailable.js';
import { ProblemException } from './problem.exception.js';

interface PostgresError {
  code?: string;
  constraint?: string;
  detail?: string;
  table?: string;
}

/** "by needs", from the table Postgres names; tables are the API's collections in snake case. */
function referrerOf(error: PostgresError): string {
  const table = /referenced from table "([a-z_]+)"/.exec(error.detail ?? '')?.[1];
  return table ? ` by ${table.replace(/_/g, ' ')}` : '';
}

/**
 * Turns every error into RFC 9457 problem details. Services throw `ProblemException`s for the
 * cases they foresee; the rest is mapped here so that no client ever sees a stack trace or an
 * HTML error page, and only unforeseen failures become a 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();

    const unavailable = databaseUnavailable(exception);
    const problem: ProblemDetails = {
      ...(unavailable ? unavailableProblem() : this.toProblem(exception)),
      instance: request.originalUrl?.split('?')[0],
      requestId: typeof request.id === 'string' ? request.id : undefined,
    };
    if (unavailable) {
      // Expected while the database is away: one line per request (the request log's), no stack.
      response.failure = { database: unavailable };
    } else if (problem.status >= 500) {
      this.logger.error({ err: loggable(exception), requestId: problem.requestId }, 'request failed');
    }
    if (response.headersSent) return;
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="transferstelle"');
    if (unavailable) response.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) {
      const { status, title, detail, errors, extensions } = exception.problem;
      return { ...extensions, type: exception.type, title, status, detail, errors };
    }
    // Express' body parser fails before Nest's router; Nest wraps its error as the cause.
    const bodyParserProblem = fromBodyParser(
      exception instanceof HttpException ? exception.cause : exception,
    );
    if (bodyParserProblem) return bodyParserProblem;
    if (exception instanceof HttpException) {
      return this.fromStatus(exception.getStatus(), messageOf(exception));
    }
    if (exception instanceof QueryFailedError) {
      const mapped = fromPostgres(exception.driverError as PostgresError);
      if (mapped) return mapped;
    }
    return {
      type: problemType('internal-error'),
      title: 'Internal server error',
      status: 500,
      detail: 'The request could not be completed. Quote the requestId when reporting this.',
    };
  }

  private fromStatus(status: number, detail: string | undefined): ProblemDetails {
    return {
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail: status >= 500 ? undefined : detail,
    };
  }
}

function messageOf(exception: HttpException): string | undefined {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Body-parser's errors (http-errors) carry the message of whatever failed beneath it — zlib's
 * "incorrect header check", iconv's, Node's — so only its type and status are used.
 */
function fromBodyParser(exception: unknown): ProblemDetails | undefined {
  const error = exception as { type?: unknown; status?: unknown; statusCode?: unknown };
  const status = typeof error?.status === 'number' ? error.status : error?.statusCode;
  if (typeof status !== 'number' || exception instanceof HttpException) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        type: problemType('malformed-body'),
        title: 'Malformed request body',
        status: 400,
        detail: 'The request body is not valid JSON.',
      };
    case 'entity.too.large':
      return {
        type: problemType('body-too-large'),
        title: 'Request body too large',
        status: 413,
        detail: 'The request body exceeds the size limit.',
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        type: problemType('unsupported-media-type'),
        title: 'Unsupported media type',
        status: 415,
        detail: 'The body’s Content-Encoding or charset is not supported (gzip, deflate, br; UTF-8).',
      };
    default:
      return status >= 400 && status < 500
        ? {
            type: problemType('malformed-body'),
            title: 'Malformed request body',
            status,
            detail: 'The request body could not be read.',
          }
        : undefined;
  }
}

/**
 * Safety net for races the services' own checks cannot exclude (two writers at once): the
 * database constraint decides, and the client gets the same answer the check would have given.
 */
function fromPostgres(error: PostgresError): ProblemDetails | undefined {
  const field = constraintMessage(error.constraint);
  switch (error.code) {
    case '23505':
      return {
        type: problemType('duplicate'),
        title: 'Conflict',
        status: 409,
        detail: field?.message ?? 'The resource already exists.',
        errors: field ? [field] : undefined,
      };
    // 23001: a RESTRICT foreign key (e.g. needs → municipalities) refuses deleting a row in use.
    case '23001':
      return {
        type: problemType('reference-conflict'),
        title: 'Conflict',
        status: 409,
        detail: `It is still referred to${referrerOf(error)}; remove or move those first.`,
      };
    case '23503':
      return {
        type: problemType('reference-conflict'),
        title: 'Conflict',
        status: 409,
        detail: 'The change conflicts with records that refer to it or that it refers to.',
      };
    case '23502':
    case '22001':
    case '22003':
    case '22P02':
    case '23514':
    case '22007': // 22007–22009: date-time values the DTO checks let through but Postgres cannot store
    case '22008':
    case '22009':
    case '22021':
      return {
        type: problemType('validation-failed'),
        title: 'Validation failed',
        status: 400,
        detail: 'A value is out of range.',
      };
    default:
      // Any other integrity violation (23P01 exclusion, …) is a conflict with stored data; any
      // other data exception (class 22: a value Postgres cannot take) is the request's fault.
      if (error.code?.startsWith('23'))
        return {
          type: problemType('conflict'),
          title: 'Conflict',
          status: 409,
          detail: 'The change conflicts with stored data.',
        };
      if (error.code?.startsWith('22'))
        return {
          type: problemType('validation-failed'),
          title: 'Validation failed',
          status: 400,
          detail: 'A value cannot be stored.',
        };
      return undefined;
  }
}

/**
 * What of an unforeseen error goes into the log: never the SQL parameters a failed query
 * carries (they may hold password hashes or personal data), only what locates the fault.
 */
function loggable(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { message: String(exception) };
  const driverError =
    exception instanceof QueryFailedError ? (exception.driverError as PostgresError) : undefined;
  return {
    type: exception.name,
    message: exception.message,
    code: driverError?.code,
    constraint: driverError?.constraint,
    stack: exception.stack,
  };
}
