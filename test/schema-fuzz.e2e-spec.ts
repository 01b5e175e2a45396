import fc from 'fast-check';
import { valuesOf, type Schema } from './support/schema-arbitrary.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * What a schema-driven fuzzer does with openapi.json, in the test suite: for every operation,
 * requests built from the document's own schemas (body, query and path parameters). Each must get
 * past validation — no 400 for data the document calls valid — and never a 5xx. A 404, 409 or 422
 * is fine: random ids name nothing, and some rules need the stored data. The responses also meet
 * the response contract (openapi-contract.ts), as every response in the e2e suite does.
 */
const RUNS_PER_OPERATION = 20;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Request {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
}

describe('requests built from the document’s schemas', () => {
  let t: TestApp;
  let document: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.anon.get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('are never refused as invalid (400) nor fail (5xx)', async () => {
    const refused: string[] = [];
    let sent = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const parameters = (operation.parameters ?? []).filter(
          // Cursors (`cursor`, the feed's `after`) are opaque: only one the API issued is valid.
          (p) => p.in !== 'header' && p.name !== 'cursor' && p.name !== 'after',
        );
        const group = (where: Parameter['in']) =>
          fc.record(
            Object.fromEntries(
              parameters
                .filter((p) => p.in === where)
                .map((p) => [p.name, valuesOf(p.schema, document.components.schemas)]),
            ),
            { requiredKeys: parameters.filter((p) => p.in === where && p.required).map((p) => p.name) },
          );
        const bodySchema = operation.requestBody?.content['application/json']?.schema;
        const requests: fc.Arbitrary<Request> = fc.record({
          path: group('path'),
          query: group('query'),
          ...(bodySchema ? { body: valuesOf(bodySchema, document.components.schemas) } : {}),
        });
        for (const request of fc.sample(requests, { numRuns: RUNS_PER_OPERATION, seed: 4711 })) {
          // A schema cannot say that `to` lies not before `from`; the parameter's description
          // does, and a client reading it orders the pair.
          const { from, to } = request.query;
          if (typeof from === 'string' && typeof to === 'string' && to < from) {
            Object.assign(request.query, { from: to, to: from });
          }
          const url = template.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodeURIComponent(String(request.path[name])),
          );
          const verb = method as 'get' | 'post' | 'put' | 'patch' | 'delete';
          let call = t.http[verb](`/api/v1${url}`).query(stringified(request.query));
          if (request.body !== undefined) call = call.send(request.body as object);
          const res = await call;
          sent++;
          if (res.status === 400 || res.status >= 500) {
            refused.push(
              `${operation.operationId} ${JSON.stringify(request)} → ${res.status} ${JSON.stringify(res.body.errors ?? res.body.detail)}`,
            );
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(50 * RUNS_PER_OPERATION);
    expect(refused.slice(0, 20)).toEqual([]);
  });
});

function stringified(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]));
}
