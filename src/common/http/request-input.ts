import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemType, type FieldError } from '../problems/problem-details.js';
import { ProblemException, Problems } from '../problems/problem.exception.js';

/** Deeper bodies are refused before class-transformer walks them (its recursion has no limit). */
export const MAX_JSON_DEPTH = 32;

// Keys that reach an object's prototype chain when a library copies a body field by field.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// NUL cannot be stored in a Postgres text value (22021); a lone surrogate is no Unicode at all
// and turns into U+FFFD or an error wherever it is encoded.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** application/json and the structured `+json` types, with or without parameters. */
function isJson(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Every route reads JSON only. A form or text body would otherwise pass unread (an empty body)
 * or be parsed by a parser nobody validated against, so anything else is 415.
 */
export function requireJsonBody(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(req.method) || !hasBody(req) || isJson(req.headers['content-type'])) return next();
    next(
      new ProblemException({
        status: 415,
        slug: 'unsupported-media-type',
        title: 'Unsupported media type',
        detail: 'Request bodies must be application/json.',
      }),
    );
  };
}

/**
 * A body that arrives slower than this is cut off with 408, so a client trickling bytes cannot hold
 * a connection and its parser open indefinitely (Node's own `requestTimeout` is the backstop).
 */
export function bodyReadTimeout(ms: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req) || req.complete) return next();
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      // Answered here rather than through the filter: the parser still waits for the rest.
      res.setHeader('Connection', 'close');
      res
        .status(408)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: problemType('body-timeout'),
            title: 'Request timeout',
            status: 408,
            detail: `The request body did not arrive within ${ms} ms.`,
            instance: req.originalUrl.split('?')[0],
            requestId: typeof req.id === 'string' ? req.id : undefined,
          }),
        );
      res.on('finish', () => req.destroy());
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
    res.once('close', clear);
    next();
  };
}

/**
 * Runs after the JSON parser, before validation: refuses what no DTO rule can see or what would
 * fail deeper down with a 500 — bodies nested too deep, prototype keys (class-validator's
 * whitelist never sees `__proto__`), and strings Postgres cannot store, in the body and the query.
 */
export function refuseUnstorableInput(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const errors: FieldError[] = [];
    try {
      inspect(req.body, '', 1, errors);
    } catch (error) {
      if (error instanceof TooDeep) return next(tooDeep());
      throw error;
    }
    for (const [key, value] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
      inspectKey(key, key, errors, 'parameter');
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'string' && UNSTORABLE.test(item)) errors.push(unstorable(key));
      }
    }
    next(errors.length > 0 ? Problems.validation(dedupe(errors)) : undefined);
  };
}

class TooDeep extends Error {}

function inspect(value: unknown, path: string, depth: number, errors: FieldError[]): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) errors.push(unstorable(path || 'body'));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_JSON_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) {
    value.forEach((item, i) => inspect(item, `${path}[${i}]`, depth + 1, errors));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (inspectKey(key, field, errors, 'field')) continue;
    inspect(item, field, depth + 1, errors);
  }
}

/** True when the key itself is refused (its value is then not looked at). */
function inspectKey(key: string, field: string, errors: FieldError[], what: 'field' | 'parameter'): boolean {
  if (PROTOTYPE_KEYS.has(key)) {
    errors.push({ field, message: `${field} is not a known ${what}` });
    return true;
  }
  if (UNSTORABLE.test(key)) {
    errors.push({
      field: JSON.stringify(field),
      message: `a ${what} name must not contain NUL or unpaired surrogates`,
    });
    return true;
  }
  return false;
}

function unstorable(field: string): FieldError {
  return { field, message: `${field} must not contain NUL characters or unpaired surrogates` };
}

function tooDeep(): ProblemException {
  return new ProblemException({
    status: 400,
    slug: 'malformed-body',
    title: 'Malformed request body',
    detail: `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
  });
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => !seen.has(error.field) && seen.add(error.field));
}
