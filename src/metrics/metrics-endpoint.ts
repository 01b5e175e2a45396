import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Problems } from '../common/problems/problem.exception.js';
import type { MetricsConfig } from '../config/app-config.js';
import { Metrics } from './metrics.js';
import { routeTemplateOf } from './route-template.js';

export const METRICS_PATH = '/metrics';

/** nginx's "client closed request": the client went away before the answer was complete. */
const CLIENT_CLOSED = 499;

/**
 * Counts every request and serves `GET /metrics` to Prometheus, when `METRICS_TOKEN` is set
 * (otherwise nothing is mounted and /metrics is an unknown path, 404). Call it before the body
 * parser, so the requests it refuses are counted too. The endpoint is a plain Express route
 * outside the API (`/api/v1`): not in the OpenAPI document, not behind the access guard, and its
 * only credential is the token (`Authorization: Bearer <METRICS_TOKEN>`).
 */
export function mountMetrics(app: INestApplication, config: MetricsConfig): void {
  if (config.token === undefined) return;
  const metrics = app.get(Metrics);
  if (config.processMetrics) metrics.includeProcessMetrics();
  app.use(recordRequests(metrics));

  const isToken = tokenCheck(config.token);
  const express = app.getHttpAdapter().getInstance() as {
    get(path: string, handler: (req: Request, res: Response, next: NextFunction) => void): void;
  };
  express.get(METRICS_PATH, (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!isToken(bearerToken(req.headers.authorization))) {
      // Nest's exception layer answers it through the global filter, as problem+json.
      next(Problems.unauthenticated('Metrics need Authorization: Bearer <METRICS_TOKEN>.'));
      return;
    }
    metrics.exposition().then(
      ({ contentType, body }) => res.status(200).type(contentType).send(body),
      (error: unknown) => next(error),
    );
  });
}

function recordRequests(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    let recorded = false;
    const record = (status: number) => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.requestFinished(req.method, routeTemplateOf(req), status, seconds);
    };
    res.once('finish', () => record(res.statusCode));
    res.once('close', () => record(CLIENT_CLOSED));
    next();
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}

/** Compares digests in constant time, so the answer's timing tells nothing about the token. */
function tokenCheck(expected: string): (given: string | undefined) => boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const wanted = digest(expected);
  return (given) => given !== undefined && timingSafeEqual(digest(given), wanted);
}
