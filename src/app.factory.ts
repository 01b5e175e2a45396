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
import type { AppConfig } from './config/app-config.js';

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
  });
  app.disable('x-powered-by');
  // Before the body parser, so a request it refuses is logged with its request id too.
  app.use(requestLogger(logger));
  app.set('query parser', 'simple');
  app.useBodyParser('json', { limit: '1mb' });
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

function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
    // showExtensions displays each operation's `x-access` (who may call it).
    swaggerOptions: { persistAuthorization: true, showExtensions: true },
  });
}
