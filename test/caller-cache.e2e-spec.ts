import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CallerCache } from '../src/auth/index.js';
import { ACCOUNT_READ, logQueries } from './support/query-log.js';
import { startInstance, startTestApp, type TestApp } from './support/test-app.js';

/** Resolves when this instance's cache has forgotten the user: the database's announcement arrived. */
function forgotten(app: INestApplication, userId: string): Promise<void> {
  const events = app.get(CallerCache).events;
  return new Promise((done) => {
    const heard = (id: string) => {
      if (id !== userId) return;
      events.off('forgotten', heard);
      done();
    };
    events.on('forgotten', heard);
  });
}

describe('the caller cache across two instances on one database', () => {
  let t: TestApp;
  let second: INestApplication;
  let regionA: string;
  let regionB: string;

  beforeAll(async () => {
    t = await startTestApp();
    second = await startInstance(t.databaseUrl);
    regionA = (await t.http.post('/api/v1/regions').send({ code: 'cache-a', name: 'A', stateCode: 'DE-SN' }))
      .body.id;
    regionB = (await t.http.post('/api/v1/regions').send({ code: 'cache-b', name: 'B', stateCode: 'DE-SN' }))
      .body.id;
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  async function pilotOnBoth() {
    const email = `cache-${Math.random().toString(36).slice(2)}@test.local`;
    const created = await t.http
      .post('/api/v1/users')
      .send({
        email,
        name: 'Cache-Lotsin',
        role: 'lotse',
        password: 'cache-test-password',
        regionIds: [regionA],
      })
      .expect(201);
    const login = await t.anon
      .post('/api/v1/auth/login')
      .send({ email, password: 'cache-test-password' })
      .expect(200);
    const bearer = `Bearer ${login.body.accessToken}`;
    const onSecond = () =>
      request(second.getHttpServer()).get('/api/v1/auth/me').set('Authorization', bearer);
    const onFirst = () => t.anon.get('/api/v1/auth/me').set('Authorization', bearer);
    return { id: created.body.id as string, onFirst, onSecond };
  }

  it('serves a known caller from memory, without reading her account again', async () => {
    const pilot = await pilotOnBoth();
    await pilot.onSecond().expect(200);
    const queries = logQueries(t.db);
    try {
      const statements = await queries.allDuring(() => pilot.onSecond().expect(200));
      expect(statements.filter((s) => ACCOUNT_READ.test(s.sql))).toEqual([]);
    } finally {
      queries.stop();
    }
  });

  it('refuses a user deactivated on the other instance as soon as the change is announced', async () => {
    const pilot = await pilotOnBoth();
    await pilot.onSecond().expect(200);
    await pilot.onFirst().expect(200);
    const heard = forgotten(second, pilot.id);
    await t.http.patch(`/api/v1/users/${pilot.id}`).send({ active: false }).expect(200);
    // The instance that wrote forgets at once; the other when the database tells it, at commit.
    await pilot.onFirst().expect(401);
    await heard;
    await pilot.onSecond().expect(401);
  });

  it('sees new regions and a deactivation written beneath the API (SQL), through the database’s announcement', async () => {
    const pilot = await pilotOnBoth();
    expect((await pilot.onSecond().expect(200)).body.regions.map((r: { id: string }) => r.id)).toEqual([
      regionA,
    ]);
    const moved = forgotten(second, pilot.id);
    await t.http
      .patch(`/api/v1/users/${pilot.id}`)
      .send({ regionIds: [regionB] })
      .expect(200);
    await moved;
    expect((await pilot.onSecond().expect(200)).body.regions.map((r: { id: string }) => r.id)).toEqual([
      regionB,
    ]);

    const deactivated = forgotten(second, pilot.id);
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [pilot.id]);
    await deactivated;
    await pilot.onSecond().expect(401);
  });

  it('refuses a key revoked on the other instance at once (keys are checked on every request)', async () => {
    const created = await t.http
      .post('/api/v1/api-clients')
      .send({ name: 'Cache-System', scopes: [] })
      .expect(201);
    const key = created.body.key as string;
    await request(second.getHttpServer()).get('/api/v1/auth/me').set('X-API-Key', key).expect(200);
    await t.http.delete(`/api/v1/api-clients/${created.body.id}`).expect(204);
    await request(second.getHttpServer()).get('/api/v1/auth/me').set('X-API-Key', key).expect(401);
  });
});
