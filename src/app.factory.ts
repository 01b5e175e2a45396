import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument } from './common/openapi/openapi-document.js';
import { createLogger, PinoNestLogger, requestLogger } from './common/logging/logger-options.js';
import { ProblemDetailsFilter } from './common/problems/problem-details.filter.js';
import { Problems } from './common/problems/problem.exception.js';
import { flattenValidationErrors } from './common/problems/validation-errors.js';
import type { AppConfig, HttpConfig } from './config/app-config.js';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { bodyReadTimeout, refuseUnstorableInput, requireJsonBody } from './common/http/request-input.js';
import { noStore, securityHeaders } from './common/http/security-headers.js';
import { mountMetrics } from './metrics/index.js';

export const API_PREFIX = 'api/v1';

/** Builds the configured application; shared by `main.ts` and the e2e tests so both run the same app. */
export interface AppOptions {
  /** Where logs go instead of stdout (tests capture them). */
  logStream?: NodeJS.WritableStream;
}

export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: AppOptions = {},
): Promise<INestApplication> {
  const logger = createLogger(config.logLevel, options.logStream);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    logger: new PinoNestLogger(logger),
    // Only the JSON parser below: Nest's default would also read form bodies on every route.
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  limitRequestTime(app, config.http);
  // Before the body parser, so a request it refuses is logged with its request id too.
  app.use(requestLogger(logger));
  // Request metrics and GET /metrics (when METRICS_TOKEN is set), also before the body parser.
  mountMetrics(app, config.metrics);
  app.use(securityHeaders(config.http));
  app.enableCors(corsOptions(config.http));
  // The cors middleware leaves a preflight from an origin not on the list to the router (404);
  // it is answered like the others, only without a permission.
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.method === 'OPTIONS' && req.headers['access-control-request-method'] ? res.status(204).end() : next(),
  );
  app.use(`/${API_PREFIX}`, noStore());
  app.set('query parser', 'simple');
  app.use(requireJsonBody());
  app.use(bodyReadTimeout(config.http.bodyTimeoutMs));
  app.useBodyParser('json', { limit: '1mb' });
  app.use(refuseUnstorableInput());
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      // The value lets the error flattening tell a missing field from a wrong one; it never reaches a response.
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => Problems.validation(flattenValidationErrors(errors)),
    }),
  );
  setUpOpenApi(app);
  return app;
}

/** Node's backstops behind the body timeout: slow headers, a request that never completes. */
function limitRequestTime(app: INestApplication, http: HttpConfig): void {
  const server = app.getHttpServer() as Server;
  server.headersTimeout = http.headersTimeoutMs;
  server.requestTimeout = http.requestTimeoutMs;
}

/**
 * Browser front ends (the pilots' desk) on the configured origins only. Preflights are answered
 * here (204) for every origin; one not on the list gets no Access-Control-Allow-Origin, so the
 * browser refuses the call.
 */
function corsOptions(http: HttpConfig): CorsOptions {
  const allowed = new Set(http.corsOrigins);
  return {
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'If-Match',
      'If-None-Match',
      'Idempotency-Key',
      'X-API-Key',
      'X-Request-Id',
    ],
    exposedHeaders: [
      'ETag',
      'Location',
      'Retry-After',
      'RateLimit',
      'RateLimit-Policy',
      'X-Request-Id',
      'Content-Disposition',
    ],
    maxAge: 600,
    optionsSuccessStatus: 204,
  };
}

function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
    // showExtensions displays each operation's `x-access` (who may call it).
    // validatorUrl: null keeps the page from loading a badge from swagger.io, which the CSP forbids.
    swaggerOptions: { persistAuthorization: true, showExtensions: true, validatorUrl: null },
  });
}
