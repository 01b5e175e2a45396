import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** Request durations in seconds: from a cached lookup to a long export. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Waits for a pooled connection in seconds: none at all to the connect timeout's order. */
const ACQUIRE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface MetricsExposition {
  contentType: string;
  body: string;
}

/**
 * The application's Prometheus metrics, one registry per app instance (never prom-client's
 * global one: the tests run several instances in one process, and each counts its own requests).
 * Other modules count what only they see through the methods below.
 */
@Injectable()
export class Metrics {
  private readonly registry = new Registry();
  private processMetrics = false;

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to the last byte of its answer, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly rateLimitRejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused with 429 by a rate limit, by throttler.',
    labelNames: ['throttler'] as const,
    registers: [this.registry],
  });

  private readonly loginFailures = new Counter({
    name: 'login_failures_total',
    help: 'Refused login attempts, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(@InjectDataSource() dataSource: DataSource) {
    // Read when scraped: TypeORM's postgres driver keeps its pg Pool as `master` (no replication here).
    const pool = () => (dataSource.driver as { master?: Pool }).master;
    const poolGauge = (name: string, help: string, read: (pool: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const current = pool();
          this.set(current ? read(current) : 0);
        },
      });
    poolGauge('db_pool_connections', 'Open connections of the database pool.', (p) => p.totalCount);
    poolGauge('db_pool_connections_idle', 'Open connections of the pool not in use.', (p) => p.idleCount);
    poolGauge(
      'db_pool_connections_in_use',
      'Connections of the pool lent to a query or transaction (open minus idle).',
      (p) => p.totalCount - p.idleCount,
    );
    poolGauge(
      'db_pool_waiting_requests',
      'Queries and transactions waiting for a connection of the pool.',
      (p) => p.waitingCount,
    );
    poolGauge('db_pool_connections_max', 'Most connections the pool opens (DB_POOL_SIZE).', (p) =>
      Number(p.options.max ?? 0),
    );
    const acquire = new Histogram({
      name: 'db_pool_acquire_seconds',
      help: 'Time a query or transaction waited for a connection of the pool (a new connection included).',
      buckets: ACQUIRE_BUCKETS,
      registers: [this.registry],
    });
    const current = pool();
    if (current) timeAcquisitions(current, (seconds) => acquire.observe(seconds));
  }

  /** A request was answered (or its client went away, status 499); `route` is its template. */
  requestFinished(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  /** A rate limit refused a request; `throttler` names the limit (a fixed, small set of names). */
  rateLimitRejected(throttler: string): void {
    this.rateLimitRejections.inc({ throttler });
  }

  /** A login was refused; `reason` is one of a fixed, small set (never the email or anything the caller sent). */
  loginFailed(reason: string): void {
    this.loginFailures.inc({ reason });
  }

  /** Adds the Node.js process metrics (CPU, memory, event loop, GC) to what `exposition` answers. */
  includeProcessMetrics(): void {
    this.processMetrics = true;
  }

  /** Everything in the Prometheus text format, the pool gauges read now. */
  async exposition(): Promise<MetricsExposition> {
    const registry = this.processMetrics ? Registry.merge([this.registry, processRegistry()]) : this.registry;
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}

/**
 * pg's Pool tells when a connection is handed out ('acquire') but not when it was asked for, so
 * `connect` itself is wrapped; TypeORM calls it with a callback, the CSV export without.
 */
function timeAcquisitions(pool: Pool, observe: (seconds: number) => void): void {
  const connect = pool.connect.bind(pool) as (callback?: (...args: unknown[]) => void) => unknown;
  const since = (started: number) => observe((performance.now() - started) / 1000);
  (pool as { connect: unknown }).connect = (callback?: (...args: unknown[]) => void) => {
    const started = performance.now();
    if (callback)
      return connect((...args: unknown[]) => {
        since(started);
        callback(...args);
      });
    return (connect() as Promise<unknown>).then(
      (client) => {
        since(started);
        return client;
      },
      (error: unknown) => {
        since(started);
        throw error;
      },
    );
  };
}

let processMetricsRegistry: Registry | undefined;

/**
 * The process metrics describe the process, not an app instance, and their collectors (a GC
 * observer, an event-loop monitor) cannot be stopped: they are set up once per process and shared
 * by every instance in it.
 */
function processRegistry(): Registry {
  if (!processMetricsRegistry) {
    processMetricsRegistry = new Registry();
    collectDefaultMetrics({ register: processMetricsRegistry });
  }
  return processMetricsRegistry;
}
