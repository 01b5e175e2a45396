import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApiClientsModule } from './api-clients/api-clients.module.js';
import { AuthModule } from './auth/auth.module.js';
import { loggerOptions } from './common/logging/logger-options.js';
import type { AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { HealthModule } from './health/health.module.js';
import { MunicipalitiesModule } from './municipalities/municipalities.module.js';
import { NeedsModule } from './needs/needs.module.js';
import { RegionsModule } from './regions/regions.module.js';
import { SolutionsModule } from './solutions/solutions.module.js';
import { StatesModule } from './states/states.module.js';
import { TransferCasesModule } from './transfer-cases/transfer-cases.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  /** The database URL is resolved before Nest starts (it may first launch embedded Postgres). */
  static forRoot(config: AppConfig, databaseUrl: string, logStream?: NodeJS.WritableStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config.logLevel, logStream)),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.dbPoolSize)),
        AuthModule.forRoot(config.auth),
        HealthModule,
        StatesModule,
        RegionsModule,
        MunicipalitiesModule,
        UsersModule,
        ApiClientsModule,
        SolutionsModule,
        NeedsModule,
        TransferCasesModule,
      ],
    };
  }
}
