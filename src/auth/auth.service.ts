import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Problems } from '../common/problems/problem.exception.js';
import { User } from '../users/user.entity.js';
import { seesPersonalContacts } from './access-rule.js';
import type { Caller } from './caller.js';
import type { MeResponse } from './dto/me.response.js';
import { PasswordHasher } from './password-hasher.js';
import { TokensService, type TokenPair } from './tokens.service.js';

/** After this many wrong passwords in a row an account is locked … */
export const MAX_FAILED_LOGINS = 5;
/** … for this long. */
export const LOCK_MINUTES = 15;

const INVALID_LOGIN = 'email or password is wrong';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokensService,
  ) {}

  /**
   * Unknown email, wrong password, deactivated and locked accounts all get the same 401 after
   * the same work, so a response never tells whether an account exists or is locked.
   */
  async login(email: string, password: string): Promise<TokenPair> {
    const user = await this.db.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
    if (!user || !user.active || (user.lockedUntil && user.lockedUntil > new Date())) {
      await this.passwords.verifyNothing(password);
      throw Problems.unauthenticated(INVALID_LOGIN);
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      await this.recordFailure(user.id);
      throw Problems.unauthenticated(INVALID_LOGIN);
    }
    if (user.failedLogins > 0) {
      await this.db.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [user.id]);
    }
    return this.tokens.issue(user);
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken);
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revokeFamilyOf(refreshToken);
  }

  async me(caller: Caller): Promise<MeResponse> {
    if (caller.kind === 'client') {
      const { id, name, scopes, stateCodes, regionIds } = caller;
      return {
        kind: 'client',
        id,
        name,
        scopes: [...scopes],
        stateCodes: [...stateCodes],
        regionIds: [...regionIds],
      };
    }
    const user = await this.db.getRepository(User).findOneByOrFail({ id: caller.id });
    return {
      kind: 'user',
      id: user.id,
      name: user.name,
      // Analysts see no personal contact data in any response, their own included.
      ...(seesPersonalContacts(caller) && { email: user.email }),
      role: user.role,
      regionIds: [...caller.regionIds],
    };
  }

  /** One statement, so concurrent wrong guesses are all counted. */
  private async recordFailure(userId: string): Promise<void> {
    await this.db.query(
      `UPDATE users SET
         locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END,
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
       WHERE id = $1`,
      [userId, MAX_FAILED_LOGINS, LOCK_MINUTES],
    );
  }
}
