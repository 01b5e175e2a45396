import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { describeValidatedProperties } from './validation-schema.js';

/** Where the API lives; the document's paths are relative to it (its one `servers` entry). */
export const API_BASE_PATH = '/api/v1';

/** Every tag an operation may carry, in the order the Swagger UI shows them. */
const TAGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'auth', description: 'Log in, refresh and end sessions; who the caller is.' },
  { name: 'health', description: 'Liveness and database reachability, without credentials.' },
  { name: 'states', description: 'The 16 German states (Bundesländer), by ISO 3166-2 code.' },
  { name: 'regions', description: 'The regions pilots are responsible for; each lies in one state.' },
  {
    name: 'municipalities',
    description: 'Municipalities (Kommunen) by id or by their official key (AGS), with their region.',
  },
  { name: 'users', description: 'People with a role: admin, transferstelle, lotse (pilot) or analyst.' },
  {
    name: 'api-clients',
    description: 'State systems and other machines, with scopes and a territory; each has one API key.',
  },
  {
    name: 'solutions',
    description: 'The catalogue of proven solutions (e.g. those with the "Bewährt vor Ort" seal).',
  },
  { name: 'needs', description: 'What a municipality needs (Bedarf), with suggested solutions.' },
  {
    name: 'transfer-cases',
    description:
      'A need followed from `erfasst` through `recherchiert` and `vermittelt` to `umgesetzt` (or ' +
      '`abgebrochen`): candidates, transitions with their conditions, and the timeline.',
  },
  {
    name: 'transfer-teams',
    description:
      'Staff supporting the transfers of one highly demanded solution (the demand report’s `transferTeamSuggested`): ' +
      'members, contacts of the origin municipality (hidden from analysts), the cases it supports.',
  },
  {
    name: 'cohorts',
    description:
      'Several municipalities implementing one proven solution together: member cases, shared milestones, who is ' +
      'behind, and moving all ready members to the next stage in one transaction.',
  },
  {
    name: 'nominations',
    description:
      'Pioneer discovery: pilots nominate local practices of their regions as solutions; the Transferstelle ' +
      'takes them into the catalogue or declines them.',
  },
  {
    name: 'alerts',
    description:
      'Information that arrives: when a solution is published or changed, each open need it now fits strongly ' +
      'gets one alert for its pilot, to accept (the solution becomes a candidate) or dismiss.',
  },
  {
    name: 'lessons',
    description:
      'Lessons learned on cases and in cohorts (adaptations, obstacles, cost and time, legal basis, materials), ' +
      'read per solution by the next adopter and the origin.',
  },
  {
    name: 'adoptions',
    description:
      'Adoption lineage: every municipality that implemented a solution, what it adapted and whom it learned from.',
  },
  {
    name: 'follow-ups',
    description:
      'Impact follow-ups 6 and 12 months after an implementation: still in use, the measured effect; overdue ' +
      'ones per pilot and region. Results feed the solution’s evidence.',
  },
  {
    name: 'integrations',
    description:
      'State systems write municipalities and needs by their own ids (`PUT /integrations/{system}/…/{externalId}`).',
  },
  {
    name: 'changes',
    description:
      'Every change to municipalities, needs, solutions and cases, in commit order: the feed state systems follow.',
  },
  {
    name: 'reports',
    description:
      'Figures for analysts and leadership, as JSON or CSV: case status, stage durations, funnel, demand, coverage.',
  },
  {
    name: 'webhooks',
    description:
      'The same changes pushed to an API client’s URL, signed as Standard Webhooks specifies, with a delivery log.',
  },
];

const REQUEST_ID_HEADER = {
  required: true,
  description: 'The request id: the caller’s `X-Request-Id` when it is a plain token, else a new UUID.',
  schema: { type: 'string' },
};

/**
 * The OpenAPI 3.0 document the API serves, committed as `openapi.json` and checked against it by
 * the tests. Built from the controllers' and DTOs' decorators plus the DTOs' validators, then
 * finished with what applies to every operation.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  describeValidatedProperties();
  const builder = new DocumentBuilder()
    .setTitle('Transferstelle API')
    .setDescription(
      'Backend of the Lösungslotsen network: municipalities, needs, proven solutions and transfer cases.\n\n' +
        'Errors are RFC 9457 problem details (`application/problem+json`) whose `errors[]` names each ' +
        'invalid field; unknown fields are refused. Lists use cursor pagination (`limit`, `cursor`, ' +
        '`nextCursor`). Versioned resources send an `ETag`; writes accept it back as `If-Match`. Every ' +
        'response carries `X-Request-Id`. Who may call an operation is in its `x-access`.',
    )
    .setVersion('1')
    // 3.0.3, not 3.1: @nestjs/swagger writes 3.0's `nullable`; see docs/architecture.md (API contract).
    .setOpenAPIVersion('3.0.3')
    .addServer(API_BASE_PATH, 'This server')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT or API key',
      description: 'Access token from POST /auth/login, or an API key.',
    })
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key of a state system.' },
      'api-key',
    );
  for (const tag of TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), { ignoreGlobalPrefix: true });
  return finishDocument(document);
}

function finishDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  document.components = { ...document.components, headers: { 'X-Request-Id': REQUEST_ID_HEADER } };
  const requestSchemas = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of operationsOf(item)) {
      if (method === 'post' && operation.security?.length && !('x-idempotency-key' in operation)) {
        documentIdempotencyKey(operation);
      }
      documentTransportProblems(operation);
      for (const response of Object.values(operation.responses ?? {})) {
        if (!response || '$ref' in response) continue;
        response.headers = {
          'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
          ...response.headers,
        };
      }
      // A query string cannot carry null, whatever the DTO's validators let through.
      for (const parameter of operation.parameters ?? []) {
        if ('$ref' in parameter || !parameter.schema || '$ref' in parameter.schema) continue;
        delete parameter.schema.nullable;
      }
      const body = operation.requestBody;
      if (body && !('$ref' in body)) {
        for (const media of Object.values(body.content)) collectRefs(media.schema, schemas, requestSchemas);
      }
    }
  }
  // Unknown fields are refused (the validation pipe forbids them): every request body says so.
  for (const name of requestSchemas) {
    const schema = schemas[name];
    if (schema && !('$ref' in schema)) schema.additionalProperties = false;
  }
  return document;
}

/**
 * What any operation may answer before or beside its own work: a rate limit (429), the database
 * away (503), and for a body the parser's refusals (400 malformed or too deep, 408 too slow, 413
 * too large, 415 not JSON).
 */
function documentTransportProblems(operation: Operation): void {
  const responses = operation.responses;
  const retryAfter = (required: boolean) => ({
    description: 'Seconds to wait before trying again.',
    required,
    schema: { type: 'integer', minimum: 1 },
  });
  const ensure = (status: string, description: string, headers?: Record<string, unknown>) => {
    const existing = responses[status];
    if (existing && '$ref' in existing) return;
    const response: ResponseObject = existing ?? { description, content: PROBLEM };
    if (headers) response.headers = { ...(headers as ResponseObject['headers']), ...response.headers };
    responses[status] = response;
  };
  ensure(
    '429',
    'Too many requests: over a rate limit (`RateLimit-Policy`), or too many expensive calls at once.',
    {
      'Retry-After': retryAfter(true),
      RateLimit: {
        description:
          'What is left of each limit that applies (IETF draft `RateLimit` header fields), e.g. `"user";r=0;t=42`.',
        schema: { type: 'string' },
      },
      'RateLimit-Policy': {
        description: 'The limits that apply, e.g. `"user";q=600;w=60`.',
        schema: { type: 'string' },
      },
    },
  );
  ensure(
    '503',
    'The database does not answer in time, or the service is saturated; retry after `Retry-After`.',
    {
      'Retry-After': retryAfter(false),
    },
  );
  if (!operation.requestBody) return;
  ensure('400', 'The body is not valid JSON, or nested too deep.');
  ensure('408', 'The request body did not arrive in time.');
  ensure('413', 'The request body is too large.');
  ensure('415', 'The request body is not `application/json`.');
}

type PathItem = OpenAPIObject['paths'][string];
type Operation = NonNullable<PathItem['get']>;
type ResponseObject = Exclude<NonNullable<Operation['responses'][string]>, { $ref: string }>;

function operationsOf(item: PathItem): Array<[string, Operation]> {
  return (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => {
    const operation = item[method];
    return operation ? [[method, operation] as [string, Operation]] : [];
  });
}

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };

/**
 * Every authenticated POST takes `Idempotency-Key` (the idempotency module's interceptor): the
 * header, and the 409 and 422 it can answer with, are documented once, here.
 */
function documentIdempotencyKey(operation: Operation): void {
  operation.parameters = [
    ...(operation.parameters ?? []),
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retry safe (IETF draft "The Idempotency-Key HTTP Header Field"): the same caller, key and ' +
        'request get the first 2xx answer again, with `Idempotent-Replayed: true`, without the work being ' +
        'done twice. Kept 24 h by default. The same key for another request → 422; while the first ' +
        'request still runs → 409 with `Retry-After`.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 257,
        example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
      },
    },
  ];
  const responses = operation.responses;
  const add = (status: string, description: string) => {
    const existing = responses[status];
    if (existing && !('$ref' in existing)) existing.description = `${existing.description} ${description}`;
    else responses[status] = { description, content: PROBLEM };
  };
  add(
    '409',
    'Or: a request with the same Idempotency-Key is still in progress (with `Retry-After`), or was done but its answer was lost.',
  );
  add('422', 'Or: the Idempotency-Key was used for another request.');
  const conflict = responses['409'];
  if (conflict && !('$ref' in conflict)) {
    conflict.headers = {
      ...conflict.headers,
      'Retry-After': {
        description: 'Seconds to wait; sent while the Idempotency-Key is in progress.',
        schema: { type: 'integer' },
      },
    };
  }
}

/** The named schemas a schema refers to, transitively. */
function collectRefs(schema: unknown, schemas: Record<string, unknown>, into: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const entry of schema) collectRefs(entry, schemas, into);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = value.replace('#/components/schemas/', '');
      if (into.has(name)) continue;
      into.add(name);
      collectRefs(schemas[name], schemas, into);
    } else {
      collectRefs(value, schemas, into);
    }
  }
}
