import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiClientsModule } from './api-clients/index.js';
import { AuthModule } from './auth/index.js';
import type { AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { HealthModule } from './health/index.js';
import { IdempotencyModule } from './idempotency/index.js';
import { IntegrationsModule } from './integrations/index.js';
import { MetricsModule } from './metrics/index.js';
import { MunicipalitiesModule } from './municipalities/index.js';
import { NeedFitsRefreshModule, NeedsModule } from './needs/index.js';
import { RegionsModule } from './regions/index.js';
import { ReportsModule } from './reports/index.js';
import { SolutionsModule } from './solutions/index.js';
import { StatesModule } from './states/index.js';
import { TransferCasesModule } from './transfer-cases/index.js';
import { CohortsModule } from './cohorts/index.js';
import { PracticeModule } from './practice/index.js';
import { UsersModule } from './users/index.js';
import { WebhooksModule } from './webhooks/index.js';

@Module({})
export class AppModule {
  /** The database URL is resolved before Nest starts (it may first launch embedded Postgres). */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.dbPoolSize, config.dbTimeouts)),
        AuthModule.forRoot(config.auth, config.rateLimits),
        IdempotencyModule.forRoot(config.idempotency),
        MetricsModule,
        HealthModule,
        StatesModule,
        RegionsModule,
        MunicipalitiesModule,
        UsersModule,
        ApiClientsModule,
        SolutionsModule,
        NeedsModule,
        NeedFitsRefreshModule.forRoot(config.needFits),
        TransferCasesModule,
        CohortsModule,
        PracticeModule.forRoot(config.practice),
        IntegrationsModule,
        WebhooksModule.forRoot(config.webhooks),
        ReportsModule.forRoot(config.reports),
      ],
    };
  }
}
