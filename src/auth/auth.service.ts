import { Injectable } from '@nestjs/common';
import { Problems } from '../common/problems/problem.exception.js';
import { Metrics } from '../metrics/index.js';
import type { ClientCaller, UserCaller } from './caller.js';
import { IdentitySources, type LockoutPolicy, type RegionRef, type UserProfile } from './identity-sources.js';
import { PasswordHasher } from './password-hasher.js';
import { TokensService, type TokenPair } from './tokens.service.js';

/** After this many wrong passwords in a row an account is locked … */
export const MAX_FAILED_LOGINS = 5;
/** … for this long. */
export const LOCK_MINUTES = 15;

const LOCKOUT: LockoutPolicy = { maxFailedLogins: MAX_FAILED_LOGINS, lockMinutes: LOCK_MINUTES };
const INVALID_LOGIN = 'email or password is wrong';

@Injectable()
export class AuthService {
  constructor(
    private readonly sources: IdentitySources,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Unknown email, wrong password, deactivated and locked accounts all get the same 401 after
   * the same work, so a response never tells whether an account exists or is locked.
   */
  async login(email: string, password: string): Promise<TokenPair> {
    const accounts = this.sources.users;
    const account = await accounts.loginAccount(email.trim().toLowerCase());
    // The guess is counted (and the lock decided) before the password is checked, in the database.
    const attempt = account && (await accounts.claimLoginAttempt(account.id, LOCKOUT));
    if (!account || !attempt) {
      await this.passwords.verifyNothing(password);
      this.metrics.loginFailed(account ? 'locked-or-inactive' : 'unknown-account');
      throw Problems.unauthenticated(INVALID_LOGIN);
    }
    if (!(await this.passwords.verify(account.passwordHash, password))) {
      this.metrics.loginFailed('wrong-password');
      throw Problems.unauthenticated(INVALID_LOGIN);
    }
    if (!(await accounts.confirmLogin(account.id, attempt))) {
      this.metrics.loginFailed('locked-or-inactive');
      throw Problems.unauthenticated(INVALID_LOGIN);
    }
    return this.tokens.issue(account);
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken);
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revokeFamilyOf(refreshToken);
  }

  async profile(caller: UserCaller): Promise<UserProfile> {
    const profile = await this.sources.users.profile(caller.id);
    if (!profile) throw Problems.unauthenticated('the account is deactivated or no longer exists');
    return profile;
  }

  /** The regions of an API client's territory, with code and name. */
  clientRegions(caller: ClientCaller): Promise<RegionRef[]> {
    return this.sources.clients.regionsOf(caller);
  }
}
