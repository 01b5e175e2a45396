import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { IdempotencyConfig } from '../config/app-config.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { IdempotencyKeys } from './idempotency-keys.js';
import { IDEMPOTENCY_CONFIG, IdempotencyInterceptor } from './idempotency.interceptor.js';

const SWEEP_EVERY_MS = 10 * 60_000;

/** Idempotency-Key for every authenticated POST; owns `idempotency_keys`. */
@Module({})
export class IdempotencyModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private sweeper: NodeJS.Timeout | undefined;

  constructor(@Inject(IdempotencyKeys) private readonly keys: IdempotencyKeys) {}

  static forRoot(config: IdempotencyConfig): DynamicModule {
    return {
      module: IdempotencyModule,
      imports: [TypeOrmModule.forFeature([IdempotencyKey])],
      providers: [
        IdempotencyKeys,
        { provide: IDEMPOTENCY_CONFIG, useValue: config },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [IdempotencyKeys],
    };
  }

  onModuleInit(): void {
    // Expired keys are also taken over when reused; the sweep keeps the table from growing.
    this.sweeper = setInterval(() => {
      this.keys
        .sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'sweeping idempotency keys failed'));
    }, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
