import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { AuthConfig, RateLimitConfig } from '../config/app-config.js';
import { ExpensiveCalls, RATE_LIMIT_CONFIG } from './rate-limits/expensive-calls.js';
import { PostgresThrottlerStorage } from './rate-limits/postgres-throttler-storage.js';
import { RateLimiter, throttlerOptions } from './rate-limits/rate-limiter.js';
import { MetricsModule } from '../metrics/index.js';
import { AccessGuard } from './access.guard.js';
import { ActorNames } from './actor-names.js';
import { AUTH_CONFIG } from './auth.constants.js';
import { CallerCache } from './caller-cache.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { CallerAuthenticator } from './caller-authenticator.js';
import { CallerPassport } from './caller-passport.js';
import { IdentitySources } from './identity-sources.js';
import { jwtKeyOf } from './jwt-secret.js';
import { PasswordHasher } from './password-hasher.js';
import { PersonalContactInterceptor } from './personal-contact.js';
import { RefreshToken } from './refresh-token.entity.js';
import { TokensService } from './tokens.service.js';

/**
 * Global: every route is guarded and every response passes the personal-contact rule. Owns
 * `refresh_tokens`; reads accounts through `IdentitySources`, which users/ and api-clients/ fill.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig, rateLimits: RateLimitConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [
        JwtModule.register({ secret: jwtKeyOf(config) }),
        TypeOrmModule.forFeature([RefreshToken]),
        MetricsModule,
        ThrottlerModule.forRootAsync({
          inject: [DataSource],
          useFactory: (db: DataSource) => throttlerOptions(rateLimits, new PostgresThrottlerStorage(db)),
        }),
      ],
      controllers: [AuthController],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: RATE_LIMIT_CONFIG, useValue: rateLimits },
        RateLimiter,
        ExpensiveCalls,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: PersonalContactInterceptor },
        IdentitySources,
        PasswordHasher,
        TokensService,
        CallerAuthenticator,
        Clock,
        CallerCache,
        CallerPassport,
        AuthService,
        ActorNames,
      ],
      exports: [IdentitySources, PasswordHasher, TokensService, ActorNames, CallerCache],
    };
  }
}
