import fc from 'fast-check';
import { aMunicipality, aRegion } from './support/builders.js';
import { valuesOf, type Schema } from './support/schema-arbitrary.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A property-based fuzzer over every operation of the OpenAPI document that takes a body or a
 * query — valid values from the schemas, then broken: fields of the wrong type, hostile strings
 * (NUL, lone surrogates, offsets Postgres refuses, SQL), unknown and prototype keys, whole bodies
 * of random JSON. Whatever it sends: no 5xx, nothing stored when the answer is a 4xx, and no stack
 * trace, SQL, file path or driver text in any error body. 4 000 requests by default (CI's time
 * budget; every operation still gets dozens);
 * FUZZ_RUNS=100000 for more, FUZZ_SEED to replay a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 4_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

const INTERNALS =
  /\bat [\w.<>]+ \(|\/work\/|node_modules|\.ts:\d|\.js:\d|QueryFailed|ECONN|SQLSTATE|syntax error at|relation "|violates|pg_|zlib/i;

const HOSTILE_STRINGS = [
  '\u0000',
  'Rat\u0000haus',
  '\ud800',
  'x\udfffy',
  '2026-01-01T00:00:00+16:00',
  '0000-01-01',
  '2026-02-30',
  "'; DROP TABLE regions; --",
  '%00',
  '../../etc/passwd',
  '{{7*7}}',
  ' ',
  '\u202eevil',
  'x'.repeat(20_000),
  '-1',
  '1e309',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Target {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  template: string;
  operation: Operation;
}
interface FuzzRequest {
  target: Target;
  path: Record<string, string>;
  query: Record<string, unknown>;
  /** The body as sent: JSON text, so that keys such as `__proto__` arrive as written. */
  body?: string;
}

describe('a fuzzer over every write and query', () => {
  let t: TestApp;
  let targets: Target[];
  let schemas: Record<string, Schema>;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestApp();
    // Listening once: supertest would otherwise start and stop a server for every request.
    await t.app.listen(0, '127.0.0.1');
    const document = (await t.anon.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    schemas = document.components.schemas;
    targets = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(
          ([method, operation]) =>
            method !== 'get' ||
            (operation.parameters ?? []).some(
              (p) => p.in === 'query' && p.name !== 'cursor' && p.name !== 'after',
            ),
        )
        // Logging out every session of the admin would end the run's own credentials.
        .filter(([, operation]) => !['logout'].includes(operation.operationId))
        .map(([method, operation]) => ({ method: method as Target['method'], template, operation })),
    );
    // Ids that name something, so that some requests get past "not found" to the rules behind.
    const region = (await t.http.post('/api/v1/regions').send(aRegion()).expect(201)).body;
    const municipality = (
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ regionId: region.id }))
        .expect(201)
    ).body;
    const need = (
      await t.http
        .post('/api/v1/needs')
        .send({
          municipalityId: municipality.id,
          title: 'Digitale Bauakte',
          description: 'Bauanträge digital.',
        })
        .expect(201)
    ).body;
    ids = [region.id, municipality.id, need.id];
  });
  afterAll(() => t.close());

  it(`answers ${RUNS} hostile requests with no 5xx, stores nothing on a 4xx, and shows no internals`, async () => {
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let checkedUnchanged = 0;
    // The data as the last answer left it: a refused request must leave it so.
    let last = await fingerprint(t);

    await fc
      .assert(
        fc.asyncProperty(requests(targets, schemas, ids), async (request) => {
          try {
            return await check(request);
          } catch (error) {
            problems.push(`${request.target.method} ${request.target.template}: ${String(error)}`);
            return false;
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      .catch(() => undefined);
    async function check(request: FuzzRequest): Promise<boolean> {
      const res = await send(t, request);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const label = `${request.target.method.toUpperCase()} ${request.target.template} ${JSON.stringify(request.query).slice(0, 200)} ${(request.body ?? '').slice(0, 200)} → ${res.status}`;
      if (res.status >= 500) problems.push(`${label}: ${res.text.slice(0, 300)}`);
      if (res.status >= 400 && INTERNALS.test(res.text))
        problems.push(`${label}: shows internals: ${res.text.slice(0, 300)}`);
      const now = await fingerprint(t);
      // A refused login still counts its guess; that is the lockout's purpose, not a stored write.
      if (res.status >= 400 && !request.target.template.startsWith('/auth/')) {
        checkedUnchanged++;
        if (now !== last) problems.push(`${label}: refused, but the data changed`);
      }
      last = now;
      return problems.length === 0;
    }
    if (problems.length > 0) problems.push(`replay: FUZZ_SEED=${SEED}`);

    expect(problems.slice(0, 5)).toEqual([]);
    // The run reached validation and beyond, not only "not found".
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 4);
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
    expect(checkedUnchanged).toBeGreaterThan(RUNS / 2);
  }, 900_000);
});

function requests(
  targets: Target[],
  schemas: Record<string, Schema>,
  ids: string[],
): fc.Arbitrary<FuzzRequest> {
  // Each operation's arbitrary is built once: building them per sample (patterns compiled into
  // generators) cost more than the requests.
  const perTarget = targets.map((target) => {
    const parameters = (target.operation.parameters ?? []).filter((p) => p.in !== 'header');
    const pathParameters = parameters.filter((p) => p.in === 'path');
    const queryParameters = parameters.filter((p) => p.in === 'query');
    const bodySchema = target.operation.requestBody?.content['application/json']?.schema;
    return fc.record({
      target: fc.constant(target),
      path: fc.record(Object.fromEntries(pathParameters.map((p) => [p.name, pathValue(p, schemas, ids)]))),
      query: fc.record(
        Object.fromEntries(
          queryParameters.map((p) => [p.name, fc.oneof(valuesOf(p.schema, schemas), hostile())]),
        ),
        { requiredKeys: [] },
      ),
      ...(bodySchema ? { body: bodies(valuesOf(bodySchema, schemas)) } : {}),
    }) as fc.Arbitrary<FuzzRequest>;
  });
  return fc.oneof(...perTarget);
}

function pathValue(
  parameter: Parameter,
  schemas: Record<string, Schema>,
  ids: string[],
): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: valuesOf(parameter.schema, schemas).map(String) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100)) },
  );
}

/** A value of any kind, or one of the strings that broke things before. */
function hostile(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** Valid bodies, and valid bodies broken in one place, and bodies that are something else entirely. */
function bodies(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const asObject = (value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((body) => JSON.stringify(body)) },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, fc.nat(), hostile()).map(([body, pick, value]) => {
        const object = asObject(body);
        const keys = Object.keys(object);
        if (keys.length > 0) object[keys[pick % keys.length]] = value;
        return JSON.stringify(object);
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'unknownField', 'id', 'version'),
        )
        .map(([body, key]) => {
          const text = JSON.stringify(asObject(body));
          const extra = `${JSON.stringify(key)}:{"isAdmin":true}`;
          return text === '{}' ? `{${extra}}` : `{${extra},${text.slice(1)}`;
        }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc.nat({ max: 60 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
    },
  );
}

async function send(t: TestApp, request: FuzzRequest) {
  const url = request.target.template.replace(/\{(\w+)\}/g, (_, name: string) =>
    percentEncoded(request.path[name] ?? ''),
  );
  const query = Object.fromEntries(
    Object.entries(request.query).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
  let call = t.http[request.target.method](`/api/v1${url}`).query(query);
  if (request.body !== undefined) call = call.set('Content-Type', 'application/json').send(request.body);
  return call;
}

const FINGERPRINTED = [
  'regions',
  'municipalities',
  'needs',
  'solutions',
  'transfer_cases',
  'transfer_case_candidates',
  'transfer_case_events',
  'users',
  'user_regions',
  'api_clients',
  'webhook_subscriptions',
  'external_refs',
];

/**
 * What a refused request must not have changed: every table's rows (small in this test), the
 * change feed's head — not the rate limiter's counters, the idempotency keys or refresh tokens.
 */
async function fingerprint(t: TestApp): Promise<string> {
  // A row's xmin is the transaction that wrote it: count and xmins change with every insert,
  // update or delete that committed, and cost a scan of small tables, not their text.
  const [row] = await t.db.query(`
    SELECT concat_ws('|', ${FINGERPRINTED.map(
      (table) => `(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM ${table})`,
    ).join(', ')}, (SELECT max(seq) FROM changes)) AS print`);
  return row.print;
}

/** A lone surrogate has no UTF-8 form: it goes as the bytes a broken client would send. */
function percentEncoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}
