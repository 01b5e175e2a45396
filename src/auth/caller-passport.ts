import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import passport from 'passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { Problems } from '../common/problems/problem.exception.js';
import type { Caller } from './caller.js';
import { CallerAuthenticator } from './caller-authenticator.js';

/**
 * Passport with one strategy, `caller`: people and systems share the `Authorization` header
 * (JWT or API key) and `X-API-Key`. The authenticator instance belongs to this application —
 * passport's default singleton would let two apps in one process (as in the tests) overwrite
 * each other's strategy.
 */
@Injectable()
export class CallerPassport {
  private readonly passport = new passport.Passport();

  constructor(authenticator: CallerAuthenticator) {
    this.passport.use(
      'caller',
      new CustomStrategy((req, done) => {
        authenticator.authenticate(req).then(
          (caller) => done(null, caller),
          (error: unknown) => done(error),
        );
      }),
    );
  }

  authenticate(req: Request, res: Response): Promise<Caller> {
    return new Promise((resolve, reject) => {
      const middleware = this.passport.authenticate(
        'caller',
        { session: false },
        (error: unknown, caller: Caller | false | undefined) => {
          if (error) reject(error);
          else if (!caller) reject(Problems.unauthenticated('authentication required'));
          else resolve(caller);
        },
      );
      middleware(req, res, reject);
    });
  }
}
