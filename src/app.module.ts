import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { loggerOptions } from './common/logging/logger-options.js';
import type { AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { HealthModule } from './health/health.module.js';
import { MunicipalitiesModule } from './municipalities/municipalities.module.js';
import { RegionsModule } from './regions/regions.module.js';
import { StatesModule } from './states/states.module.js';

@Module({})
export class AppModule {
  /** The database URL is resolved before Nest starts (it may first launch embedded Postgres). */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config.logLevel)),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.dbPoolSize)),
        HealthModule,
        StatesModule,
        RegionsModule,
        MunicipalitiesModule,
      ],
    };
  }
}
