import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import type {
  LockoutPolicy,
  LoginAccount,
  Role,
  UserAccounts,
  UserCaller,
  UserProfile,
} from '../auth/index.js';
import { User } from './user.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { RegionsService } from '../regions/index.js';

/** The accounts auth/ logs people in with and authenticates every request against. */
@Injectable()
export class UserAccountsSource implements UserAccounts {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly regions: RegionsService,
  ) {}

  /** One indexed query per request: the account and its regions. */
  async activeCaller(userId: string, tx?: EntityManager): Promise<UserCaller | null> {
    const users = inTransaction(this.users, tx);
    const [row]: { id: string; role: Role; region_ids: string[] }[] = await users.query(
      `SELECT u.id, u.role, ARRAY(SELECT region_id FROM user_regions WHERE user_id = u.id) AS region_ids
       FROM users u WHERE u.id = $1 AND u.active`,
      [userId],
    );
    return row ? { kind: 'user', id: row.id, role: row.role, regionIds: row.region_ids } : null;
  }

  async loginAccount(email: string): Promise<LoginAccount | null> {
    const user = await this.users.findOneBy({ email });
    return (
      user && {
        id: user.id,
        role: user.role,
        active: user.active,
        passwordHash: user.passwordHash,
        lockedUntil: user.lockedUntil,
        failedLogins: user.failedLogins,
      }
    );
  }

  /** One statement, so concurrent wrong guesses are all counted. */
  async recordFailedLogin(userId: string, policy: LockoutPolicy): Promise<void> {
    await this.users.query(
      `UPDATE users SET
         locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END,
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
       WHERE id = $1`,
      [userId, policy.maxFailedLogins, policy.lockMinutes],
    );
  }

  async clearFailedLogins(userId: string): Promise<void> {
    await this.users.update({ id: userId }, { failedLogins: 0, lockedUntil: null });
  }

  /** The account with its regions in one query, their codes and names (regions/) in a second. */
  async profile(userId: string): Promise<UserProfile | null> {
    const [row]: { id: string; name: string; email: string; role: Role; region_ids: string[] }[] =
      await this.users.query(
        `SELECT u.id, u.name, u.email, u.role,
                ARRAY(SELECT region_id FROM user_regions WHERE user_id = u.id) AS region_ids
         FROM users u WHERE u.id = $1`,
        [userId],
      );
    if (!row) return null;
    const regions = await this.regions.refs(row.region_ids);
    return { id: row.id, name: row.name, email: row.email, role: row.role, regions };
  }

  async namesOf(userIds: readonly string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await inTransaction(this.users, tx).find({
      where: { id: In([...userIds]) },
      select: { id: true, name: true },
    });
    return new Map(rows.map((user) => [user.id, user.name]));
  }
}
