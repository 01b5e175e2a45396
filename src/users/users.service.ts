import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { CallerCache, PasswordHasher, TokensService, type Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { RegionsService } from '../regions/index.js';
import {
  ADMIN_CHANGE_MESSAGES,
  ADMIN_REMOVALS,
  decideAdminChange,
  mayRemoveAnAdmin,
} from './admin-continuity.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import type { UserListQuery } from './dto/user-list.query.js';
import { UserRegion } from './user-region.entity.js';
import { User } from './user.entity.js';

/** A user with the regions she works in. */
export interface UserWithRegions {
  user: User;
  regionIds: string[];
}

const FILTERS: ListFilters<UserListQuery> = { role: 'u.role = :role', active: 'u.active = :active' };

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(UserRegion) private readonly assignments: Repository<UserRegion>,
    private readonly regions: RegionsService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly callers: CallerCache,
  ) {}

  async create(dto: CreateUserDto): Promise<UserWithRegions> {
    await this.regions.assertAllExist(dto.regionIds ?? [], 'regionIds');
    const passwordHash = await this.passwords.hash(dto.password);
    const id = await this.users.manager.transaction(async (tx) => {
      // A taken email is refused by the unique constraint (409 naming `email` via the problem filter).
      const { identifiers } = await tx.withRepository(this.users).insert({
        email: dto.email.toLowerCase(),
        name: dto.name.trim(),
        role: dto.role,
        passwordHash,
      });
      const userId = identifiers[0].id as string;
      await this.replaceRegions(tx, userId, dto.regionIds ?? []);
      return userId;
    });
    return this.get(id);
  }

  async get(id: string): Promise<UserWithRegions> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw Problems.notFound('user', id);
    return { user, regionIds: (await this.regionIdsOf([id])).get(id) ?? [] };
  }

  async list(query: UserListQuery): Promise<Page<UserWithRegions>> {
    const qb = this.users.createQueryBuilder('u');
    const filters = applyListFilters(qb, query, FILTERS);
    const page = await keysetPage(
      qb,
      // Any stored email can end a page, so the cursor accepts any string the column can hold.
      { columns: ['u.email'], shape: [/^[\s\S]{1,254}$/], keyOf: (u) => [u.email] },
      query,
      cursorScope('users', filters),
    );
    // One query for the regions of the whole page, not one per user.
    const regions = await this.regionIdsOf(page.items.map((u) => u.id));
    return {
      items: page.items.map((user) => ({ user, regionIds: regions.get(user.id) ?? [] })),
      nextCursor: page.nextCursor,
    };
  }

  async update(id: string, dto: UpdateUserDto, caller: Caller): Promise<UserWithRegions> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw Problems.notFound('user', id);
    if (dto.regionIds) await this.regions.assertAllExist(dto.regionIds, 'regionIds');
    const passwordHash = dto.password === undefined ? undefined : await this.passwords.hash(dto.password);

    await this.users.manager.transaction(async (tx) => {
      await this.assertAnAdminRemains(tx, id, dto, caller);
      await tx.withRepository(this.users).update(
        { id },
        {
          ...(dto.email !== undefined && { email: dto.email.toLowerCase() }),
          ...(dto.name !== undefined && { name: dto.name.trim() }),
          ...(dto.role !== undefined && { role: dto.role }),
          ...(dto.active !== undefined && { active: dto.active }),
          // A new password also lifts a lock.
          ...(passwordHash !== undefined && { passwordHash, failedLogins: 0, lockedUntil: null }),
        },
      );
      if (dto.regionIds) await this.replaceRegions(tx, id, dto.regionIds);
    });
    // This instance forgets her now; the others when the database's announcement reaches them.
    this.callers.forgetUser(id);
    // Access tokens die with the next request (the guard re-reads `active`); logins end here.
    if (dto.active === false || passwordHash !== undefined) await this.tokens.revokeAllOf(id);
    return this.get(id);
  }

  /** The first admin, from ADMIN_EMAIL/ADMIN_PASSWORD; an existing account is left as it is. */
  async ensureAdmin(credentials: { email: string; password: string }): Promise<boolean> {
    const passwordHash = await this.passwords.hash(credentials.password);
    const { raw } = await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: credentials.email, name: 'Administrator', role: 'admin', passwordHash })
      .orIgnore()
      .returning('id')
      .execute();
    return (raw as unknown[]).length > 0;
  }

  /**
   * Decided on the active admins' rows, locked in id order inside the write's transaction: two
   * admins deactivating each other at once queue here, and the second finds the first's change
   * committed and the admin she deactivates the last one. A check before the transaction would let
   * both pass.
   */
  private async assertAnAdminRemains(
    tx: EntityManager,
    id: string,
    dto: UpdateUserDto,
    caller: Caller,
  ): Promise<void> {
    if (!mayRemoveAnAdmin(dto)) return;
    const admins = await tx
      .withRepository(this.users)
      .createQueryBuilder('u')
      .select('u.id')
      .where(`u.role = 'admin' AND u.active`)
      .orderBy('u.id')
      .setLock('pessimistic_write')
      .getMany();
    const targetIsActiveAdmin = admins.some((admin) => admin.id === id);
    const decision = decideAdminChange(dto, {
      targetIsActiveAdmin,
      otherActiveAdmins: admins.length - (targetIsActiveAdmin ? 1 : 0),
      self: caller.kind === 'user' && caller.id === id,
    });
    switch (decision.kind) {
      case 'allowed':
        return;
      case 'last-admin':
        throw Problems.conflict(
          'last-admin',
          `The last active admin cannot be ${decision.fields
            .map((field) => ADMIN_REMOVALS[field])
            .join(' or ')}; make another user an admin first.`,
          decision.fields.map((field) => ({ field, message: ADMIN_CHANGE_MESSAGES[field] })),
        );
      case 'self-deactivation':
        throw Problems.conflict(
          'self-deactivation',
          'An admin cannot deactivate herself (`active`); another admin can.',
          [{ field: 'active', message: ADMIN_CHANGE_MESSAGES.selfDeactivation }],
        );
    }
  }

  private async regionIdsOf(userIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (userIds.length === 0) return result;
    const rows = await this.assignments.find({
      where: { userId: In(userIds) },
      order: { regionId: 'ASC' },
    });
    for (const row of rows) result.set(row.userId, [...(result.get(row.userId) ?? []), row.regionId]);
    return result;
  }

  private async replaceRegions(tx: EntityManager, userId: string, regionIds: readonly string[]) {
    const assignments = tx.withRepository(this.assignments);
    await assignments.delete({ userId });
    if (regionIds.length > 0) {
      await assignments.insert(regionIds.map((regionId) => ({ userId, regionId })));
    }
  }
}
