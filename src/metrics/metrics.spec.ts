import type { DataSource } from 'typeorm';
import { Metrics } from './metrics.js';

/** A data source whose pg pool reports these numbers (or none, when TypeORM has closed it). */
function dataSourceWithPool(pool?: {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  max: number;
  connect?: (callback?: (...args: unknown[]) => void) => unknown;
}): DataSource {
  const master = pool && { connect: () => Promise.resolve(), ...pool, options: { max: pool.max } };
  return { driver: { master } } as unknown as DataSource;
}

/** The value of one sample line, `name{labels} value`. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Metrics', () => {
  it('counts rate-limit rejections by throttler', async () => {
    const metrics = new Metrics(dataSourceWithPool());
    metrics.rateLimitRejected('login');
    metrics.rateLimitRejected('login');
    metrics.rateLimitRejected('api');
    const { body } = await metrics.exposition();
    expect(sample(body, 'rate_limit_rejections_total{throttler="login"}')).toBe(2);
    expect(sample(body, 'rate_limit_rejections_total{throttler="api"}')).toBe(1);
  });

  it('counts login failures by reason', async () => {
    const metrics = new Metrics(dataSourceWithPool());
    metrics.loginFailed('wrong-password');
    const { body } = await metrics.exposition();
    expect(sample(body, 'login_failures_total{reason="wrong-password"}')).toBe(1);
    expect(body).toContain('# TYPE login_failures_total counter');
  });

  it('reads the pool when scraped: open, idle, in use (open minus idle), waiting, max', async () => {
    const metrics = new Metrics(
      dataSourceWithPool({ totalCount: 7, idleCount: 2, waitingCount: 3, max: 10 }),
    );
    const { body } = await metrics.exposition();
    expect(sample(body, 'db_pool_connections')).toBe(7);
    expect(sample(body, 'db_pool_connections_idle')).toBe(2);
    expect(sample(body, 'db_pool_connections_in_use')).toBe(5);
    expect(sample(body, 'db_pool_waiting_requests')).toBe(3);
    expect(sample(body, 'db_pool_connections_max')).toBe(10);
  });

  it('times each wait for a connection, asked with a callback (TypeORM) or for a promise (the export)', async () => {
    const handOut: (() => void)[] = [];
    const data = dataSourceWithPool({
      totalCount: 1,
      idleCount: 0,
      waitingCount: 0,
      max: 1,
      connect: (callback) =>
        callback
          ? void handOut.push(() => callback(undefined, 'client', () => undefined))
          : new Promise((resolve) => handOut.push(() => resolve('client'))),
    });
    const metrics = new Metrics(data);
    const pool = (
      data.driver as unknown as { master: { connect: (cb?: (...a: unknown[]) => void) => unknown } }
    ).master;
    const given: unknown[] = [];
    pool.connect((_error, client) => given.push(client));
    const promised = pool.connect() as Promise<unknown>;
    expect(sample((await metrics.exposition()).body, 'db_pool_acquire_seconds_count')).toBe(0);
    for (const give of handOut) give();
    expect(await promised).toBe('client');
    expect(given).toEqual(['client']);
    const { body } = await metrics.exposition();
    expect(sample(body, 'db_pool_acquire_seconds_count')).toBe(2);
    expect(body).toContain('# TYPE db_pool_acquire_seconds histogram');
  });

  it('reports an empty pool once TypeORM has closed it', async () => {
    const { body } = await new Metrics(dataSourceWithPool()).exposition();
    expect(sample(body, 'db_pool_connections')).toBe(0);
    expect(sample(body, 'db_pool_connections_in_use')).toBe(0);
  });

  it('records a request in the counter and the histogram under the same labels', async () => {
    const metrics = new Metrics(dataSourceWithPool());
    metrics.requestFinished('GET', '/api/v1/needs/:id', 404, 0.02);
    const { body } = await metrics.exposition();
    const labels = 'method="GET",route="/api/v1/needs/:id",status="404"';
    expect(sample(body, `http_requests_total{${labels}}`)).toBe(1);
    expect(sample(body, `http_request_duration_seconds_bucket{le="0.01",${labels}}`)).toBe(0);
    expect(sample(body, `http_request_duration_seconds_bucket{le="0.025",${labels}}`)).toBe(1);
    expect(sample(body, `http_request_duration_seconds_count{${labels}}`)).toBe(1);
  });

  it('keeps each instance its own count (no global registry)', async () => {
    const first = new Metrics(dataSourceWithPool());
    const second = new Metrics(dataSourceWithPool());
    first.loginFailed('unknown-email');
    expect(sample((await second.exposition()).body, 'login_failures_total{reason="unknown-email"}')).toBe(
      undefined,
    );
  });

  it('adds the process metrics only when asked, in the Prometheus text format', async () => {
    const metrics = new Metrics(dataSourceWithPool());
    expect((await metrics.exposition()).body).not.toContain('process_cpu_seconds_total');
    metrics.includeProcessMetrics();
    const { contentType, body } = await metrics.exposition();
    expect(body).toContain('process_cpu_seconds_total');
    expect(body).toContain('# TYPE http_requests_total counter');
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
