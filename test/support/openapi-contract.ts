import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import { appendFileSync } from 'node:fs';
import { API_BASE_PATH, buildOpenApiDocument } from '../../src/common/openapi/openapi-document.js';

// ajv-formats is CommonJS: under ESM its plugin is the module's `default` member.
const addFormats = ajvFormats.default;

/**
 * Every response the tests provoke is checked against the OpenAPI document the app serves: the
 * status must be documented for the operation, the body must match the schema of its media
 * type (with no property the schema does not name), and documented headers must be sent. Runs
 * in every e2e file through `startTestApp`; `close()` fails the file on the first mismatch.
 */
export interface ResponseContract {
  violations(): string[];
  /** How many responses were checked against a schema. */
  checked(): number;
}

interface Operation {
  template: string;
  pattern: RegExp;
  literalSegments: number;
  method: string;
  responses: Record<string, DocumentedResponse>;
}

interface DocumentedResponse {
  headers?: Record<string, { $ref: string } | { required?: boolean }>;
  content?: Record<string, { schema?: unknown }>;
}

export function watchResponses(app: INestApplication): ResponseContract {
  let contract: Contract | undefined;
  const violations: string[] = [];
  let checked = 0;

  app.use((req: Request, res: Response, next: NextFunction) => {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      // Only JSON is kept for its schema: other bodies are checked as strings, and keeping a streamed
      // export of a whole table would do what the export itself must not (hold it in memory).
      if (!isJson(String(res.getHeader('content-type') ?? ''))) return;
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(
              chunk as string,
              typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
            ),
      );
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response['end'];
    res.on('finish', () => {
      contract ??= new Contract(buildOpenApiDocument(app));
      const problem = contract.check(req.method, req.originalUrl, res, Buffer.concat(chunks));
      if (problem === 'unchecked') return;
      checked++;
      if (problem) violations.push(problem);
    });
    next();
  });

  return {
    violations: () => [...violations],
    checked: () => checked,
  };
}

/** Appends `<file> <count>` to $OPENAPI_CHECK_REPORT, for counting validated responses across a run. */
export function reportChecked(file: string, count: number): void {
  const report = process.env.OPENAPI_CHECK_REPORT;
  if (report) appendFileSync(report, `${file} ${count}\n`);
}

class Contract {
  private readonly operations: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenAPIObject) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(asJsonSchema(strictResponses(document)) as object, 'openapi');
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
        const operation = item[method];
        if (!operation) continue;
        this.operations.push({
          template,
          method: method.toUpperCase(),
          pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
          literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
          responses: operation.responses as Record<string, DocumentedResponse>,
        });
      }
    }
    // A literal segment beats a parameter: /solutions/by-slug/{slug} before /solutions/{id}/….
    this.operations.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** A violation, `undefined` when the response matches, `'unchecked'` outside the API. */
  check(method: string, url: string, res: Response, body: Buffer): string | undefined | 'unchecked' {
    const path = url.split('?')[0];
    if (!path.startsWith(`${API_BASE_PATH}/`)) return 'unchecked';
    const relative = path.slice(API_BASE_PATH.length);
    const operation = this.operations.find((o) => o.method === method && o.pattern.test(relative));
    // Unknown routes answer 404 from the router; they are not operations of the document.
    if (!operation)
      return res.statusCode === 404 || res.statusCode === 405
        ? 'unchecked'
        : `${method} ${path}: no such operation in the document`;
    const where = `${method} ${operation.template} → ${res.statusCode}`;
    const status = String(res.statusCode);
    const documented = operation.responses[status];
    if (!documented)
      return `${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`;

    for (const [header, spec] of Object.entries(documented.headers ?? {})) {
      const required = '$ref' in spec ? true : spec.required === true;
      if (required && res.getHeader(header) === undefined)
        return `${where}: documented header ${header} missing`;
    }
    const contentType = String(res.getHeader('content-type') ?? '')
      .split(';')[0]
      .trim();
    if (!documented.content) {
      return body.length === 0 ? undefined : `${where}: body sent, none documented`;
    }
    if (!(contentType in documented.content)) {
      return `${where}: content type ${contentType || '(none)'} not documented (documented: ${Object.keys(documented.content).join(', ')})`;
    }
    const pointer = [
      'paths',
      operation.template,
      method.toLowerCase(),
      'responses',
      status,
      'content',
      contentType,
      'schema',
    ]
      .map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`openapi#/${pointer}`);
      if (!validate) return `${where}: no schema for ${contentType}`;
      this.validators.set(pointer, validate);
    }
    let parsed: unknown = body.toString('utf8');
    // JSON bodies are parsed; others (CSV, JSON Lines) are checked as the string they are.
    if (isJson(contentType)) {
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return `${where}: body is not JSON`;
      }
    }
    if (validate(parsed)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      );
    return `${where}: ${errors.join('; ')}`;
  }
}

/**
 * A response may carry only what its schema names: the document is checked for completeness,
 * not only for the fields it already lists. (Request bodies already say so in the document.)
 */
function strictResponses(document: OpenAPIObject): OpenAPIObject {
  const copy = structuredClone(document);
  const close = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(close);
    if (node === null || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    if (object.properties && object.additionalProperties === undefined) object.additionalProperties = false;
    Object.values(object).forEach(close);
  };
  close(copy.components?.schemas);
  for (const item of Object.values(copy.paths)) {
    for (const operation of Object.values(item)) close((operation as { responses?: unknown }).responses);
  }
  return copy;
}

/** OpenAPI 3.0's `nullable` as JSON Schema: null, or what the rest of the schema says. */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, asJsonSchema(value)]),
  );
  if (nullable !== true) return converted;
  return { anyOf: [{ type: 'null' }, converted] };
}

/** `application/json` and its `+json` kinds (problem details), with or without parameters. */
function isJson(contentType: string): boolean {
  return /^application\/([\w.-]+\+)?json\s*(;|$)/.test(contentType);
}
