import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The served document is the committed `openapi.json`, so every API change shows in review as a
 * diff of that file. `npm run openapi` rewrites it (and the typed client's types) after a change.
 */
const COMMITTED = resolve('openapi.json');
const UPDATE = process.env.UPDATE_OPENAPI === '1' && process.env.CI !== 'true';

type Json = Record<string, unknown>;
type Schema = Json & { properties?: Record<string, Schema>; items?: Schema };
interface Operation {
  operationId?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> }
  >;
}
interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let served: Document;
  let operations: Array<[string, Operation]>;

  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.anon.get('/api/docs-json').expect(200)).body;
    operations = Object.entries(served.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]): [string, Operation] => [
        `${method.toUpperCase()} ${path}`,
        op,
      ]),
    );
  });
  afterAll(() => t.close());

  it('is the committed openapi.json (run `npm run openapi` after changing the API)', () => {
    if (UPDATE) writeFileSync(COMMITTED, `${JSON.stringify(served, null, 2)}\n`);
    expect(existsSync(COMMITTED)).toBe(true);
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(served).toEqual(committed);
  });

  it('is OpenAPI 3.0.3 with one relative server, the API base path', () => {
    expect(served.openapi).toBe('3.0.3');
    expect(served.servers).toEqual([{ url: '/api/v1', description: 'This server' }]);
    expect(Object.keys(served.paths).every((path) => !path.startsWith('/api/'))).toBe(true);
  });

  it('names every operation readably, describes it, and tags it with a described tag', () => {
    expect(operations.length).toBeGreaterThan(50);
    const tags = new Map(served.tags.map((tag) => [tag.name, tag.description]));
    const ids = operations.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, op] of operations) {
      expect({ name, operationId: op.operationId }).toEqual({
        name,
        operationId: expect.stringMatching(/^[a-z][a-zA-Z]+$/),
      });
      expect({ name, described: (op.description ?? '').length > 10 }).toEqual({ name, described: true });
      for (const tag of op.tags ?? [])
        expect({ tag, description: tags.get(tag) }).toEqual({ tag, description: expect.any(String) });
    }
    expect(ids).toEqual(
      expect.arrayContaining(['listNeeds', 'createNeed', 'transitionTransferCase', 'login']),
    );
  });

  it('types every property: no bare objects where a string, UUID or null comes back, integers as integers', () => {
    const loose: string[] = [];
    const visit = (where: string, schema: Schema | undefined) => {
      if (!schema) return;
      if (schema.type === 'object' && !schema.properties && !schema.allOf && !schema.additionalProperties)
        loose.push(where);
      for (const [name, property] of Object.entries(schema.properties ?? {}))
        visit(`${where}.${name}`, property);
      visit(`${where}[]`, schema.items);
    };
    for (const [name, schema] of Object.entries(served.components.schemas)) visit(name, schema);
    expect(loose).toEqual([]);

    const schemas = served.components.schemas;
    expect(schemas.MunicipalityResponse.properties?.regionId).toMatchObject({
      type: 'string',
      format: 'uuid',
      nullable: true,
    });
    expect(schemas.TransferCaseResponse.properties?.version).toMatchObject({ type: 'integer' });
    expect(schemas.ProblemDetails.properties?.status).toMatchObject({ type: 'integer' });
  });

  it('says what the validators enforce: formats, patterns, lengths, item limits, no unknown fields', () => {
    const schemas = served.components.schemas;
    const need = schemas.CreateNeedDto;
    expect(need.additionalProperties).toBe(false);
    expect(need.required).toEqual(['municipalityId', 'title']);
    expect(need.properties?.municipalityId).toMatchObject({ type: 'string', format: 'uuid' });
    expect(need.properties?.title).toMatchObject({ maxLength: 300, minLength: 1 });
    expect(need.properties?.topics).toMatchObject({
      maxItems: 20,
      uniqueItems: true,
      items: { type: 'string', maxLength: 50, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    });
    expect(schemas.CreateMunicipalityDto.properties?.ags).toMatchObject({
      pattern: '^(0[1-9]|1[0-6])[0-9]{6}$',
    });
    expect(schemas.TransitionDto.properties?.implementedOn).toMatchObject({ type: 'string', format: 'date' });
    // Nested request schemas refuse unknown fields too.
    expect(schemas.TransferMaterialDto.additionalProperties).toBe(false);

    for (const [name, op] of operations) {
      const body = op.requestBody?.content['application/json']?.schema.$ref;
      if (body)
        expect({ name, closed: schemas[body.split('/').pop()!].additionalProperties }).toEqual({
          name,
          closed: false,
        });
      for (const parameter of op.parameters ?? []) {
        if (parameter.in === 'path') {
          const constrained = Boolean(
            parameter.schema.format || parameter.schema.pattern || parameter.schema.enum,
          );
          expect({ name, parameter: parameter.name, constrained }).toEqual({
            name,
            parameter: parameter.name,
            constrained: true,
          });
        }
        expect({ name, parameter: parameter.name, type: parameter.schema.type }).not.toEqual({
          name,
          parameter: parameter.name,
          type: 'number',
        });
      }
    }
    const limit = served.paths['/needs'].get.parameters?.find((p) => p.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
  });

  it('documents the response headers and the problem extension members', () => {
    for (const [name, op] of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        expect({ name, status, requestId: Boolean(response.headers?.['X-Request-Id']) }).toEqual({
          name,
          status,
          requestId: true,
        });
      }
    }
    const transition = served.paths['/transfer-cases/{id}/transitions'].post;
    expect(transition.responses['200'].headers?.ETag).toBeDefined();
    const problem = (status: string) =>
      transition.responses[status].content?.['application/problem+json'].schema;
    expect(problem('409')).toEqual({ $ref: '#/components/schemas/TransitionRefusedProblem' });
    expect(problem('422')).toEqual({ $ref: '#/components/schemas/UnmetConditionsProblem' });
    expect(problem('412')).toEqual({ $ref: '#/components/schemas/StaleVersionProblem' });
    expect(served.components.schemas.TransitionRefusedProblem.required).toContain('allowedTargets');
    expect(served.components.schemas.UnmetConditionsProblem.required).toContain('unmetConditions');
    expect(served.components.schemas.StaleVersionProblem.required).toContain('currentVersion');
    expect(served.paths['/health'].get.responses['200'].content?.['application/json'].schema).toMatchObject({
      required: ['status', 'info', 'error', 'details'],
    });
  });

  it('shows no password of a real or demo account', () => {
    const text = JSON.stringify(served);
    expect(text).not.toMatch(/demo-[a-z]+-password|test-admin-password/);
    expect(served.components.schemas.LoginDto.properties?.password).not.toHaveProperty('example');
  });
});
