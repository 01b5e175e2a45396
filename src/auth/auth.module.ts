import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { AuthConfig } from '../config/app-config.js';
import { AccessGuard } from './access.guard.js';
import { AUTH_CONFIG } from './auth.constants.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { CallerAuthenticator } from './caller-authenticator.js';
import { CallerPassport } from './caller-passport.js';
import { jwtKeyOf } from './jwt-secret.js';
import { PasswordHasher } from './password-hasher.js';
import { TokensService } from './tokens.service.js';

@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [JwtModule.register({ secret: jwtKeyOf(config) })],
      controllers: [AuthController],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AccessGuard },
        PasswordHasher,
        TokensService,
        CallerAuthenticator,
        CallerPassport,
        AuthService,
      ],
      exports: [PasswordHasher, TokensService],
    };
  }
}
