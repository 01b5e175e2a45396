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

  /**
   * Counts a guess before its password is checked, in one statement, so a burst of any size gets
   * no more than `maxFailedLogins` checks: the one that reaches the limit locks the account, the
   * rest find it locked. An expired lock starts the count again. Null: locked or deactivated.
   */
  async claimLoginAttempt(userId: string, policy: LockoutPolicy): Promise<number | null> {
    const [rows]: [{ failed_logins: number }[], number] = await this.users.query(
      `WITH expired AS (SELECT locked_until IS NOT NULL AND locked_until <= now() AS over FROM users WHERE id = $1)
       UPDATE users SET
         failed_logins = CASE WHEN expired.over THEN 1 ELSE failed_logins + 1 END,
         locked_until  = CASE
           WHEN (CASE WHEN expired.over THEN 1 ELSE failed_logins + 1 END) >= $2 THEN now() + make_interval(mins => $3)
           WHEN expired.over THEN NULL
           ELSE locked_until END
       FROM expired
       WHERE id = $1 AND active AND (locked_until IS NULL OR locked_until <= now())
       RETURNING failed_logins`,
      [userId, policy.maxFailedLogins, policy.lockMinutes],
    );
    return rows[0]?.failed_logins ?? null;
  }

  /**
   * A right password ends the count — unless guesses claimed after this one have locked the
   * account meanwhile (then the burst is treated as the attack it is). The attempt that itself
   * reached the limit may still succeed: it was one of the allowed guesses.
   */
  async confirmLogin(userId: string, attempt: number): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.users.query(
      `UPDATE users SET failed_logins = 0, locked_until = NULL
       WHERE id = $1 AND active AND (locked_until IS NULL OR locked_until <= now() OR failed_logins = $2)
       RETURNING id`,
      [userId, attempt],
    );
    return rows.length > 0;
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

  nameSql(column: string): string {
    return `(SELECT u.name FROM users u WHERE u.id = ${column})`;
  }
}
