import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
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
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, databaseUrl, options.logStream),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
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
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => Problems.validation(flattenValidationErrors(errors)),
    }),
  );
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Transferstelle API')
      .setDescription(
        'Backend of the Lösungslotsen network: municipalities, needs, proven solutions and transfer cases. ' +
          'Errors are RFC 9457 problem details (`application/problem+json`); lists use cursor pagination.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT or API key',
        description: 'Access token from POST /auth/login, or an API key.',
      })
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key of a state system.' },
        'api-key',
      )
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
    // showExtensions displays each operation's `x-access` (who may call it).
    swaggerOptions: { persistAuthorization: true, showExtensions: true },
  });
}
