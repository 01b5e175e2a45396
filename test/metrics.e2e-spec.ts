import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PROBLEM_JSON, startInstance, startTestApp, type TestApp } from './support/test-app.js';

const METRICS_TOKEN = 'metrics-token-of-the-e2e-tests';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (`name{a="1",b="2"} value`), comments left out. */
function samplesOf(body: string): Sample[] {
  return body
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]),
      );
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with exactly these labels; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)
    ?.value;
}

describe('metrics (GET /metrics)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(() => t.close());

  const scrape = async (server = t.app.getHttpServer()) => {
    const res = await request(server).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    return samplesOf(res.text);
  };

  it('refuses a scrape without the token with 401 problem+json, never cached', async () => {
    const res = await t.anon.get('/metrics').expect(401);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({ status: 401, instance: '/metrics' });
  });

  it('refuses a wrong token, and an API caller’s own credentials, with 401', async () => {
    await t.anon.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}-not`).expect(401);
    await t.anon.get('/metrics').set('Authorization', METRICS_TOKEN).expect(401);
    // The admin's access token is a credential of the API, not of the metrics.
    await t.http.get('/metrics').expect(401);
  });

  it('answers the token with the Prometheus text format, never cached', async () => {
    const res = await t.anon.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE http_requests_total counter');
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toContain('# TYPE rate_limit_rejections_total counter');
    expect(res.text).toContain('# TYPE login_failures_total counter');
    // The process metrics are on unless METRICS_PROCESS=false.
    expect(res.text).toContain('# TYPE process_cpu_seconds_total counter');
    expect(() => samplesOf(res.text)).not.toThrow();
  });

  it('counts requests by route template and status, never by the URL they named', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await t.http.get(`/api/v1/needs/${id}`).expect(404);
    await t.http.get('/api/v1/needs').expect(200);

    const res = await t.anon.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    const samples = samplesOf(res.text);
    const byId = { method: 'GET', route: '/api/v1/needs/:id', status: '404' };
    expect(valueOf(samples, 'http_requests_total', byId)).toBe(3);
    expect(
      valueOf(samples, 'http_requests_total', { method: 'GET', route: '/api/v1/needs', status: '200' }),
    ).toBe(1);
    for (const id of ids) expect(res.text).not.toContain(id);
  });

  it('measures each request in the duration histogram: its buckets, count and sum', async () => {
    const route = { method: 'GET', route: '/api/v1/states', status: '200' };
    await t.http.get('/api/v1/states').expect(200);
    await t.http.get('/api/v1/states').expect(200);

    const samples = await scrape();
    const buckets = samples.filter(
      (s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.route === '/api/v1/states',
    );
    expect(buckets.map((s) => s.labels.le)).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '30',
      '+Inf',
    ]);
    // Cumulative buckets, the last one holding every request.
    const counts = buckets.map((s) => s.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(valueOf(samples, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(2);
    expect(valueOf(samples, 'http_request_duration_seconds_count', route)).toBe(2);
    expect(valueOf(samples, 'http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
  });

  it('counts requests no route answered as unmatched: unknown paths and bodies refused by the parser', async () => {
    await t.anon.get(`/api/v1/no-such-route/${randomUUID()}`).expect(404);
    await t.anon.post('/api/v1/needs').set('Content-Type', 'application/json').send('{"title":').expect(400);

    const samples = await scrape();
    expect(
      valueOf(samples, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBe(1);
    expect(
      valueOf(samples, 'http_requests_total', { method: 'POST', route: 'unmatched', status: '400' }),
    ).toBe(1);
    expect(samples.some((s) => s.labels.route?.includes('no-such-route'))).toBe(false);
  });

  it('counts refused requests under their route: a guard’s 401 is the route’s 401', async () => {
    await t.anon.get('/api/v1/needs').expect(401);
    const samples = await scrape();
    expect(
      valueOf(samples, 'http_requests_total', { method: 'GET', route: '/api/v1/needs', status: '401' }),
    ).toBe(1);
  });

  it('reads the database pool when scraped: in use, idle, waiting and its size, and times the waits', async () => {
    const before = await scrape();
    // DB_POOL_SIZE is 5 in the tests: hold every connection, and let one more query wait for one.
    const held = Array.from({ length: 5 }, () => t.db.createQueryRunner());
    await Promise.all(held.map((runner) => runner.connect()));
    const waiting = t.db.query('SELECT 1');
    try {
      const samples = await scrape();
      expect(valueOf(samples, 'db_pool_connections_max')).toBe(5);
      expect(valueOf(samples, 'db_pool_connections')).toBe(5);
      expect(valueOf(samples, 'db_pool_connections_in_use')).toBe(5);
      expect(valueOf(samples, 'db_pool_connections_idle')).toBe(0);
      expect(valueOf(samples, 'db_pool_waiting_requests')).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(held.map((runner) => runner.release()));
      await waiting;
    }
    const after = await scrape();
    expect(valueOf(after, 'db_pool_connections_in_use')).toBe(0);
    expect(valueOf(after, 'db_pool_waiting_requests')).toBe(0);
    // The waiting query waited at least as long as the scrape that saw it waiting: longer than the
    // smallest bucket, where a query finding a free connection lands.
    const waits = (samples: typeof after, name: string, labels?: Record<string, string>) =>
      (valueOf(samples, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
    expect(waits(after, 'db_pool_acquire_seconds_count')).toBeGreaterThanOrEqual(6);
    expect(waits(after, 'db_pool_acquire_seconds_bucket', { le: '0.0005' })).toBeLessThan(
      waits(after, 'db_pool_acquire_seconds_count'),
    );
    expect(waits(after, 'db_pool_acquire_seconds_sum')).toBeGreaterThan(0);
  });

  it('is not part of the API document', async () => {
    const document = (await t.anon.get('/api/docs-json').expect(200)).body as { paths: object };
    expect(Object.keys(document.paths).filter((path) => path.includes('metrics'))).toEqual([]);
  });

  it('counts each app instance’s own requests (one registry per instance)', async () => {
    await t.http.get(`/api/v1/needs/${randomUUID()}`).expect(404);
    const second = await startInstance(t.databaseUrl, { METRICS_TOKEN });
    try {
      const samples = await scrape(second.getHttpServer());
      const byId = { method: 'GET', route: '/api/v1/needs/:id', status: '404' };
      expect(valueOf(samples, 'http_requests_total', byId)).toBeUndefined();
      expect(valueOf(await scrape(), 'http_requests_total', byId)).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });

  it('is switched off without METRICS_TOKEN: /metrics is an unknown path (404)', async () => {
    const withoutToken = await startInstance(t.databaseUrl);
    try {
      await request(withoutToken.getHttpServer())
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(404);
    } finally {
      await withoutToken.close();
    }
  });
});
