import { dropTestDatabase, PROBLEM_JSON, startTestApp, type TestApp } from './support/test-app.js';

import { ALL_OPERATIONS } from './support/routes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('platform: health, errors, request ids, API docs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('GET /health', () => {
    it('reports the database up', async () => {
      const res = await t.http.get('/api/v1/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('answers 503 problem+json when the database is gone', async () => {
      const doomed = await startTestApp();
      try {
        await dropTestDatabase(doomed.databaseUrl);
        const res = await doomed.http.get('/api/v1/health').expect(503);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({ status: 503, title: 'Service unavailable' });
        expect(res.body.checks).toEqual({
          status: 'error',
          info: {},
          error: { database: { status: 'down', message: 'not reachable' } },
          details: { database: { status: 'down', message: 'not reachable' } },
        });
        // Nothing of the driver's words: where the database is, why it failed.
        expect(res.text).not.toMatch(/ECONN|127\.0\.0\.1|does not exist|database "/);
      } finally {
        await doomed.close();
      }
    });
  });

  describe('errors', () => {
    it('answers unknown routes with 404 problem+json', async () => {
      const res = await t.http.get('/api/v1/nothing-here').expect(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        instance: '/api/v1/nothing-here',
      });
    });

    it('refuses a body over the size limit with 413 problem+json', async () => {
      const res = await t.http
        .post('/api/v1/regions')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ code: 'big', name: 'x'.repeat(2 * 1024 * 1024), stateCode: 'DE-SN' }))
        .expect(413);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 413 });
    });

    it('never shows internals: a validation problem carries type, title, status, detail and errors', async () => {
      const res = await t.http.post('/api/v1/regions').send({ code: 'x' }).expect(400);
      expect(Object.keys(res.body).sort()).toEqual([
        'detail',
        'errors',
        'instance',
        'requestId',
        'status',
        'title',
        'type',
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/stack|QueryFailedError|at \//);
    });
  });

  describe('X-Request-Id', () => {
    it('generates an id when the caller sends none', async () => {
      const res = await t.http.get('/api/v1/states').expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('echoes the caller’s id and puts it into problem details', async () => {
      const res = await t.http.get('/api/v1/regions/x').set('X-Request-Id', 'desk-4711.a').expect(400);
      expect(res.headers['x-request-id']).toBe('desk-4711.a');
      expect(res.body.requestId).toBe('desk-4711.a');
    });

    it('replaces an id that is not a plain token', async () => {
      const res = await t.http.get('/api/v1/states').set('X-Request-Id', 'evil\tid {"level":60}').expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('API docs', () => {
    it('serves the OpenAPI document with every route and its error responses', async () => {
      const res = await t.http.get('/api/docs-json').expect(200);
      const doc = res.body;
      expect(doc.openapi).toMatch(/^3\./);
      const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, ops]) =>
          Object.keys(ops).map((method) => `${method.toUpperCase()} ${doc.servers[0].url}${path}`),
      );
      expect(operations.sort()).toEqual([...ALL_OPERATIONS].sort());
      expect(doc.components.schemas.ProblemDetails).toBeDefined();
      expect(doc.components.securitySchemes).toMatchObject({
        bearer: { type: 'http', scheme: 'bearer' },
        'api-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      });
      // Every operation says who may call it.
      for (const [path, ops] of Object.entries(
        doc.paths as Record<string, Record<string, Record<string, unknown>>>,
      )) {
        for (const [method, op] of Object.entries(ops)) {
          expect({ route: `${method} ${path}`, access: typeof op['x-access'] }).toEqual({
            route: `${method} ${path}`,
            access: 'string',
          });
        }
      }
      for (const [path, ops] of Object.entries(
        doc.paths as Record<string, Record<string, { responses: object }>>,
      )) {
        for (const [method, op] of Object.entries(ops)) {
          if (`${method} ${path}` === 'get /api/v1/states') continue;
          const errorResponses = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
          expect({ route: `${method} ${path}`, documented: errorResponses.length > 0 }).toEqual({
            route: `${method} ${path}`,
            documented: true,
          });
          for (const [, response] of errorResponses) {
            expect(Object.keys((response as { content: object }).content)).toEqual([
              'application/problem+json',
            ]);
          }
        }
      }
    });

    it('renders Swagger UI', async () => {
      const res = await t.http.get('/api/docs/').expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toMatch(/swagger-ui/i);
    });
  });
});
