import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { aMunicipality, aRegion } from './support/builders.js';
import { listeningPort, rawRequest } from './support/raw-http.js';
import { countRows, PROBLEM_JSON, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Input an attacker or a broken client sends: every one gets a 4xx problem+json that names what
 * is wrong, carries the request id, shows nothing of zlib, pg or Node, and stores nothing.
 */
const INTERNALS = /ECONN|zlib|incorrect header|unexpected end|at \/|node:|\.js:\d|QueryFailed|SQL|postgres/i;

describe('hostile input', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { HTTP_BODY_TIMEOUT_MS: '400' } });
  });
  afterAll(() => t.close());

  const expectProblem = (res: {
    status: number;
    headers: Record<string, string>;
    body: unknown;
    text: string;
  }) => {
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    const body = res.body as { requestId?: string; status?: number };
    expect(body.status).toBe(res.status);
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(res.text).not.toMatch(INTERNALS);
  };

  describe('characters Postgres cannot store', () => {
    it.each([
      ['a NUL', 'Rathaus\u0000Nord'],
      ['a lone high surrogate', 'Rathaus \ud800 Nord'],
      ['a lone low surrogate', 'Rathaus \udc00 Nord'],
    ])('%s in a body string → 400 naming the field, nothing stored', async (_what, name) => {
      const before = await countRows(t.db, 'regions');
      const res = await t.http.post('/api/v1/regions').send(aRegion({ name })).expect(400);
      expectProblem(res);
      expect(res.body.errors).toEqual([{ field: 'name', message: expect.stringMatching(/name/) }]);
      expect(await countRows(t.db, 'regions')).toBe(before);
    });

    it('a NUL in a nested field names its path', async () => {
      const res = await t.http
        .post('/api/v1/municipalities:bulk')
        .send({ items: [aMunicipality(), aMunicipality({ name: 'x\u0000' })] })
        .expect(400);
      expectProblem(res);
      expect(res.body.errors).toEqual([{ field: 'items[1].name', message: expect.any(String) }]);
    });

    it('a NUL in the unauthenticated login → 400, not 500', async () => {
      const res = await t.anon
        .post('/api/v1/auth/login')
        .send({ email: 'a\u0000@b.de', password: 'x'.repeat(12) })
        .expect(400);
      expectProblem(res);
      expect(res.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
    });

    it('a NUL in a query parameter → 400 naming it', async () => {
      const res = await t.http.get('/api/v1/needs').query({ q: 'Kita\u0000' }).expect(400);
      expectProblem(res);
      expect(res.body.errors).toEqual([{ field: 'q', message: expect.any(String) }]);
    });

    it('a NUL in a key → 400', async () => {
      const res = await t.http
        .post('/api/v1/regions')
        .send({ ...aRegion(), 'na\u0000me': 'x' })
        .expect(400);
      expectProblem(res);
    });
  });

  describe('structure', () => {
    it('JSON nested 10 000 levels → 400 before anything walks it, quickly', async () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      const res = await t.http
        .post('/api/v1/regions')
        .set('Content-Type', 'application/json')
        .send(deep)
        .expect(400);
      expectProblem(res);
      expect(res.body.detail).toMatch(/nest/i);
    });

    it('JSON nested 32 levels is still read (and refused for its unknown field, not its depth)', async () => {
      let value: unknown = 1;
      for (let i = 0; i < 30; i++) value = { a: value };
      const res = await t.http
        .post('/api/v1/regions')
        .send({ ...aRegion(), extra: value })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'extra', message: 'extra is not a known field' }]);
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'a %s key is refused like any unknown key',
      async (key) => {
        const before = await countRows(t.db, 'regions');
        const res = await t.http
          .post('/api/v1/regions')
          .set('Content-Type', 'application/json')
          .send(`{"code":"proto-${key.length}","name":"Proto","stateCode":"DE-SN","${key}":{"admin":true}}`)
          .expect(400);
        expectProblem(res);
        expect(res.body.errors).toEqual([{ field: key, message: expect.any(String) }]);
        expect(await countRows(t.db, 'regions')).toBe(before);
      },
    );

    it('a prototype key deep inside a body is refused too', async () => {
      const res = await t.http
        .post('/api/v1/municipalities:bulk')
        .set('Content-Type', 'application/json')
        .send(`{"items":[{"ags":"14625999","name":"X","kind":"gemeinde","__proto__":{"x":1}}]}`)
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'items[0].__proto__', message: expect.any(String) }]);
    });
  });

  describe('the body parser', () => {
    it('form-urlencoded on a JSON route → 415, nothing stored', async () => {
      const before = await countRows(t.db, 'regions');
      const res = await t.http
        .post('/api/v1/regions')
        .type('form')
        .send('code=form-1&name=Form&stateCode=DE-SN')
        .expect(415);
      expectProblem(res);
      expect(await countRows(t.db, 'regions')).toBe(before);
    });

    it('text/plain and a missing Content-Type with a body → 415', async () => {
      const body = JSON.stringify(aRegion());
      expectProblem(
        await t.http.post('/api/v1/regions').set('Content-Type', 'text/plain').send(body).expect(415),
      );
    });

    it('application/json with a charset is read', async () => {
      await t.http
        .post('/api/v1/regions')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify(aRegion()))
        .expect(201);
    });

    it('malformed JSON → 400 with the request id', async () => {
      const res = await t.http
        .post('/api/v1/regions')
        .set('Content-Type', 'application/json')
        .send('{"code": "x",')
        .expect(400);
      expectProblem(res);
      expect(res.body.type).toBe('urn:transferstelle:problem:malformed-body');
    });

    it('a body over the limit → 413 with the request id', async () => {
      const res = await t.http
        .post('/api/v1/regions')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...aRegion(), name: 'x'.repeat(2 * 1024 * 1024) }))
        .expect(413);
      expectProblem(res);
    });

    it('a body that claims gzip but is not → 400 without zlib’s words', async () => {
      const res = await t.http
        .post('/api/v1/regions')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send(Buffer.from('{"code":"not-gzip"}'))
        .expect(400);
      expectProblem(res);
    });

    it('a real gzip body is read (a login with it is refused for its credentials, not its body)', async () => {
      // supertest re-encodes a Buffer body; node:http sends the bytes as they are.
      const body = gzipSync(JSON.stringify({ email: 'nobody@test.local', password: 'x'.repeat(12) }));
      const { status } = await rawRequest({
        port: await listeningPort(t.app),
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        body,
      });
      expect(status).toBe(401);
    });

    it('a body trickled too slowly → 408 problem+json within the body timeout', async () => {
      const port = await listeningPort(t.app);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
          );
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toMatch(/application\/problem\+json/);
      expect(answer).toMatch(/"requestId":"[^"]+"/);
    });
  });

  describe('values Postgres would refuse', () => {
    it('a date-time with an offset Postgres cannot store → 400 naming the parameter', async () => {
      const res = await t.http
        .get('/api/v1/transfer-cases')
        .query({ changedFrom: '2026-01-01T00:00:00+16:00' })
        .expect(400);
      expectProblem(res);
      expect(res.body.errors).toEqual([{ field: 'changedFrom', message: expect.any(String) }]);
    });

    it('a date-time at the edge of the offsets Postgres stores is read', async () => {
      await t.http
        .get('/api/v1/transfer-cases')
        .query({ changedFrom: '2026-01-01T00:00:00+15:59' })
        .expect(200);
    });
  });

  describe('deleting what is still referenced', () => {
    it('a region with municipalities → 409 naming what refers to it; a municipality with needs → 409', async () => {
      const region = (await t.http.post('/api/v1/regions').send(aRegion()).expect(201)).body;
      const municipality = (
        await t.http
          .post('/api/v1/municipalities')
          .send(aMunicipality({ regionId: region.id }))
          .expect(201)
      ).body;
      await t.http
        .post('/api/v1/needs')
        .send({
          municipalityId: municipality.id,
          title: 'Digitale Bauakte',
          description: 'Bauanträge digital.',
        })
        .expect(201);

      const regionDelete = await t.http.delete(`/api/v1/regions/${region.id}`).expect(409);
      expectProblem(regionDelete);
      expect(regionDelete.body.detail).toMatch(/municipalit/i);
      const municipalityDelete = await t.http.delete(`/api/v1/municipalities/${municipality.id}`).expect(409);
      expectProblem(municipalityDelete);
      expect(municipalityDelete.body.detail).toMatch(/need/i);
      await t.http.get(`/api/v1/municipalities/${municipality.id}`).expect(200);
    });
  });
});
