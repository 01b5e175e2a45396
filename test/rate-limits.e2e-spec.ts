import type { INestApplication } from '@nestjs/common';
import { Agent } from 'node:http';
import { listeningPort, rawRequest, type RawAnswer } from './support/raw-http.js';
import request from 'supertest';
import {
  NO_RATE_LIMITS,
  PROBLEM_JSON,
  startInstance,
  startTestApp,
  TEST_ADMIN,
  type TestApp,
} from './support/test-app.js';

const METRICS_TOKEN = 'metrics-token-for-the-rate-limit-test';

/** Many requests over a few keep-alive connections at once, as a scripted attacker sends them. */
async function burst(app: INestApplication, bodies: unknown[], sockets = 8): Promise<RawAnswer[]> {
  const port = await listeningPort(app);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  try {
    return await Promise.all(
      bodies.map((body) =>
        rawRequest({
          agent,
          port,
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    );
  } finally {
    agent.destroy();
  }
}

async function metric(t: TestApp, name: string, labels: string): Promise<number> {
  const res = await t.anon.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
  const line = res.text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('login lockout under a burst', () => {
  it.each([
    ['with the rate limits switched off, the lockout alone', NO_RATE_LIMITS],
    [
      'with the default limits of /auth',
      {
        RATE_LIMIT_PER_ANONYMOUS_IP: '120',
        RATE_LIMIT_AUTH_PER_IP: '30',
        RATE_LIMIT_LOGINS_PER_ACCOUNT: '10',
      },
    ],
  ])(
    '%s: 200 wrong passwords and the right one at once → only 401/429, the account locked',
    async (_what, limits) => {
      const t = await startTestApp({ env: { ...NO_RATE_LIMITS, ...limits, METRICS_TOKEN } });
      try {
        const email = 'burst-target@test.local';
        const password = 'the-right-password-of-the-target';
        await t.http
          .post('/api/v1/users')
          .send({ email, name: 'Target', role: 'analyst', password })
          .expect(201);

        // The right one goes last: over 8 connections it leaves after at least 25 wrong ones.
        const bodies = [
          ...Array.from({ length: 200 }, (_, i) => ({ email, password: `wrong-password-${i}` })),
          { email, password },
        ];
        const answers = await burst(t.app, bodies);

        const statuses = new Set(answers.map((a) => a.status));
        expect([...statuses].filter((s) => s !== 401 && s !== 429)).toEqual([]);
        expect(answers.at(-1)?.status).not.toBe(200);
        if (limits !== NO_RATE_LIMITS) expect(statuses.has(429)).toBe(true);
        for (const answer of answers)
          expect(JSON.parse(answer.body)).toMatchObject({ status: answer.status });
        // No more passwords were checked than the lockout allows.
        expect(await metric(t, 'login_failures_total', 'reason="wrong-password"')).toBeLessThanOrEqual(5);
        const [row] = await t.db.query(
          `SELECT failed_logins, locked_until > now() AS locked FROM users WHERE email = $1`,
          [email],
        );
        expect(row).toEqual({ failed_logins: 5, locked: true });

        // Still locked for the right password afterwards.
        await t.anon
          .post('/api/v1/auth/login')
          .send({ email, password })
          .expect((res) => expect([401, 429]).toContain(res.status));
      } finally {
        await t.close();
      }
    },
  );

  it('a lock that has run out lets the right password in, and the count starts again', async () => {
    const t = await startTestApp();
    try {
      const email = 'expired-lock@test.local';
      const password = 'the-right-password-again';
      await t.http
        .post('/api/v1/users')
        .send({ email, name: 'Target', role: 'analyst', password })
        .expect(201);
      for (let i = 0; i < 5; i++)
        await t.anon
          .post('/api/v1/auth/login')
          .send({ email, password: `wrong-${i}-xxxx` })
          .expect(401);
      await t.anon.post('/api/v1/auth/login').send({ email, password }).expect(401);
      // The clock moves on: the lock ends.
      await t.db.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE email = $1`, [
        email,
      ]);
      await t.anon.post('/api/v1/auth/login').send({ email, password: 'wrong-once-more' }).expect(401);
      expect((await t.db.query(`SELECT failed_logins FROM users WHERE email = $1`, [email]))[0]).toEqual({
        failed_logins: 1,
      });
      await t.anon.post('/api/v1/auth/login').send({ email, password }).expect(200);
      expect(
        (await t.db.query(`SELECT failed_logins, locked_until FROM users WHERE email = $1`, [email]))[0],
      ).toEqual({
        failed_logins: 0,
        locked_until: null,
      });
    } finally {
      await t.close();
    }
  });
});

describe('rate limits', () => {
  let t: TestApp;
  let other: INestApplication | undefined;
  const LIMITS = {
    ...NO_RATE_LIMITS,
    RATE_LIMIT_PER_USER: '5',
    RATE_LIMIT_PER_CLIENT: '4',
    RATE_LIMIT_PER_ANONYMOUS_IP: '3',
    RATE_LIMIT_AUTH_PER_IP: '1000',
    METRICS_TOKEN,
  };

  beforeAll(async () => {
    t = await startTestApp({ env: LIMITS });
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
  });

  beforeEach(() => t.db.query('DELETE FROM rate_limit_windows'));

  it('the (n+1)-th request of a user → 429 with Retry-After and the RateLimit fields; another user goes on', async () => {
    const pilot = await t.userAgent('analyst');
    const analyst = await t.userAgent('analyst');
    for (let i = 1; i <= 5; i++) {
      const res = await pilot.get('/api/v1/states').expect(200);
      expect(res.headers['ratelimit-policy']).toBe('"user";q=5;w=60');
      expect(res.headers.ratelimit).toMatch(new RegExp(`^"user";r=${5 - i};t=\\d+$`));
    }
    const refused = await pilot.get('/api/v1/states').expect(429);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body).toMatchObject({
      status: 429,
      type: 'urn:transferstelle:problem:rate-limited',
      requestId: expect.any(String),
    });
    expect(refused.headers.ratelimit).toMatch(/^"user";r=0;t=\d+$/);

    await analyst.get('/api/v1/states').expect(200);
    expect(await metric(t, 'rate_limit_rejections_total', 'throttler="user"')).toBeGreaterThanOrEqual(1);
  });

  it('is shared by two instances on one database', async () => {
    other = await startInstance(t.databaseUrl, LIMITS);
    const login = await t.anon.post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
    const onFirst = request(t.app.getHttpServer());
    const onSecond = request(other.getHttpServer());
    const auth = `Bearer ${login.body.accessToken}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await (i % 2 === 0 ? onFirst : onSecond).get('/api/v1/states').set('Authorization', auth);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('counts an API client by its key, and requests with wrong credentials by IP', async () => {
    const client = await t.clientAgent({ scopes: ['municipalities:read'], stateCodes: ['DE-SN'] });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.get('/api/v1/municipalities')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);

    const forged: number[] = [];
    for (let i = 0; i < 4; i++)
      forged.push((await t.anon.get('/api/v1/states').set('X-API-Key', `tsk_forged_${i}`)).status);
    expect(forged).toEqual([401, 401, 401, 429]);
  });

  it('a new window starts when the old one has ended', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await t.anon.post('/api/v1/auth/login').send({ email: 'x@y.de', password: 'p'.repeat(12) })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429]);
    // The database's clock decides; moving the window's end is moving the clock.
    await t.db.query(`UPDATE rate_limit_windows SET window_ends = now() WHERE key LIKE 'anonymous:%'`);
    await t.anon
      .post('/api/v1/auth/login')
      .send({ email: 'x@y.de', password: 'p'.repeat(12) })
      .expect(401);
  });

  it('never limits the health check', async () => {
    for (let i = 0; i < 6; i++) await t.anon.get('/api/v1/health').expect(200);
  });
});

describe('rate limits above 40 a window, counted by leases', () => {
  let t: TestApp;
  let other: INestApplication;

  beforeAll(async () => {
    const env = { ...NO_RATE_LIMITS, RATE_LIMIT_PER_USER: '100' };
    t = await startTestApp({ env });
    other = await startInstance(t.databaseUrl, env);
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('let no more than the limit through two instances under concurrent requests, and lose at most a few', async () => {
    const login = await t.anon.post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
    const auth = `Bearer ${login.body.accessToken}`;
    const servers = [await listeningPort(t.app), await listeningPort(other)];
    const agents = servers.map(() => new Agent({ keepAlive: true, maxSockets: 8 }));
    let answers: RawAnswer[];
    try {
      answers = await Promise.all(
        Array.from({ length: 160 }, (_, i) =>
          rawRequest({
            agent: agents[i % 2],
            port: servers[i % 2],
            method: 'GET',
            path: '/api/v1/states',
            headers: { Authorization: auth },
          }),
        ),
      );
    } finally {
      for (const agent of agents) agent.destroy();
    }
    const statuses = answers.map((a) => a.status);
    const admitted = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(admitted).toBeLessThanOrEqual(100);
    // Leases shrink to one hit as the window fills: each instance leaves at most a hit or two unused.
    expect(admitted).toBeGreaterThanOrEqual(96);
    const [window] = await t.db.query(`SELECT hits FROM rate_limit_windows WHERE key LIKE 'user:%'`);
    expect(window.hits).toBeGreaterThanOrEqual(100);
  });
});
