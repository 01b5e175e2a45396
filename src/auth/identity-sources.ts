import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClientCaller, UserCaller } from './caller.js';
import type { Role } from './role.js';

/** What login needs to know of an account. */
export interface LoginAccount {
  id: string;
  role: Role;
  active: boolean;
  passwordHash: string;
  lockedUntil: Date | null;
  failedLogins: number;
}

/** A region as a desk tool names it. */
export interface RegionRef {
  id: string;
  code: string;
  name: string;
}

export interface UserProfile {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The regions she works in, by code. */
  regions: RegionRef[];
}

export interface LockoutPolicy {
  maxFailedLogins: number;
  lockMinutes: number;
}

/** The accounts of people, kept by users/. */
export interface UserAccounts {
  /** The caller an access token's subject stands for, while the account is active; `tx`: the caller's transaction. */
  activeCaller(userId: string, tx?: EntityManager): Promise<UserCaller | null>;
  loginAccount(email: string): Promise<LoginAccount | null>;
  /**
   * Counts a guess before its password is checked and returns its number in the row of guesses,
   * locking the account when it reaches the policy's limit; null when locked or deactivated.
   */
  claimLoginAttempt(userId: string, policy: LockoutPolicy): Promise<number | null>;
  /** After the right password: resets the count; false when later guesses locked the account first. */
  confirmLogin(userId: string, attempt: number): Promise<boolean>;
  profile(userId: string): Promise<UserProfile | null>;
  /** The names of these accounts (deactivated ones too), one query whatever their number; `tx`: the caller's transaction. */
  namesOf(userIds: readonly string[], tx?: EntityManager): Promise<Map<string, string>>;
  /** The name of the account whose id is in `column`, as a scalar subquery for another module's select. */
  nameSql(column: string): string;
}

/** The keys of state systems, kept by api-clients/. */
export interface ClientKeys {
  /** The client an API key belongs to, unless the key is wrong or revoked. */
  callerFor(key: string): Promise<ClientCaller | null>;
  /** The client as a caller by its id, unless revoked (work done for it without a request: webhooks). */
  activeCaller(clientId: string): Promise<ClientCaller | null>;
  /** The regions of the client's territory, by code. */
  regionsOf(client: ClientCaller): Promise<RegionRef[]>;
  /** The names of these clients (revoked ones too), one query whatever their number; `tx`: the caller's transaction. */
  namesOf(clientIds: readonly string[], tx?: EntityManager): Promise<Map<string, string>>;
  /** The name of the client whose id is in `column`, as a scalar subquery for another module's select. */
  nameSql(column: string): string;
}

/**
 * Where auth/ finds accounts without importing the modules that keep them: users/ and
 * api-clients/ sit above auth/ (they use its guard, roles and hasher) and hand their sources in
 * from their module constructors. So the arrows point one way only, and a missing source fails
 * loudly instead of letting anyone in.
 */
@Injectable()
export class IdentitySources {
  private userAccounts?: UserAccounts;
  private clientKeys?: ClientKeys;

  provideUserAccounts(source: UserAccounts): void {
    this.userAccounts = source;
  }

  provideClientKeys(source: ClientKeys): void {
    this.clientKeys = source;
  }

  get users(): UserAccounts {
    if (!this.userAccounts) throw new Error('no user accounts: UsersModule is not part of the application');
    return this.userAccounts;
  }

  get clients(): ClientKeys {
    if (!this.clientKeys)
      throw new Error('no API client keys: ApiClientsModule is not part of the application');
    return this.clientKeys;
  }
}
